// Tests of rolling-origin demand backtests: metric values, censored periods, classes, errors.
#include "forecast/demand_backtest.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace mercato::forecast {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

DemandPanel Panel() {
  DemandPanel panel;
  panel.first = 100;
  panel.end = 106;
  DemandSeries a;
  a.sku = "A";
  a.first = 100;
  a.sales = {1, 2, 3, 4, 5, 6};
  DemandSeries b;
  b.sku = "B";
  b.first = 100;
  b.sales = {2, 2, kNaN, 2, 2, kNaN};
  panel.series = {a, b};
  return panel;
}

TEST(BacktestDemand, NaiveMetricsByHand) {
  DemandBacktestSettings s;
  s.forecast.horizon = 2;
  s.models = {"naive", "ma"};
  const DemandBacktestResult r = BacktestDemand(Panel(), s).value();
  EXPECT_EQ(r.series, 2u);
  const Accuracy& naive = r.models.at("naive");
  EXPECT_EQ(naive.forecasts, 2u);
  EXPECT_EQ(naive.periods, 3u);  // B's censored last week is left out
  EXPECT_DOUBLE_EQ(naive.wape, 3.0 / 13.0);
  EXPECT_DOUBLE_EQ(naive.bias, -3.0 / 13.0);
  EXPECT_DOUBLE_EQ(naive.mase, 1.5);  // only A has a scale
  EXPECT_DOUBLE_EQ(naive.rmsse, std::sqrt(2.5));
  EXPECT_NEAR(naive.smape, (100.0 * (1.0 / 9 + 2.0 / 10) + 0.0) / 2, 1e-9);
  const SkuAccuracy& a = r.skus[0];
  EXPECT_EQ(a.sku, "A");
  EXPECT_DOUBLE_EQ(a.models.at("ma").wape, (2.5 + 3.5) / 11.0);  // MA of 1..4 is 2.5
  EXPECT_EQ(r.by_class.at("smooth").at("naive").forecasts, 2u);
  EXPECT_GE(naive.coverage_p95, naive.coverage_p50);
}

TEST(BacktestDemand, ThreadsDoNotChangeResults) {
  DemandPanel panel = Panel();
  for (int k = 0; k < 40; ++k) {  // more series than threads
    DemandSeries s = panel.series[k % 2];
    s.sku += std::to_string(k);
    for (double& v : s.sales) v += k % 7;
    panel.series.push_back(s);
  }
  DemandBacktestSettings s;
  s.forecast.horizon = 2;
  s.models = {"select", "ets"};
  const DemandBacktestResult one = BacktestDemand(panel, s).value();
  s.threads = 3;
  const DemandBacktestResult three = BacktestDemand(panel, s).value();
  for (const std::string& model : s.models) {
    EXPECT_EQ(one.models.at(model).wape, three.models.at(model).wape);
    EXPECT_EQ(one.models.at(model).pinball, three.models.at(model).pinball);
    EXPECT_EQ(one.models.at(model).mase, three.models.at(model).mase);
  }
  ASSERT_EQ(one.skus.size(), three.skus.size());
  EXPECT_EQ(one.skus.back().sku, three.skus.back().sku);
}

TEST(BacktestDemand, OriginsAndErrors) {
  DemandBacktestSettings s;
  s.forecast.horizon = 2;
  s.origins = 3;
  s.models = {"select"};
  const DemandBacktestResult r = BacktestDemand(Panel(), s).value();
  EXPECT_EQ(r.models.at("select").forecasts, 6u);
  size_t chosen = 0;
  for (const auto& [model, count] : r.chosen.at("select")) chosen += count;
  EXPECT_EQ(chosen, 6u);
  s.origins = 5;
  EXPECT_EQ(BacktestDemand(Panel(), s).status().code(), StatusCode::kInvalidArgument);
  s.origins = 1;
  s.models = {"prophet"};
  EXPECT_EQ(BacktestDemand(Panel(), s).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace mercato::forecast
