// Tests of ETS estimation and automatic selection on simulated series.
#include "forecast/ets.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace mercato::forecast {
namespace {

std::vector<double> SimulateSes(double alpha, int n, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> noise(0, 1);
  std::vector<double> y;
  double level = 50;
  for (int t = 0; t < n; ++t) {
    const double e = noise(rng);
    y.push_back(level + e);
    level += alpha * e;
  }
  return y;
}

std::vector<double> Seasonal(int n, unsigned seed, double amplitude) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> noise(0, 2);
  std::vector<double> y;
  for (int t = 0; t < n; ++t)
    y.push_back(100 + amplitude * std::sin(2 * M_PI * t / 12) + noise(rng));
  return y;
}

TEST(EtsTest, RecoversAlphaOfASimulatedSesProcess) {
  const EtsSpec ann{ErrorType::kAdditive, TrendType::kNone, SeasonType::kNone};
  for (double alpha : {0.2, 0.6}) {
    const std::optional<EtsModel> fit = FitEts(SimulateSes(alpha, 2000, 42), 1, ann);
    ASSERT_TRUE(fit.has_value());
    EXPECT_NEAR(fit->alpha, alpha, 0.05) << "alpha " << alpha;
  }
}

TEST(EtsTest, SelectsASeasonalModelOnlyForASeasonalSeries) {
  const std::optional<EtsModel> seasonal = FitAutoEts(Seasonal(144, 3, 20), 12);
  ASSERT_TRUE(seasonal.has_value());
  EXPECT_NE(seasonal->spec.season, SeasonType::kNone) << seasonal->spec.Name();
  const std::vector<double> f = seasonal->Forecast(12);
  EXPECT_NEAR(f[2], 100 + 20 * std::sin(2 * M_PI * 146 / 12), 5.0);

  const std::optional<EtsModel> noise = FitAutoEts(Seasonal(144, 4, 0), 12);
  ASSERT_TRUE(noise.has_value());
  EXPECT_EQ(noise->spec.season, SeasonType::kNone) << noise->spec.Name();
  EXPECT_EQ(noise->spec.trend, TrendType::kNone) << noise->spec.Name();
}

TEST(EtsTest, DampedTrendForecastsFollowTheTrend) {
  std::vector<double> y;
  for (int t = 0; t < 60; ++t) y.push_back(10 + 2.0 * t + std::sin(t));
  const std::optional<EtsModel> fit =
      FitEts(y, 1, EtsSpec{ErrorType::kAdditive, TrendType::kDamped, SeasonType::kNone});
  ASSERT_TRUE(fit.has_value());
  EXPECT_GE(fit->phi, 0.8);
  EXPECT_LE(fit->phi, 0.98);
  const std::vector<double> f = fit->Forecast(3);
  EXPECT_GT(f[0], y.back());
  EXPECT_GT(f[2], f[0]);
  EXPECT_EQ(fit->spec.Name(), "ETS(A,Ad,N)");
}

TEST(EtsTest, ShortConstantAndNonPositiveSeries) {
  EXPECT_FALSE(FitEts({1, 2, 3}, 1, EtsSpec{}).has_value());
  EXPECT_FALSE(FitEts({1, 2, 0, 3, 4, 5, 6, 7}, 1,
                      EtsSpec{ErrorType::kMultiplicative, TrendType::kNone, SeasonType::kNone})
                   .has_value());
  const std::optional<EtsModel> flat = FitAutoEts(std::vector<double>(20, 7.0), 1);
  ASSERT_TRUE(flat.has_value());
  EXPECT_EQ(flat->Forecast(2), (std::vector<double>{7.0, 7.0}));
  EXPECT_FALSE(FitAutoEts({}, 1).has_value());
}

TEST(EtsTest, IsDeterministic) {
  const std::vector<double> y = Seasonal(96, 9, 10);
  const std::optional<EtsModel> a = FitAutoEts(y, 12), b = FitAutoEts(y, 12);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->spec.Name(), b->spec.Name());
  EXPECT_EQ(a->aicc, b->aicc);
  EXPECT_EQ(a->Forecast(12), b->Forecast(12));
}

}  // namespace
}  // namespace mercato::forecast
