// Tests of the policy replay on a tiny deterministic demand series, simulated by hand.
#include "inventory/replay.h"

#include <gtest/gtest.h>

#include "ingest/import_test_util.h"
#include "inventory/store_test_util.h"

namespace mercato::inventory {
namespace {

using testing::kDay0;
using testing::StoreBuilder;

// R sells 3 a day on days 0..29; 10 on hand at the start, 5 more arriving on day 1 from an open
// order; every observed lead time of supplier S2 is 2 days; unit cost 4.
std::unique_ptr<Store> ReplayStore() {
  auto store = mercato::testing::FreshStore(mercato::testing::FreshDir());
  StoreBuilder b(*store);
  EXPECT_TRUE(b.AddSupplier("S2", 2, 1, 1).ok());
  EXPECT_TRUE(b.AddProduct("R", 4).ok());
  EXPECT_TRUE(b.AddDailySales("R", 0, 30, 3).ok());
  EXPECT_TRUE(b.AddLevel("R", -1, 10).ok());
  for (int ordered : {-20, -10, -5}) {
    EXPECT_TRUE(b.AddPurchaseOrder("R", "S2", ordered, ordered + 2, 10).ok());
  }
  EXPECT_TRUE(b.AddPurchaseOrder("R", "S2", -1, 1, 5).ok());
  return store;
}

TEST(ReplayTest, FixedMinMaxMatchesAHandSimulation) {
  auto store = ReplayStore();
  auto data = LoadInventoryData(LoadSnapshot(*store).value());
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  InventoryOptions options;
  options.excess_cover_weeks = 1.0 / 3.0;  // excess above 7 units (7 days × 3 / 3)
  ReplayOptions replay;
  replay.from_day = kDay0;
  replay.to_day = kDay0 + 10;
  auto policy = ParsePolicy("minmax:2:8");
  ASSERT_TRUE(policy.ok());
  auto report = Replay(*data, options, replay, {*policy});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_EQ(report->results.size(), 1u);
  const ReplayResult& r = report->results.front();
  // Day by day (end-of-day stock): 7, 9 (+5), 6, 3, 0 (order 8, lead 2), 0 (3 lost), 5 (+8),
  // 2 (order 6), 0 (1 lost), 3 (+6).
  EXPECT_EQ(r.policy, "minmax:2:8");
  EXPECT_EQ(r.skus, 1);
  EXPECT_EQ(r.days, 10);
  EXPECT_DOUBLE_EQ(r.units_demanded, 30);
  EXPECT_DOUBLE_EQ(r.units_served, 26);
  EXPECT_NEAR(r.fill_rate, 26.0 / 30.0, 1e-12);
  EXPECT_EQ(r.stockout_days, 2);
  EXPECT_EQ(r.orders, 2);
  EXPECT_NEAR(r.avg_inventory_units, 3.5, 1e-12);
  EXPECT_NEAR(r.avg_inventory_value, 14.0, 1e-12);
  EXPECT_NEAR(r.avg_excess_value, 0.8, 1e-9);  // day 1: 2 units above 7, at 4 each, over 10 days
  // The 10 + 5 units at the start cover 5 of the 30 days: not a covered SKU.
  const ReplayReference& ref = report->reference;
  EXPECT_EQ(ref.covered_skus, 0);
  EXPECT_DOUBLE_EQ(r.avg_covered_value, 0.0);
  // With no order: 7, 9, 6, 3 and then 0 — 25 units over 10 days at 4.
  EXPECT_NEAR(ref.start_stock_value, 10.0, 1e-12);
  // Clairvoyant: the same until day 5, when 84 arrive (28 days of 3 a day, below the EOQ
  // √(2·1095·10/1) = 148): 81, 78, 75, 72, 69 — 400 units over 10 days at 4.
  EXPECT_NEAR(ref.clairvoyant_value, 160.0, 1e-12);
  // Five days replayed: the 15 units cover the 15 demanded.
  replay.to_day = kDay0 + 5;
  auto short_period = Replay(*data, options, replay, {*policy});
  ASSERT_TRUE(short_period.ok());
  EXPECT_EQ(short_period->reference.covered_skus, 1);
  EXPECT_DOUBLE_EQ(short_period->results[0].avg_covered_value,
                   short_period->results[0].avg_inventory_value);
}

// The same hand simulation, with days 0..4 as warm-up: only days 5..9 are measured.
TEST(ReplayTest, WarmUpDaysAreReplayedButNotMeasured) {
  auto store = ReplayStore();
  auto data = LoadInventoryData(LoadSnapshot(*store).value());
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  InventoryOptions options;
  options.excess_cover_weeks = 1.0 / 3.0;
  ReplayOptions replay;
  replay.from_day = kDay0 + 5;
  replay.to_day = kDay0 + 10;
  replay.warmup_days = 5;
  auto policy = ParsePolicy("minmax:2:8");
  ASSERT_TRUE(policy.ok());
  auto report = Replay(*data, options, replay, {*policy});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  const ReplayResult& r = report->results.front();
  // Measured end-of-day stock: 0 (3 lost), 5 (+8 ordered on day 4), 2 (order 6), 0 (1 lost), 3.
  EXPECT_EQ(r.days, 5);
  EXPECT_DOUBLE_EQ(r.units_demanded, 15);
  EXPECT_DOUBLE_EQ(r.units_served, 11);
  EXPECT_EQ(r.stockout_days, 2);
  EXPECT_EQ(r.orders, 1);  // the day-4 order belongs to the warm-up
  EXPECT_NEAR(r.avg_inventory_units, 2.0, 1e-12);
  EXPECT_NEAR(r.avg_inventory_value, 8.0, 1e-12);
  EXPECT_DOUBLE_EQ(r.avg_excess_value, 0.0);
  // The references start from the same recorded stock and are measured on the same days: no
  // stock left by day 5 without orders; the clairvoyant holds 81, 78, 75, 72, 69 at 4.
  EXPECT_EQ(report->reference.covered_skus, 0);
  EXPECT_DOUBLE_EQ(report->reference.start_stock_value, 0.0);
  EXPECT_NEAR(report->reference.clairvoyant_value, 300.0, 1e-12);
  // Without the warm-up the same days start from the recorded stock at day 4 instead.
  replay.warmup_days = 0;
  auto cold = Replay(*data, options, replay, {*policy});
  ASSERT_TRUE(cold.ok());
  EXPECT_NE(cold->results.front().avg_inventory_units, r.avg_inventory_units);
  replay.warmup_days = -1;
  EXPECT_FALSE(Replay(*data, options, replay, {*policy}).ok());
}

TEST(ReplayTest, PoliciesAreReportedSideBySideAndDeterministic) {
  auto store = ReplayStore();
  auto data = LoadInventoryData(LoadSnapshot(*store).value());
  ASSERT_TRUE(data.ok());
  ReplayOptions replay;
  replay.from_day = kDay0 + 14;
  replay.to_day = kDay0 + 30;
  std::vector<PolicySpec> policies = {ParsePolicy("forecast").value(),
                                      ParsePolicy("minmax").value(),
                                      ParsePolicy("minmax:2:8").value()};
  auto report_a = Replay(*data, InventoryOptions{}, replay, policies);
  auto report_b = Replay(*data, InventoryOptions{}, replay, policies);
  ASSERT_TRUE(report_a.ok()) << report_a.status().ToString();
  ASSERT_TRUE(report_b.ok());
  const std::vector<ReplayResult>& a = report_a->results;
  const std::vector<ReplayResult>& b = report_b->results;
  ASSERT_EQ(a.size(), 3u);
  EXPECT_EQ(a[0].policy, "forecast");
  EXPECT_EQ(a[1].policy, "minmax");
  for (size_t p = 0; p < 3; ++p) {
    EXPECT_DOUBLE_EQ(a[p].units_demanded, 48);
    EXPECT_DOUBLE_EQ(a[p].avg_inventory_units, b[p].avg_inventory_units);
    EXPECT_GT(a[p].orders, 0);
  }
  // Both history-driven policies keep this steady seller in stock.
  EXPECT_DOUBLE_EQ(a[0].fill_rate, 1.0);
  EXPECT_DOUBLE_EQ(a[1].fill_rate, 1.0);
}

TEST(ReplayTest, RejectsBadPoliciesAndPeriods) {
  EXPECT_FALSE(ParsePolicy("minmax:5:5").ok());
  EXPECT_FALSE(ParsePolicy("minmax:-1:5").ok());
  EXPECT_FALSE(ParsePolicy("sS").ok());
  EXPECT_NE(ParsePolicy("x").status().message().find("minmax:MIN:MAX"), std::string::npos);
  auto store = ReplayStore();
  auto data = LoadInventoryData(LoadSnapshot(*store).value());
  ASSERT_TRUE(data.ok());
  ReplayOptions replay;
  replay.from_day = kDay0 + 5;
  replay.to_day = kDay0 + 5;
  EXPECT_EQ(Replay(*data, InventoryOptions{}, replay, {PolicySpec{}}).status().code(),
            StatusCode::kInvalidArgument);
  replay.from_day = kDay0 - 30;  // before any stock level
  replay.to_day = kDay0;
  EXPECT_EQ(Replay(*data, InventoryOptions{}, replay, {PolicySpec{}}).status().code(),
            StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace mercato::inventory
