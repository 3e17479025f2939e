// Tests of the store demand series: complete periods, returns kept apart, censored stock-outs.
#include "forecast/demand_series.h"

#include <gtest/gtest.h>

#include <cmath>

#include "ingest/import_test_util.h"

namespace mercato::forecast {
namespace {

using namespace mercato::testing;

// Four complete weeks from Monday 2024-01-01 to Sunday 2024-01-28. A is out of stock at W1
// from 2024-01-12 until 2024-01-19 noon and sells nothing in the week of 2024-01-15.
std::unique_ptr<Store> WeeklyStore(const std::string& dir) {
  auto store = FreshStore(dir);
  WriteFile(dir, "orders.csv",
            "id,customer_id,ts\n"
            "o1,c1,2024-01-01T10:00:00Z\n"
            "o2,c1,2024-01-10T10:00:00Z\n"
            "o3,c2,2024-01-24T10:00:00Z\n"
            "o4,c2,2024-01-28T10:00:00Z\n");
  WriteFile(dir, "order_lines.csv",
            "order_id,line_no,sku,quantity,unit_price\n"
            "o1,1,A,2,5\no1,2,B,1,7\no2,1,A,3,5\no3,1,A,1,5\no3,2,C,1,3\no4,1,B,1,7\n");
  WriteFile(dir, "returns.csv", "id,customer_id,sku,ts,quantity\nr1,c1,A,2024-01-09,1\n");
  WriteFile(dir, "inventory.csv",
            "sku,location,ts,on_hand\n"
            "A,W1,2024-01-01T00:00:00Z,10\n"
            "A,W1,2024-01-12T18:00:00Z,0\n"
            "A,W1,2024-01-19T12:00:00Z,20\n");
  EXPECT_TRUE(Import(*store, "generic", {dir}).ok());
  return store;
}

TEST(DemandSeries, WeeklySalesReturnsAndCensoredStockOut) {
  const std::string dir = FreshDir();
  auto store = WeeklyStore(dir);
  const Snapshot snapshot = LoadSnapshot(*store).value();
  const DemandPanel panel = BuildDemandPanel(snapshot, {}).value();
  EXPECT_EQ(panel.first, WeekOf(ParseTimestamp("2024-01-01").value()));
  EXPECT_EQ(panel.end - panel.first, 4);
  ASSERT_EQ(panel.series.size(), 3u);
  EXPECT_EQ(panel.series[2].sku, "C");
  EXPECT_EQ(panel.series[2].first, panel.first + 3);  // starts at its first sale
  const DemandSeries& a = panel.series[0];
  EXPECT_EQ(a.sku, "A");
  EXPECT_EQ(a.location, "W1");
  ASSERT_EQ(a.sales.size(), 4u);
  EXPECT_EQ(a.sales[0], 2);
  EXPECT_EQ(a.sales[1], 3);
  EXPECT_TRUE(std::isnan(a.sales[2]));  // out of stock 5 of 7 days, no sales
  EXPECT_EQ(a.sales[3], 1);
  EXPECT_EQ(a.censored, 1);
  EXPECT_EQ(a.returns, (std::vector<double>{0, 1, 0, 0}));  // not netted out of sales
  EXPECT_EQ(Observed(a.sales, 4), (std::vector<double>{2, 3, 1}));
  // One order line in weeks 0, 1 and 3; the compound model skips the censored week.
  EXPECT_EQ(a.lines, (std::vector<double>{1, 1, 0, 1}));
  const OrderLineHistory before = LinesBefore(a, 4);
  EXPECT_EQ(before.lines_per_period, (std::vector<double>{1, 1, 1}));
  EXPECT_EQ(before.line_units, (std::vector<double>{2, 3, 1}));
  EXPECT_EQ(LinesBefore(a, 1).line_units, (std::vector<double>{2}));
  const DemandSeries& b = panel.series[1];
  EXPECT_EQ(b.location, "");                              // no inventory records
  EXPECT_EQ(b.sales, (std::vector<double>{1, 0, 0, 1}));  // zero weeks in stock stay zero
  EXPECT_EQ(b.censored, 0);
}

TEST(DemandSeries, DailyPanelAndSoldWithin) {
  const std::string dir = FreshDir();
  auto store = WeeklyStore(dir);
  const Snapshot snapshot = LoadSnapshot(*store).value();
  DemandOptions options;
  options.period = Period::kDay;
  const DemandPanel daily = BuildDemandPanel(snapshot, options).value();
  EXPECT_EQ(daily.end - daily.first, 28);
  const DemandSeries& a = daily.series[0];
  // Days 13..19 January start out of stock; those without sales are censored.
  EXPECT_EQ(a.censored, 7);
  EXPECT_TRUE(std::isnan(a.sales[12]));
  EXPECT_EQ(a.sales[19], 0);  // restocked at noon the day before
  options.period = Period::kWeek;
  options.sold_within = 1;
  const DemandPanel early = BuildDemandPanel(snapshot, options).value();
  EXPECT_EQ(early.series.size(), 2u);  // C first sold in week 4
}

TEST(DemandSeries, EmptyStoreIsAnError) {
  const std::string dir = FreshDir();
  auto store = FreshStore(dir);
  const Snapshot snapshot = LoadSnapshot(*store).value();
  const Result<DemandPanel> panel = BuildDemandPanel(snapshot, {});
  EXPECT_EQ(panel.status().code(), StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace mercato::forecast
