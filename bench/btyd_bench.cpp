// Speed of the buy-till-you-die models on a large customer base: BG/NBD fit and per-customer
// scoring (P(alive), expected purchases, chance of buying) on simulated customers, as JSON.
// Usage: mercato_btyd_bench [customers] [repeats]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <vector>

#include "customers/btyd_model.h"
#include "customers/simulation.h"

namespace {

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

}  // namespace

int main(int argc, char** argv) {
  using namespace mercato::customers;
  const int customers = argc > 1 ? std::atoi(argv[1]) : 1000000;
  const int repeats = argc > 2 ? std::atoi(argv[2]) : 3;
  // CDNOW's published BG/NBD parameters (weeks); cohorts observed for 1..104 weeks.
  const BgNbdParams truth{0.243, 4.414, 0.793, 2.426};
  std::vector<CustomerSummary> data;
  data.reserve(customers);
  constexpr int kCohorts = 104;
  for (int w = 1; w <= kCohorts; ++w) {
    const int n = customers / kCohorts + (w <= customers % kCohorts ? 1 : 0);
    auto cohort = SimulateBgNbd(truth, n, w, 1000 + w);
    data.insert(data.end(), cohort.begin(), cohort.end());
  }
  std::vector<double> fit_seconds, score_seconds;
  BtydModel model;
  for (int r = 0; r < repeats; ++r) {
    const auto start = std::chrono::steady_clock::now();
    auto fitted = FitBtyd(BtydKind::kBgNbd, data);
    fit_seconds.push_back(Seconds(start));
    if (!fitted.ok()) {
      std::fprintf(stderr, "%s\n", fitted.status().message().c_str());
      return 1;
    }
    model = *fitted;
  }
  std::vector<double> p_alive(data.size()), expected(data.size()), chance(data.size());
  for (int r = 0; r < repeats; ++r) {
    const auto start = std::chrono::steady_clock::now();
#pragma omp parallel for schedule(dynamic, 4096)
    for (size_t i = 0; i < data.size(); ++i) {
      p_alive[i] = model.ProbabilityAlive(data[i]);
      expected[i] = model.ExpectedPurchases(data[i], 39);
      chance[i] = model.ProbabilityOfPurchase(data[i], 39);
    }
    score_seconds.push_back(Seconds(start));
  }
  std::sort(fit_seconds.begin(), fit_seconds.end());
  std::sort(score_seconds.begin(), score_seconds.end());
  double total = 0;
  for (double e : expected) total += e;
  const nlohmann::json j = {
      {"customers", data.size()},
      {"fit_seconds_median", fit_seconds[fit_seconds.size() / 2]},
      {"score_seconds_median", score_seconds[score_seconds.size() / 2]},
      {"fit",
       {{"r", model.params[0]},
        {"alpha", model.params[1]},
        {"a", model.params[2]},
        {"b", model.params[3]},
        {"converged", model.diagnostics.converged},
        {"iterations", model.diagnostics.iterations}}},
      {"truth", {{"r", truth.r}, {"alpha", truth.alpha}, {"a", truth.a}, {"b", truth.b}}},
      {"expected_purchases_39_weeks_total", total}};
  std::printf("%s\n", j.dump(2).c_str());
  return 0;
}
