// Tests of the forecast models: known values, finiteness on awkward series, determinism.
#include "forecast/models.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "forecast/model_registry.h"

namespace mercato::forecast {
namespace {

TEST(ModelsTest, NaiveAndSeasonalNaive) {
  EXPECT_EQ(ForecastNaive({1, 2, 3}, 2, 1), (std::vector<double>{3, 3}));
  EXPECT_EQ(ForecastSeasonalNaive({1, 2, 3, 4, 5}, 5, 2), (std::vector<double>{4, 5, 4, 5, 4}));
  EXPECT_EQ(ForecastSeasonalNaive({1}, 2, 4), (std::vector<double>{1, 1}));
  // Non-seasonal data: Naive2 is naive.
  EXPECT_EQ(ForecastNaive2({1, 2, 3}, 2, 1), (std::vector<double>{3, 3}));
}

TEST(ModelsTest, Naive2ReseasonalisesTheLastAdjustedValue) {
  const std::vector<double> pattern{0.5, 1.5, 1.0, 1.0};
  std::vector<double> y;
  for (int t = 0; t < 48; ++t) y.push_back(100 * pattern[t % 4]);
  const std::vector<double> f = ForecastNaive2(y, 4, 4);
  for (int i = 0; i < 4; ++i) EXPECT_NEAR(f[i], 100 * pattern[i], 1e-9);
}

TEST(ModelsTest, ThetaIsSesWithHalfTheTrendSlope) {
  std::vector<double> y;
  for (int t = 0; t < 100; ++t) y.push_back(5 + 0.5 * t);
  const std::vector<double> f = ForecastTheta(y, 3, 1);
  // On an exact line both theta lines are the line itself; SES on it lags by about the slope.
  EXPECT_NEAR(f[1] - f[0], 0.25, 0.05);
  EXPECT_NEAR(f[0], 5 + 0.5 * 100, 1.0);
}

TEST(ModelsTest, EveryModelIsFiniteOnAwkwardSeries) {
  const std::vector<std::vector<double>> cases{
      {5},
      {1, 2},
      {0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
      std::vector<double>(30, 7.0),
      {1e-9, 2e-9, 1e-9, 3e-9, 2e-9, 1e-9, 2e-9, 4e-9, 1e-9, 2e-9, 3e-9, 1e-9},
      {-1, 2, -3, 4, -5, 6, -7, 8, -9, 10, -11, 12, -13},
      {0, 0, 3, 0, 0, 0, 1, 0, 0, 2, 0, 0, 0, 0, 5, 0},
      {1e12, 2e12, 1.5e12, 3e12, 2.5e12, 4e12, 3.5e12, 5e12, 4.5e12, 6e12},
  };
  for (const std::string& name : ModelNames()) {
    const ModelFn fn = FindModel(name);
    ASSERT_NE(fn, nullptr);
    for (int m : {1, 4}) {
      for (const std::vector<double>& y : cases) {
        const std::vector<double> f = fn(y, 6, m);
        ASSERT_EQ(f.size(), 6u) << name;
        for (double v : f) EXPECT_TRUE(std::isfinite(v)) << name << " m=" << m << " n=" << y.size();
      }
    }
  }
  EXPECT_EQ(FindModel("arima"), nullptr);
}

TEST(ModelsTest, ConstantSeriesForecastsTheConstant) {
  const std::vector<double> y(40, 3.5);
  for (const std::string& name : ModelNames()) {
    // SBA scales Croston by 1 − α/2 by design (α = 0.05 here).
    const double expected = name == "sba" ? 3.5 * 0.975 : 3.5;
    for (double v : FindModel(name)(y, 4, 1)) EXPECT_NEAR(v, expected, 1e-6) << name;
  }
}

TEST(ModelsTest, IsDeterministic) {
  std::mt19937 rng(11);
  std::normal_distribution<double> noise(0, 3);
  std::vector<double> y;
  for (int t = 0; t < 200; ++t) y.push_back(100 + 0.2 * t + noise(rng));
  for (const std::string& name : ModelNames()) {
    EXPECT_EQ(FindModel(name)(y, 13, 1), FindModel(name)(y, 13, 1)) << name;
  }
}

}  // namespace
}  // namespace mercato::forecast
