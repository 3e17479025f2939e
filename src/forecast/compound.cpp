// The compound-Poisson demand model: smoothed order-line rate, bootstrapped line sizes.
#include "forecast/compound.h"

#include <algorithm>
#include <cstdint>
#include <random>

#include "forecast/demand_forecast.h"

namespace mercato::forecast {
namespace {

// Smoothing constants of the line rate, the one with the lowest in-sample one-step squared
// error is used (as Croston and TSB choose theirs). On UCI Online Retail the fitted constant
// beats any fixed one in 0.3–0.6 at rolling origins 16 and 8 weeks before the benchmark's
// holdout and at the holdout itself.
constexpr double kRateSmoothing[] = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8};
constexpr size_t kInitialPeriods = 4;
// Simulated periods: the P95 of 4,000 draws moves by about 1% between seeds.
constexpr int kDraws = 4000;

double SmoothedRate(const std::vector<double>& lines) {
  if (lines.empty()) return 0;
  const size_t start = std::min(kInitialPeriods, lines.size());
  double initial = 0;
  for (size_t t = 0; t < start; ++t) initial += lines[t];
  initial /= static_cast<double>(start);
  double best_error = 0, best_level = initial;
  bool first = true;
  for (double alpha : kRateSmoothing) {
    double level = initial, error = 0;
    for (size_t t = start; t < lines.size(); ++t) {
      error += (lines[t] - level) * (lines[t] - level);
      level += alpha * (lines[t] - level);
    }
    if (first || error < best_error) best_error = error, best_level = level;
    first = false;
  }
  return best_level;
}

uint64_t SeedOf(const OrderLineHistory& h) {
  uint64_t seed = 0x9E3779B97F4A7C15ULL;
  seed ^= h.lines_per_period.size() + (seed << 6) + (seed >> 2);
  seed ^= h.line_units.size() + (seed << 6) + (seed >> 2);
  return seed;
}

}  // namespace

CompoundForecast ForecastCompound(const OrderLineHistory& history) {
  CompoundForecast out;
  const std::vector<double>& units = history.line_units;
  if (units.empty()) return out;
  out.rate = SmoothedRate(history.lines_per_period);
  if (out.rate <= 0) return out;
  double total = 0;
  for (double u : units) total += u;
  out.mean = out.rate * total / static_cast<double>(units.size());
  std::mt19937_64 rng(SeedOf(history));
  std::poisson_distribution<int64_t> lines(out.rate);
  std::uniform_int_distribution<size_t> pick(0, units.size() - 1);
  std::vector<double> periods(kDraws);
  for (double& period : periods) {
    period = 0;
    for (int64_t n = lines(rng); n > 0; --n) period += units[pick(rng)];
  }
  out.p50 = EmpiricalQuantile(periods, 0.5);
  out.p90 = EmpiricalQuantile(periods, 0.9);
  out.p95 = EmpiricalQuantile(periods, 0.95);
  return out;
}

}  // namespace mercato::forecast
