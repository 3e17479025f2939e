// Times experiments: `mercato_experiment_bench DB [EXPOSURES] [ORDERS]` builds (when DB does not
// exist) a store with one running experiment, EXPOSURES exposed customers and ORDERS orders of
// one line each (written directly through the Store in one transaction), then prints JSON with
// the wall and CPU seconds of the report (reading the orders, attribution and analysis, as
// `mercato experiments report` runs it) and the nanoseconds per assignment call.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "app/experiment_actions.h"
#include "experiment/assignment.h"
#include "store/open_store.h"

namespace {

using Clock = std::chrono::steady_clock;
using mercato::Status;

constexpr mercato::Timestamp kStart = 1780000000;
constexpr mercato::Timestamp kDay = 86400;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

// CPU seconds this process has used so far (every thread), user and system.
struct CpuSeconds {
  double user = 0, system = 0;
};

CpuSeconds CpuNow() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return {seconds(usage.ru_utime), seconds(usage.ru_stime)};
}

// A deterministic pseudo-random stream (splitmix64).
uint64_t Next(uint64_t& state) {
  uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

Status Build(const std::string& db, int64_t exposures, int64_t orders) {
  auto opened = mercato::OpenStore(db);
  if (!opened.ok()) return opened.status();
  mercato::Store& store = **opened;
  auto created = mercato::app::CreateExperiment(
      store, {{{"key", "bench"},
               {"status", "running"},
               {"variants", {{{"name", "control"}}, {{"name", "treatment"}}}},
               {"started_at", "2026-05-28T00:00:00Z"}},
              kStart});
  if (!created.ok()) return created.status();
  const auto assigner = mercato::experiment::Assigner::Create(created->definition.Assignment());
  RETURN_IF_ERROR(store.Begin());
  for (int i = 0; i < 100; ++i) {
    mercato::Product p;
    p.sku = "SKU-" + std::to_string(i);
    p.price = 10 + i;
    if (i % 2 == 0) p.cost = 4 + i / 2;
    RETURN_IF_ERROR(store.Put(&p));
  }
  uint64_t rng = 42;
  std::vector<mercato::Exposure> batch;
  for (int64_t i = 0; i < exposures; ++i) {
    const std::string unit = "C" + std::to_string(i);
    const auto a = assigner->Assign(unit);
    batch.push_back({unit, a.variant == 0 ? "control" : "treatment",
                     kStart + static_cast<int64_t>(Next(rng) % (28 * kDay))});
    if (batch.size() == 100000 || i + 1 == exposures) {
      auto written = store.RecordExposures("bench", batch);
      if (!written.ok()) return written.status();
      batch.clear();
    }
  }
  for (int64_t i = 0; i < orders; ++i) {
    mercato::Order o;
    o.id = "O" + std::to_string(i);
    o.customer_id = "C" + std::to_string(Next(rng) % static_cast<uint64_t>(exposures));
    o.ts = kStart - 28 * kDay + static_cast<int64_t>(Next(rng) % (70 * kDay));
    if (i % 10 == 0) o.discount_total = 2;
    RETURN_IF_ERROR(store.Put(&o));
    mercato::OrderLine l;
    l.order_id = o.id;
    l.line_no = 1;
    const int item = static_cast<int>(Next(rng) % 100);
    l.sku = "SKU-" + std::to_string(item);
    l.quantity = 1 + static_cast<int64_t>(Next(rng) % 3);
    l.unit_price = 10 + item;
    RETURN_IF_ERROR(store.Put(&l));
  }
  return store.Commit();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DB [EXPOSURES] [ORDERS]\n", argv[0]);
    return 2;
  }
  const std::string db = argv[1];
  const int64_t exposures = argc > 2 ? std::atoll(argv[2]) : 5000000;
  const int64_t orders = argc > 3 ? std::atoll(argv[3]) : 5000000;
  double build_seconds = 0;
  if (!std::filesystem::exists(db)) {
    const auto start = Clock::now();
    const Status built = Build(db, exposures, orders);
    if (!built.ok()) {
      std::fprintf(stderr, "%s\n", built.ToString().c_str());
      return 1;
    }
    build_seconds = Seconds(start);
  }

  const CpuSeconds cpu_before = CpuNow();
  const auto start = Clock::now();
  auto report = mercato::app::ReportExperiment({db, "bench", kStart + 40 * kDay, 0.05});
  const double report_seconds = Seconds(start);
  const CpuSeconds cpu_after = CpuNow();
  if (!report.ok()) {
    std::fprintf(stderr, "%s\n", report.status().ToString().c_str());
    return 1;
  }

  // Assignment: the hash, traffic and variant choice per call, on distinct unit ids.
  const auto assigner =
      mercato::experiment::Assigner::Create(report->experiment.definition.Assignment());
  std::vector<std::string> units;
  constexpr int kCalls = 2000000;
  units.reserve(kCalls);
  for (int i = 0; i < kCalls; ++i) units.push_back("customer-" + std::to_string(i));
  int64_t in_treatment = 0;
  const auto assign_start = Clock::now();
  for (const std::string& u : units) in_treatment += assigner->Assign(u).variant;
  const double assign_ns = Seconds(assign_start) / kCalls * 1e9;

  int64_t units_analysed = 0;
  for (int64_t n : report->analysis.units_per_variant) units_analysed += n;
  std::printf(
      "{\"exposures\": %lld, \"orders\": %lld, \"events\": %lld, \"build_seconds\": %.1f, "
      "\"report_seconds\": %.3f, \"report_user_seconds\": %.3f, \"report_system_seconds\": "
      "%.3f, \"units_analysed\": %lld, \"verdict\": \"%s\", "
      "\"assign_ns_per_call\": %.1f, \"assign_treatment_share\": %.4f}\n",
      static_cast<long long>(exposures), static_cast<long long>(orders),
      static_cast<long long>(exposures + orders), build_seconds, report_seconds,
      cpu_after.user - cpu_before.user, cpu_after.system - cpu_before.system,
      static_cast<long long>(units_analysed), report->analysis.verdict.c_str(), assign_ns,
      static_cast<double>(in_treatment) / kCalls);
  return 0;
}
