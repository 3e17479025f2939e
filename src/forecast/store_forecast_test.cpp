// Tests of the store forecast's JSON: each series' recent actuals ("history") beside its forecast,
// how the history option is read, and the yearly profile short series borrow, with hand-built
// panels.
#include "forecast/store_forecast.h"

#include <gtest/gtest.h>

#include <cmath>

namespace mercato::forecast {
namespace {

DemandForecast Flat(int horizon, double value) {
  DemandForecast f;
  f.model = "ma";
  f.mean = f.p50 = f.p90 = f.p95 = std::vector<double>(static_cast<size_t>(horizon), value);
  return f;
}

// Weekly panel over the periods [100, 104): "A" first sold in period 101 (2 units, then a
// censored week, then 5), "B" from period 100 (1, 0, 0, 3).
StoreDemand TwoSeries(int history) {
  StoreDemand demand;
  demand.panel.period = Period::kWeek;
  demand.panel.first = 100;
  demand.panel.end = 104;
  DemandSeries a;
  a.sku = "A";
  a.first = 101;
  a.sales = {2, std::nan(""), 5};
  DemandSeries b;
  b.sku = "B";
  b.first = 100;
  b.sales = {1, 0, 0, 3};
  demand.panel.series = {a, b};
  demand.products = {{"Alpha", "a", 1.0}, {"Beta", "b", 2.0}};
  demand.horizon = 2;
  demand.history = history;
  return demand;
}

std::string StartOf(int64_t period) { return FormatDay(DayOf(PeriodStart(Period::kWeek, period))); }

TEST(StoreForecastJsonTest, HistoryHoldsTheLastPeriodsActualsBeforeTheForecast) {
  const StoreDemand demand = TwoSeries(3);
  const nlohmann::json j = ForecastsJson(demand, {Flat(2, 1.0), Flat(2, 2.0)});
  ASSERT_EQ(j["forecasts"].size(), 2u);
  // The 3 periods before the panel's end: 101, 102, 103.
  const nlohmann::json& a = j["forecasts"][0]["history"];
  ASSERT_EQ(a.size(), 3u);
  EXPECT_EQ(a[0]["start"], StartOf(101));
  EXPECT_EQ(a[0]["units"], 2.0);
  EXPECT_TRUE(a[1]["units"].is_null());  // censored: out of stock, demand unknown
  EXPECT_EQ(a[2]["units"], 5.0);
  EXPECT_EQ(a[2]["start"], StartOf(103));
  // The forecast starts the period after the last actual.
  EXPECT_EQ(j["forecasts"][0]["periods"][0]["start"], StartOf(104));
  const nlohmann::json& b = j["forecasts"][1]["history"];
  ASSERT_EQ(b.size(), 3u);
  EXPECT_EQ(b[0]["units"], 0.0);
  EXPECT_EQ(b[1]["units"], 0.0);
  EXPECT_EQ(b[2]["units"], 3.0);
}

TEST(StoreForecastJsonTest, HistoryStopsAtThePanelsFirstPeriodAndZeroLeavesItOut) {
  // 6 periods asked, 4 in the panel: 100..103; "A" had not sold yet in 100, so 0 units.
  const nlohmann::json long_history = ForecastsJson(TwoSeries(6), {Flat(2, 1.0), Flat(2, 2.0)});
  const nlohmann::json& a = long_history["forecasts"][0]["history"];
  ASSERT_EQ(a.size(), 4u);
  EXPECT_EQ(a[0]["start"], StartOf(100));
  EXPECT_EQ(a[0]["units"], 0.0);
  EXPECT_EQ(a[1]["units"], 2.0);
  EXPECT_EQ(long_history["forecasts"][1]["history"][0]["units"], 1.0);

  const nlohmann::json none = ForecastsJson(TwoSeries(0), {Flat(2, 1.0), Flat(2, 2.0)});
  EXPECT_FALSE(none["forecasts"][0].contains("history"));
}

TEST(StoreForecastJsonTest, HistoryOptionDefaultsToTheHorizon) {
  EXPECT_EQ(ParseHistory("", Period::kWeek, 8).value(), 8);
  EXPECT_EQ(ParseHistory("0", Period::kWeek, 8).value(), 0);
  EXPECT_EQ(ParseHistory("12", Period::kWeek, 8).value(), 12);
  EXPECT_EQ(ParseHistory("4w", Period::kWeek, 8).value(), 4);
  EXPECT_EQ(ParseHistory("2w", Period::kDay, 8).value(), 14);
  const Result<int> bad = ParseHistory("soon", Period::kWeek, 8);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("history: expected"), std::string::npos)
      << bad.status().message();
  EXPECT_FALSE(ParseHistory("-3", Period::kWeek, 8).ok());
}

// A yearly profile pooled from a whole year of one category, lent to its short series.
// Weekly panel [0, 52): "L" (category 0) sells 1 a week in weeks 0..25 and 3 in 26..51, mean 2,
// so its own profile (the store's and, shrunk toward itself, its category's) is 0.5 for
// positions 0..25 and 1.5 for 26..51. "S" (category 0) sells 2 a week in weeks 48..51.
// Both have less than two years: each is divided by the profile, forecast, multiplied back.
// Naive: S is 2 / 1.5 = 4/3 deseasonalised, so 4/3 · 0.5 = 2/3 in weeks 52 and 53 (positions
// 0 and 1); L is 2 deseasonalised everywhere, so 1. Without pooling: S 2, L 3 (the last week).
TEST(StoreForecastTest, ShortSeriesBorrowTheirCategorysYearlyProfile) {
  StoreDemand demand;
  demand.panel.period = Period::kWeek;
  demand.panel.first = 0;
  demand.panel.end = 52;
  DemandSeries l;
  l.sku = "L";
  for (int t = 0; t < 52; ++t) l.sales.push_back(t < 26 ? 1 : 3);
  DemandSeries s;
  s.sku = "S";
  s.first = 48;
  s.sales = {2, 2, 2, 2};
  demand.panel.series = {l, s};
  demand.products = {{"Long", "l", 1.0, 0}, {"Short", "s", 1.0, 0}};
  demand.categories = 1;
  demand.horizon = 2;
  StoreForecastOptions options;
  const std::vector<DemandForecast> pooled = ForecastStoreDemand(demand, "naive", options).value();
  ASSERT_EQ(pooled.size(), 2u);
  for (size_t j = 0; j < 2; ++j) {
    EXPECT_NEAR(pooled[0].mean[j], 1.0, 1e-12);
    EXPECT_NEAR(pooled[1].mean[j], 2.0 / 3, 1e-12);
    // Every inner error of the flat deseasonalised series is 0: each quantile is the mean.
    EXPECT_NEAR(pooled[1].p95[j], 2.0 / 3, 1e-12);
  }
  EXPECT_EQ(pooled[1].demand_class, DemandClass::kSmooth);  // of its own history
  options.pooled_season = false;
  const std::vector<DemandForecast> own = ForecastStoreDemand(demand, "naive", options).value();
  EXPECT_NEAR(own[0].mean[0], 3.0, 1e-12);
  EXPECT_NEAR(own[1].mean[0], 2.0, 1e-12);
}

}  // namespace
}  // namespace mercato::forecast
