// Tests of the compound-Poisson demand model: rate, mean and quantiles of a planted process.
#include "forecast/compound.h"

#include <gtest/gtest.h>

#include <random>

namespace mercato::forecast {
namespace {

// `periods` periods of Poisson(rate) order lines, each of 1 or 19 units with equal odds.
OrderLineHistory Planted(double rate, int periods, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::poisson_distribution<int> lines(rate);
  std::bernoulli_distribution big(0.5);
  OrderLineHistory h;
  for (int t = 0; t < periods; ++t) {
    const int n = lines(rng);
    h.lines_per_period.push_back(n);
    for (int k = 0; k < n; ++k) h.line_units.push_back(big(rng) ? 19.0 : 1.0);
  }
  return h;
}

TEST(Compound, RecoversAPlantedProcessAndCoversFreshPeriods) {
  const OrderLineHistory history = Planted(3.0, 300, 1);
  const CompoundForecast f = ForecastCompound(history);
  EXPECT_NEAR(f.rate, 3.0, 0.6);
  EXPECT_NEAR(f.mean, 30.0, 6.0);  // 3 lines × 10 units
  EXPECT_LT(f.p50, f.p90);
  EXPECT_LE(f.p90, f.p95);
  // Periods drawn afresh from the planted process fall at or below the P90 about 90% of the
  // time and at or below the P50 about half the time.
  const OrderLineHistory fresh = Planted(3.0, 4000, 2);
  size_t below50 = 0, below90 = 0, next = 0;
  for (double n : fresh.lines_per_period) {
    double period = 0;
    for (int k = 0; k < static_cast<int>(n); ++k) period += fresh.line_units[next++];
    below50 += period <= f.p50;
    below90 += period <= f.p90;
  }
  EXPECT_NEAR(static_cast<double>(below90) / 4000, 0.9, 0.04);
  EXPECT_NEAR(static_cast<double>(below50) / 4000, 0.55, 0.1);  // a lattice: ties sit at P50
}

TEST(Compound, RateFollowsALevelShift) {
  OrderLineHistory h;
  for (int t = 0; t < 30; ++t) h.lines_per_period.push_back(1);
  for (int t = 0; t < 10; ++t) h.lines_per_period.push_back(6);
  h.line_units.assign(90, 2.0);
  const CompoundForecast f = ForecastCompound(h);
  // The fitted smoothing constant is the largest: the level is almost at the new rate.
  EXPECT_GT(f.rate, 5.9);
  EXPECT_DOUBLE_EQ(f.mean, 2.0 * f.rate);
}

TEST(Compound, ReproducibleAndZeroWithoutLines) {
  // One line of 3 units every 4th period: a rate near 0.25 lines per period.
  OrderLineHistory history;
  for (int t = 0; t < 52; ++t) history.lines_per_period.push_back(t % 4 == 3 ? 1 : 0);
  history.line_units.assign(13, 3.0);
  const CompoundForecast a = ForecastCompound(history), b = ForecastCompound(history);
  EXPECT_EQ(a.p50, b.p50);
  EXPECT_EQ(a.p95, b.p95);
  EXPECT_NEAR(a.rate, 0.25, 0.1);
  EXPECT_EQ(a.p50, 0.0);  // most periods have no line
  EXPECT_EQ(a.p95, 3.0);  // P(N <= 1) is about 0.97
  const CompoundForecast none = ForecastCompound({{0, 0, 0}, {}});
  EXPECT_EQ(none.mean, 0.0);
  EXPECT_EQ(none.p95, 0.0);
  const CompoundForecast stopped = ForecastCompound({{0, 0, 0, 0, 0}, {4.0}});
  EXPECT_EQ(stopped.rate, 0.0);
  EXPECT_EQ(stopped.p95, 0.0);
}

}  // namespace
}  // namespace mercato::forecast
