// Times experiment::Analyze: `mercato_experiment_stats_bench [UNITS] [REPEATS]` builds UNITS
// exposed units (default 10 million; two arms, 28 days of exposures, 10% buyers with log-normal
// baskets) and prints JSON with the median seconds of Analyze with the default metrics (revenue
// per visitor with CUPED and winsorizing, conversion, AOV by the delta method, orders per
// customer, 28 daily looks) beside a reference: one pass summing revenue per arm over the same
// units, the floor any analysis pays to read them.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

#include "experiment/analysis.h"

namespace {

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

template <class F>
double Seconds(F&& f) {
  const auto start = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  using namespace mercato::experiment;
  const long long units = argc > 1 ? std::atoll(argv[1]) : 10000000;
  const int repeats = argc > 2 ? std::max(1, std::atoi(argv[2])) : 3;
  ExperimentData data;
  data.variants = {{"control", 0.5}, {"treatment", 0.5}};
  data.days_running = 28;
  data.units.resize(static_cast<size_t>(units));
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> uniform;
  std::lognormal_distribution<double> basket(3.5, 0.9);
  for (long long i = 0; i < units; ++i) {
    UnitOutcome& u = data.units[static_cast<size_t>(i)];
    u.variant = uniform(rng) < 0.5 ? 0 : 1;
    u.exposure_day = static_cast<int32_t>(uniform(rng) * 28);
    if (uniform(rng) < 0.1) {
      u.orders = uniform(rng) < 0.15 ? 2 : 1;
      u.revenue = basket(rng) * u.orders * (u.variant == 1 ? 1.02 : 1.0);
      u.margin = 0.4 * u.revenue;
    }
    if (uniform(rng) < 0.1) u.pre_revenue = basket(rng);
  }
  std::vector<double> analyze_s, reference_s;
  std::string verdict;
  for (int r = 0; r < repeats; ++r) {
    double sums[2] = {0, 0};
    reference_s.push_back(Seconds([&] {
      for (const UnitOutcome& u : data.units) sums[u.variant] += u.revenue;
    }));
    if (!(sums[0] + sums[1] > 0)) return 1;  // keeps the reference pass
    analyze_s.push_back(Seconds([&] {
      auto a = Analyze(data, {});
      if (!a.ok()) {
        std::fprintf(stderr, "%s\n", a.status().ToString().c_str());
        std::exit(1);
      }
      verdict = a->verdict;
    }));
  }
  const double analyze = Median(analyze_s);
  const double reference = Median(reference_s);
  std::printf(
      "{\"units\": %lld, \"metrics\": 4, \"looks\": 28, \"analyze_median_seconds\": %.4f, "
      "\"reference_sum_median_seconds\": %.4f, \"ratio_to_reference\": %.1f, "
      "\"units_per_second\": %.0f, \"verdict\": \"%s\"}\n",
      units, analyze, reference, analyze / reference, static_cast<double>(units) / analyze,
      verdict.c_str());
  return 0;
}
