// Tests of the global boosted-trees demand model: it learns a planted promotion lift across
// series, beats the moving average when covariates explain demand, and is deterministic.
#include "forecast/global_model.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "forecast/demand_backtest.h"

namespace mercato::forecast {
namespace {

constexpr int kWeeks = 60, kHorizon = 4, kSeries = 120;
constexpr double kLift = 2.0;  // planted: demand doubles in promotion weeks

// Series i: level 5 + i/4, ±10% deterministic noise, ×kLift in weeks where (t + i) % 5 == 0,
// which the covariates record as a 30%-off promotion (also over the horizon).
struct Planted {
  DemandPanel panel;
  PanelCovariates cov;
};

Planted Make() {
  Planted p;
  p.panel.first = 2000;
  p.panel.end = 2000 + kWeeks;
  p.cov.first = p.panel.first;
  p.cov.end = p.panel.end + kHorizon;
  const size_t width = static_cast<size_t>(p.cov.end - p.cov.first);
  p.cov.holidays.assign(width, 0.0f);
  uint64_t state = 12345;
  for (int i = 0; i < kSeries; ++i) {
    DemandSeries s;
    s.sku = "S" + std::to_string(i);
    s.first = p.panel.first;
    std::vector<float> promo(width, 0.0f);
    for (size_t t = 0; t < width; ++t) promo[t] = (t + size_t(i)) % 5 == 0 ? 0.3f : 0.0f;
    for (int t = 0; t < kWeeks; ++t) {
      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      const double noise = 0.9 + 0.2 * static_cast<double>(state >> 11) / 9007199254740992.0;
      const double level = 5 + i / 4.0;
      s.sales.push_back(std::round(level * noise * (promo[size_t(t)] > 0 ? kLift : 1.0)));
    }
    s.returns.assign(s.sales.size(), 0.0);
    p.panel.series.push_back(s);
    p.cov.promo.push_back(promo);
    p.cov.price.emplace_back(width, std::numeric_limits<float>::quiet_NaN());
    p.cov.list_price.push_back(std::numeric_limits<float>::quiet_NaN());
  }
  return p;
}

GlobalModelSettings Small() {
  GlobalModelSettings g;
  g.rounds = 150;
  g.train_origins = 20;
  return g;
}

TEST(GlobalModel, RecoversPlantedPromotionLiftWithin15Percent) {
  const Planted p = Make();
  DemandForecastSettings s;
  s.horizon = kHorizon;
  const GlobalForecasts f = ForecastGlobal(p.panel, &p.cov, p.panel.end, s, Small()).value();
  ASSERT_EQ(f.global.size(), size_t(kSeries));
  double on = 0, off = 0, on_level = 0, off_level = 0;
  for (int i = 0; i < kSeries; ++i) {
    const DemandForecast& g = f.global[size_t(i)];
    EXPECT_EQ(g.model, "global");
    ASSERT_EQ(g.mean.size(), size_t(kHorizon));
    for (int k = 0; k < kHorizon; ++k) {
      const bool promo = p.cov.promo[size_t(i)][size_t(kWeeks + k)] > 0;
      (promo ? on : off) += g.mean[size_t(k)];
      (promo ? on_level : off_level) += 5 + i / 4.0;
      EXPECT_GE(g.p95[size_t(k)], g.p50[size_t(k)]);
    }
  }
  // Lift = (forecast / level) on promotion over off promotion; planted 2.0, tolerance ±15%.
  const double lift = (on / on_level) / (off / off_level);
  EXPECT_NEAR(lift, kLift, 0.15 * kLift);
  // Deterministic: the same data, settings and seed give the same forecasts.
  const GlobalForecasts again = ForecastGlobal(p.panel, &p.cov, p.panel.end, s, Small()).value();
  for (int i = 0; i < kSeries; ++i)
    EXPECT_EQ(again.global[size_t(i)].mean, f.global[size_t(i)].mean);
}

TEST(GlobalModel, BacktestBeatsMovingAverageAndEnsembleWeighsTheGlobalModel) {
  const Planted p = Make();
  DemandBacktestSettings s;
  s.forecast.horizon = kHorizon;
  s.origins = 2;
  s.models = {"ma", "class", "global", "ensemble"};
  s.global = Small();
  s.covariates = &p.cov;
  const DemandBacktestResult r = BacktestDemand(p.panel, s).value();
  const double ma = r.models.at("ma").wape, global = r.models.at("global").wape;
  // MA(4) cannot see promotions: about a third of its error is the lift it misses.
  EXPECT_LT(global, 0.5 * ma) << "global " << global << " ma " << ma;
  EXPECT_LT(r.models.at("ensemble").wape, r.models.at("class").wape);
  EXPECT_EQ(r.ensemble_weights.at("smooth"), 1.0);
  EXPECT_EQ(r.models.at("global").forecasts, r.models.at("ma").forecasts);
  bool promo_feature_used = false;
  for (const auto& [name, gain] : r.feature_gain) promo_feature_used |= name == "promo" && gain > 0;
  EXPECT_TRUE(promo_feature_used);
}

TEST(GlobalModel, ArgumentErrors) {
  const Planted p = Make();
  DemandForecastSettings s;
  s.horizon = kHorizon;
  EXPECT_EQ(ForecastGlobal(p.panel, &p.cov, p.panel.end + 1, s, Small()).status().code(),
            StatusCode::kInvalidArgument);
  PanelCovariates short_cov = p.cov;
  short_cov.end = p.panel.end;  // does not cover the horizon
  EXPECT_EQ(ForecastGlobal(p.panel, &short_cov, p.panel.end, s, Small()).status().code(),
            StatusCode::kInvalidArgument);
  GlobalModelSettings bad = Small();
  bad.eta = 0;
  EXPECT_EQ(ForecastGlobal(p.panel, &p.cov, p.panel.end, s, bad).status().code(),
            StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace mercato::forecast
