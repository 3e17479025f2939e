// Tests of single-series demand forecasts: automatic choices and quantiles.
#include "forecast/demand_forecast.h"

#include <gtest/gtest.h>

#include "common/time.h"

namespace mercato::forecast {
namespace {

TEST(EmpiricalQuantile, Interpolates) {
  std::vector<double> v = {4, 1, 3, 2};
  EXPECT_DOUBLE_EQ(EmpiricalQuantile(v, 0.5), 2.5);
  EXPECT_DOUBLE_EQ(EmpiricalQuantile(v, 1.0), 4.0);
  std::vector<double> empty;
  EXPECT_EQ(EmpiricalQuantile(empty, 0.9), 0.0);
}

TEST(ForecastDemand, MovingAverageWithErrorQuantiles) {
  DemandForecastSettings s;
  s.horizon = 2;
  s.ma_window = 2;
  s.inner_origins = 2;
  const std::vector<double> y = {2, 4, 2, 4, 2, 4};
  const DemandForecast f = ForecastDemand(y, "ma", s).value();
  EXPECT_EQ(f.model, "ma");
  EXPECT_EQ(f.mean, (std::vector<double>{3, 3}));
  // Inner origins 3 and 4 forecast 3 each time against 4, 2 | 2, 4: errors ±1.
  EXPECT_EQ(f.p50, (std::vector<double>{3, 3}));
  EXPECT_DOUBLE_EQ(f.p90[0], 4.0);
  EXPECT_DOUBLE_EQ(f.p95[1], 4.0);
  EXPECT_EQ(f.demand_class, DemandClass::kSmooth);
}

TEST(ForecastDemand, SelectAndClassChooseByHistory) {
  DemandForecastSettings s;
  s.horizon = 3;
  // A steady level shift: the last value (naive) beats the averages.
  const std::vector<double> step = {1, 1, 1, 1, 1, 1, 9, 9, 9, 9, 9, 9, 9, 9};
  DemandForecast f = ForecastDemand(step, "select", s).value();
  EXPECT_EQ(f.model, "naive");
  EXPECT_EQ(f.mean, (std::vector<double>{9, 9, 9}));
  // Inner origins 6..11: only the first misses (by 8 on each of its 3 steps) out of 18.
  EXPECT_DOUBLE_EQ(f.p50[0], 9.0);
  EXPECT_DOUBLE_EQ(f.p90[0], 17.0);
  const std::vector<double> lumpy = {0, 0, 7, 0, 0, 0, 1, 0, 0, 12, 0, 0};
  f = ForecastDemand(lumpy, "class", s).value();
  EXPECT_EQ(f.demand_class, DemandClass::kLumpy);
  EXPECT_EQ(f.model, "median");
  EXPECT_EQ(f.mean, (std::vector<double>{0, 0, 0}));  // median of the last 4 weeks
  for (size_t j = 0; j < 3; ++j) {
    EXPECT_LE(f.p50[j], f.p90[j]);
    EXPECT_LE(f.p90[j], f.p95[j]);
    EXPECT_GE(f.p50[j], 0.0);
  }
}

TEST(ForecastDemand, EmptyHistoryAndErrors) {
  DemandForecastSettings s;
  s.horizon = 2;
  const DemandForecast f = ForecastDemand({}, "ets", s).value();
  EXPECT_EQ(f.mean, (std::vector<double>{0, 0}));
  EXPECT_EQ(ForecastDemand({1}, "nope", s).status().code(), StatusCode::kInvalidArgument);
  s.horizon = 0;
  EXPECT_EQ(ForecastDemand({1}, "ma", s).status().code(), StatusCode::kInvalidArgument);
  s.horizon = 1;
  for (const char* model : {"select", "croston", "compound", "class"}) {
    const OrderLineHistory none;
    EXPECT_TRUE(ForecastDemand({1}, model, s, &none).ok()) << model;
  }
}

TEST(ForecastDemand, CompoundReadsTheOrderLines) {
  DemandForecastSettings s;
  s.horizon = 3;
  const std::vector<double> y = {10, 10, 10, 10, 10, 10};
  // Without the order lines the compound model cannot forecast.
  EXPECT_EQ(ForecastDemand(y, "compound", s).status().code(), StatusCode::kInvalidArgument);
  // Two lines of 5 units every week.
  const OrderLineHistory lines{{2, 2, 2, 2, 2, 2}, std::vector<double>(12, 5.0)};
  const DemandForecast f = ForecastDemand(y, "compound", s, &lines).value();
  EXPECT_EQ(f.model, "compound");
  EXPECT_EQ(f.mean, (std::vector<double>{10, 10, 10}));
  // Poisson(2) lines: median 2, 90% quantile 4 (P(N <= 3) = 0.86, P(N <= 4) = 0.95).
  EXPECT_EQ(f.p50, (std::vector<double>{10, 10, 10}));
  EXPECT_EQ(f.p90, (std::vector<double>{20, 20, 20}));
  EXPECT_GE(f.p95[0], 20.0);
}

TEST(ForecastDemand, DhrPlacesBlackFridayByDateInTheHorizon) {
  // Weekly demand 10, plus 30 in the week holding Black Friday, from the week of Monday
  // 2021-01-04 to the week before Monday 2024-10-28. Black Friday falls in the weeks of
  // 2021-11-22, 2022-11-21 and 2023-11-20 (ISO weeks 47) and then of 2024-11-25 (week 48): a
  // cycle of 52 weeks would put 2024's spike at 2023's + 52 weeks = 2024-11-18. The calendar
  // column is 1/7 in those weeks, so its coefficient is 210 and the fit exact: the horizon of 8
  // weeks from 2024-10-28 has 40 in its fifth week (2024-11-25) and 10 in the others.
  const int64_t first = WeekOf(DaysFromCivil(2021, 1, 4) * kSecondsPerDay);
  const int64_t end = WeekOf(DaysFromCivil(2024, 10, 28) * kSecondsPerDay);
  const Calendar calendar = BuildCalendar(Period::kWeek, first, end + 8, {}, {}).value();
  std::vector<double> y;
  for (int64_t w = first; w < end; ++w) {
    y.push_back(10 + 30 * 7 * calendar.columns[1][static_cast<size_t>(w - first)]);
  }
  DemandForecastSettings s;
  s.horizon = 8;
  s.calendar = &calendar;  // its season, 52, is dhr's on the store
  s.end = end;
  const DemandForecast f = ForecastDemand(y, "dhr", s).value();
  ASSERT_EQ(f.mean.size(), 8u);
  for (size_t j = 0; j < 8; ++j) EXPECT_NEAR(f.mean[j], j == 4 ? 40 : 10, 1e-6) << j;
  // The inner origins' histories end earlier on the same calendar: their errors are 0 too.
  EXPECT_NEAR(f.p95[4], 40, 1e-6);
}

}  // namespace
}  // namespace mercato::forecast
