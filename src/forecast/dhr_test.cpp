// Dynamic harmonic regression: planted trends, sinusoids and regressors recovered, the number of
// harmonics AICc picks, the periods per season length and the fallbacks.
#include "forecast/dhr.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <random>
#include <vector>

namespace mercato::forecast {
namespace {

constexpr double kTwoPi = 2 * std::numbers::pi;

// Uniform noise in [-0.5, 0.5), the same on every platform: std::mt19937's output sequence is
// fixed by the standard.
std::vector<double> Noise(int n) {
  std::mt19937 gen(7);
  std::vector<double> out;
  for (int t = 0; t < n; ++t) out.push_back(static_cast<double>(gen()) / 4294967296.0 - 0.5);
  return out;
}

TEST(DhrPeriods, FollowTheSeasonLength) {
  // Weekly: 365.25 / 7 = 52.178571… weeks a year; daily: the week and the year.
  EXPECT_EQ(DhrPeriods(52), std::vector<double>{365.25 / 7});
  EXPECT_EQ(DhrPeriods(7), (std::vector<double>{7, 365.25}));
  EXPECT_EQ(DhrPeriods(12), std::vector<double>{12});
  EXPECT_TRUE(DhrPeriods(1).empty());
}

TEST(FitDhr, RecoversTrendAndTwoHarmonicsOfAnExactSeries) {
  // y_t = 10 + 0.5 t + 3 sin(2πt/12) + 2 cos(2π·2t/12), t = 1..60: the model holds it exactly
  // with K = 2, so the coefficients are the planted ones, K = 1 leaves the second harmonic's
  // 2²·60/2 = 120 in the residuals, and K > 2 only adds penalty.
  std::vector<double> y;
  auto truth = [](int t) {
    return 10 + 0.5 * t + 3 * std::sin(kTwoPi * t / 12) + 2 * std::cos(kTwoPi * 2 * t / 12);
  };
  for (int t = 1; t <= 60; ++t) y.push_back(truth(t));
  const std::optional<DhrModel> m = FitDhr(y, {12});
  ASSERT_TRUE(m);
  EXPECT_EQ(m->harmonics, std::vector<int>{2});
  ASSERT_EQ(m->coef.size(), 6u);
  const double expected[] = {10, 0.5, 3, 0, 0, 2};
  for (size_t i = 0; i < 6; ++i) EXPECT_NEAR(m->coef[i], expected[i], 1e-8) << i;
  const std::vector<double> f = m->Forecast(12);
  for (int j = 0; j < 12; ++j) EXPECT_NEAR(f[j], truth(61 + j), 1e-6) << j;
}

TEST(FitDhr, PicksThePlantedHarmonicsOfAFractionalPeriod) {
  // Five years of weekly data at period 52.18 with 3 planted harmonics (amplitudes 6, 4, 2)
  // and noise of standard deviation 1/√12 ≈ 0.29: the third harmonic's 2²·260/2 = 520 of
  // explained squares dwarfs the AICc's 4-per-pair penalty; a fourth explains only noise.
  const double p = 365.25 / 7;
  const std::vector<double> noise = Noise(260);
  std::vector<double> y;
  for (int t = 1; t <= 260; ++t) {
    y.push_back(50 + 0.1 * t + 6 * std::sin(kTwoPi * t / p) + 4 * std::cos(kTwoPi * 2 * t / p) +
                2 * std::sin(kTwoPi * 3 * t / p) + noise[t - 1]);
  }
  const std::optional<DhrModel> m = FitDhr(y, DhrPeriods(52));
  ASSERT_TRUE(m);
  EXPECT_EQ(m->harmonics, std::vector<int>{3});
  EXPECT_NEAR(m->coef[1], 0.1, 0.01);
  EXPECT_NEAR(m->coef[2], 6, 0.1);
  EXPECT_NEAR(m->coef[5], 4, 0.1);
  EXPECT_NEAR(m->coef[6], 2, 0.1);
}

TEST(FitDhr, ChoosesNoHarmonicsWithoutASeason) {
  // A straight line: every K fits it exactly (the residual sum of squares is floored alike), so
  // the AICc's penalty, 4 more per pair, decides for K = 0.
  std::vector<double> y;
  for (int t = 1; t <= 120; ++t) y.push_back(5 + 0.2 * t);
  const std::optional<DhrModel> m = FitDhr(y, {12});
  ASSERT_TRUE(m);
  EXPECT_EQ(m->harmonics, std::vector<int>{0});
  EXPECT_NEAR(m->coef[1], 0.2, 1e-9);
}

TEST(FitDhr, AddsAVaryingRegressorAndPlacesItInTheHorizon) {
  // y_t = 20 + 0.1 t + 8·x_t with x a spike every 13th period; the horizon (periods 53..56)
  // has the spike at 53 (52 = 4·13, so 53 is index 52, a multiple of 13): 20 + 5.3 + 8 = 33.3.
  // A constant regressor is left out.
  std::vector<double> y, spike, constant(56, 1.0);
  for (int t = 1; t <= 56; ++t) spike.push_back((t - 1) % 13 == 0 ? 1 : 0);
  for (int t = 1; t <= 52; ++t) y.push_back(20 + 0.1 * t + 8 * spike[t - 1]);
  const DhrRegressors x = {constant, spike};
  const std::optional<DhrModel> m = FitDhr(y, {}, x);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->regressors, std::vector<size_t>{1});
  EXPECT_NEAR(m->coef.back(), 8, 1e-8);
  const std::vector<double> f = m->Forecast(4, x);
  EXPECT_NEAR(f[0], 33.3, 1e-6);
  EXPECT_NEAR(f[1], 25.4, 1e-6);
}

TEST(ForecastDhr, FallsBackToNaiveOnAShortSeries) {
  EXPECT_FALSE(FitDhr({1, 2, 3, 4}, {52}));
  EXPECT_EQ(ForecastDhr({1, 2, 3, 4}, 2, 52), (std::vector<double>{4, 4}));
}

TEST(ForecastDhr, RepeatsAConstant) {
  const std::vector<double> f = ForecastDhr(std::vector<double>(30, 7), 3, 7);
  ASSERT_EQ(f.size(), 3u);
  for (double v : f) EXPECT_NEAR(v, 7, 1e-9);
}

}  // namespace
}  // namespace mercato::forecast
