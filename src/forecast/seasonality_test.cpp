// Tests of the seasonality test and classical multiplicative decomposition.
#include "forecast/seasonality.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace mercato::forecast {
namespace {

TEST(SeasonalityTest, DetectsACycleAndNotNoise) {
  std::mt19937 rng(7);
  std::normal_distribution<double> noise(0, 1);
  std::vector<double> cyclic, flat;
  for (int t = 0; t < 120; ++t) {
    cyclic.push_back(100 + 10 * std::sin(2 * M_PI * t / 12) + noise(rng));
    flat.push_back(100 + noise(rng));
  }
  EXPECT_TRUE(IsSeasonal(cyclic, 12));
  EXPECT_FALSE(IsSeasonal(flat, 12));
  EXPECT_FALSE(IsSeasonal(cyclic, 1));
  EXPECT_FALSE(IsSeasonal(std::vector<double>(cyclic.begin(), cyclic.begin() + 35), 12));
}

TEST(SeasonalityTest, RecoversMultiplicativeIndices) {
  const std::vector<double> pattern{0.8, 1.2, 0.9, 1.1};
  std::vector<double> y;
  for (int t = 0; t < 40; ++t) y.push_back(50 * pattern[t % 4]);
  const std::vector<double> idx = MultiplicativeSeasonalIndices(y, 4);
  ASSERT_EQ(idx.size(), 4u);
  for (int k = 0; k < 4; ++k) EXPECT_NEAR(idx[k], pattern[k], 1e-12);
  EXPECT_EQ(MultiplicativeSeasonalIndices(y, 1), std::vector<double>{1.0});
}

TEST(SeasonalityTest, AdjustmentRoundTrips) {
  const std::vector<double> pattern{0.5, 1.5, 1.0};
  std::vector<double> y;
  for (int t = 0; t < 60; ++t) y.push_back((100 + t) * pattern[t % 3]);
  const SeasonalAdjustment sa(y, 3);
  ASSERT_TRUE(sa.seasonal());
  const std::vector<double> adjusted = sa.Adjust(y);
  EXPECT_NEAR(adjusted[10], 110, 2.0);
  // The next period (t = 60) is in position 0 of the cycle.
  const std::vector<double> f = sa.Reseasonalize({100, 100});
  EXPECT_NEAR(f[0], 50, 1.0);
  EXPECT_NEAR(f[1], 150, 1.0);
}

}  // namespace
}  // namespace mercato::forecast
