// Tests of the per-product and store roll-ups of a forecast, with hand-summed expectations.
#include "forecast/forecast_summary.h"

#include <gtest/gtest.h>

namespace mercato::forecast {
namespace {

DemandForecast Forecast(std::vector<double> mean, std::vector<double> p50) {
  DemandForecast f;
  f.mean = std::move(mean);
  f.p50 = std::move(p50);
  return f;
}

// Two variants of the mug (red at 10.00, blue at 12.50) and beans without a price, 2 periods.
TEST(ForecastSummaryTest, RollsVariantsUpToProductsAndTheStore) {
  StoreDemand demand;
  demand.horizon = 2;
  demand.products = {{"Mug - Red", "mug", 10.0},
                     {"Beans 250g", "beans", std::nullopt},
                     {"Mug - Blue", "mug", 12.5}};
  const std::vector<DemandForecast> forecasts = {
      Forecast({1.5, 2.5}, {1, 2}), Forecast({3.0, 4.0}, {3, 4}), Forecast({0.25, 0.5}, {0, 1})};
  const ForecastSummary s = SummarizeForecasts(demand, forecasts);
  ASSERT_EQ(s.products.size(), 2u);
  // Beans: 3 + 4 = 7 units; the mug: 1.5 + 2.5 + 0.25 + 0.5 = 4.75, so beans come first.
  const ProductForecast& beans = s.products[0];
  EXPECT_EQ(beans.product_id, "beans");
  EXPECT_DOUBLE_EQ(beans.units, 7.0);
  EXPECT_FALSE(beans.revenue.has_value());
  const ProductForecast& mug = s.products[1];
  EXPECT_EQ(mug.product_id, "mug");
  EXPECT_EQ(mug.title, "Mug");  // what "Mug - Red" and "Mug - Blue" share
  EXPECT_EQ(mug.series, (std::vector<size_t>{0, 2}));
  EXPECT_EQ(mug.mean, (std::vector<double>{1.75, 3.0}));
  EXPECT_EQ(mug.p50, (std::vector<double>{1.0, 3.0}));
  EXPECT_DOUBLE_EQ(mug.units, 4.75);
  // Revenue: 4 units × 10.00 + 0.75 × 12.50 = 49.375 -> 49.38 (half away from zero).
  ASSERT_TRUE(mug.revenue.has_value());
  EXPECT_DOUBLE_EQ(*mug.revenue, 49.38);
  EXPECT_DOUBLE_EQ(s.units, 11.75);
  EXPECT_DOUBLE_EQ(s.revenue, 49.38);
  EXPECT_EQ(s.series_without_price, 1);

  const nlohmann::json j = ForecastSummaryJson(s);
  EXPECT_EQ(j["products"][1]["skus"], 2);
  EXPECT_EQ(j["products"][0]["revenue"], nullptr);
  EXPECT_DOUBLE_EQ(j["units"].get<double>(), 11.8);  // to 0.1
}

TEST(ForecastSummaryTest, EmptyForecastHasNoProducts) {
  StoreDemand demand;
  demand.horizon = 4;
  const ForecastSummary s = SummarizeForecasts(demand, {});
  EXPECT_TRUE(s.products.empty());
  EXPECT_EQ(s.units, 0.0);
  EXPECT_EQ(s.revenue, 0.0);
}

}  // namespace
}  // namespace mercato::forecast
