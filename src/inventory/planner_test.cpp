// Tests of the reorder plan on a tiny store with hand-computed answers, and its errors.
#include "inventory/planner.h"

#include <gtest/gtest.h>

#include <cmath>

#include "ingest/import_test_util.h"
#include "inventory/store_test_util.h"

namespace mercato::inventory {
namespace {

using testing::kDay0;
using testing::StoreBuilder;

// A: 2 units a day for 100 days, 16 on hand, supplier S1 (MOQ 10, case 5) with five observed
// lead times 4, 6, 5, 5, 5. B: 30 on hand, never sold. C: 1 a day, 100 on hand, no supplier.
std::unique_ptr<Store> TinyStore() {
  auto store = mercato::testing::FreshStore(mercato::testing::FreshDir());
  StoreBuilder b(*store);
  EXPECT_TRUE(b.AddSupplier("S1", 7, 10, 5).ok());
  for (const char* sku : {"A", "B", "C"}) EXPECT_TRUE(b.AddProduct(sku, 10).ok());
  EXPECT_TRUE(b.AddDailySales("A", 0, 100, 2).ok());
  EXPECT_TRUE(b.AddDailySales("C", 0, 100, 1).ok());
  EXPECT_TRUE(b.AddLevel("A", -1, 250).ok());
  EXPECT_TRUE(b.AddLevel("A", 99, 16, 0).ok());
  EXPECT_TRUE(b.AddLevel("B", 99, 30).ok());
  EXPECT_TRUE(b.AddLevel("C", 99, 100, 0).ok());
  const int lead[] = {4, 6, 5, 5, 5};
  for (int k = 0; k < 5; ++k) {
    EXPECT_TRUE(b.AddPurchaseOrder("A", "S1", 10 + 20 * k, 10 + 20 * k + lead[k], 40).ok());
  }
  return store;
}

const PlanLine& Line(const Plan& plan, const std::string& sku) {
  for (const PlanLine& l : plan.lines) {
    if (l.sku == sku) return l;
  }
  ADD_FAILURE() << "no line for " << sku;
  return plan.lines.front();
}

TEST(PlannerTest, PlansReorderExcessAndMarkdownWithHandComputedNumbers) {
  auto store = TinyStore();
  auto data = LoadInventoryData(LoadSnapshot(*store).value());
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  EXPECT_EQ(data->end_day, kDay0 + 100);
  auto plan = PlanInventory(*data, InventoryOptions{});
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(plan->as_of_day, kDay0 + 100);
  EXPECT_NEAR(plan->z, 1.6448536269514715, 1e-12);
  ASSERT_EQ(plan->lines.size(), 3u);

  // A: μ = 14/7 = 2 a day; the holdout error is 0 so σ_week is the Poisson floor √14 and
  // σ_day = √2. Lead time 5 ± √0.5 from its own five orders. Over L + R = 6 days: mean 12,
  // variance 6·2 + 4·0.5 = 14, safety stock 1.6449·√14 = 6.155, s = ⌊18.155⌋ = 18.
  // EOQ √(2·730·10 / 2.5) = 76.4 is capped at 28 days = 56: S = ⌈74.155⌉ = 75.
  const PlanLine& a = Line(*plan, "A");
  EXPECT_EQ(a.supplier, "S1");
  EXPECT_NEAR(a.demand.mean, 2.0, 1e-9);
  EXPECT_NEAR(a.demand.sd, std::sqrt(2.0), 1e-9);
  EXPECT_EQ(a.lead_time.source, LeadTimeSource::kSku);
  EXPECT_NEAR(a.lead_time.moments.mean, 5.0, 1e-9);
  EXPECT_NEAR(a.lead_time.moments.sd, std::sqrt(0.5), 1e-9);
  EXPECT_NEAR(a.policy.safety_stock, 1.6448536269514715 * std::sqrt(14.0), 1e-6);
  EXPECT_NEAR(a.policy.eoq, std::sqrt(5840.0), 1e-9);
  EXPECT_EQ(a.policy.reorder_point, 18);
  EXPECT_EQ(a.policy.order_up_to, 75);
  EXPECT_EQ(a.on_hand, 16);
  EXPECT_EQ(a.inventory_position, 16);
  EXPECT_EQ(a.order_quantity, 60);  // 75 − 16 = 59, MOQ 10, cases of 5
  EXPECT_EQ(a.order_by_day, kDay0 + 100);
  EXPECT_EQ(a.stockout_day, kDay0 + 108);  // 16 / 2
  EXPECT_NEAR(*a.weeks_of_cover, 16.0 / 14.0, 1e-9);
  EXPECT_EQ(a.reason, PlanReason::kReorderNow);

  // B: stock and no sale at all: a markdown candidate, all of it excess.
  const PlanLine& b = Line(*plan, "B");
  EXPECT_TRUE(b.markdown_candidate);
  EXPECT_EQ(b.excess_units, 30);
  EXPECT_EQ(b.order_quantity, 0);
  EXPECT_FALSE(b.weeks_of_cover.has_value());
  EXPECT_EQ(b.reason, PlanReason::kMarkdown);

  // C: 1 a day, no supplier: default lead time 14 ± 3.5. Over 15 days: mean 15, variance
  // 15·1 + 1·12.25 = 27.25, s = ⌊15 + 1.6449·√27.25⌋ = 23. 100 on hand is 14.3 weeks of cover,
  // above the 12-week excess line (84 units).
  const PlanLine& c = Line(*plan, "C");
  EXPECT_EQ(c.lead_time.source, LeadTimeSource::kDefault);
  EXPECT_EQ(c.policy.reorder_point, 23);
  EXPECT_EQ(c.order_by_day, kDay0 + 100 + 77);
  EXPECT_EQ(c.excess_units, 16);
  EXPECT_EQ(c.reason, PlanReason::kExcess);
  EXPECT_FALSE(c.markdown_candidate);
}

// A store-wide fill rate sets the reorder points of A and C together (StoreFillRatePolicies on
// their policy inputs); a higher target raises them.
TEST(PlannerTest, StoreFillRatePlansAllSkusTogether) {
  auto store = TinyStore();
  auto data = LoadInventoryData(LoadSnapshot(*store).value());
  ASSERT_TRUE(data.ok());
  InventoryOptions o;
  o.store_fill_rate = 0.9;
  auto low = PlanInventory(*data, o);
  ASSERT_TRUE(low.ok()) << low.status().ToString();
  EXPECT_EQ(low->service_kind, "store_fill_rate");
  EXPECT_DOUBLE_EQ(low->service_level, 0.9);
  o.store_fill_rate = 0.999;
  auto high = PlanInventory(*data, o);
  ASSERT_TRUE(high.ok());
  for (const char* sku : {"A", "C"}) {
    EXPECT_LT(Line(*low, sku).policy.reorder_point, Line(*high, sku).policy.reorder_point) << sku;
    // S = s + the cycle: A 28 days of 2 a day, C the 28-day cap of 1 a day.
    EXPECT_EQ(Line(*high, sku).policy.order_up_to - Line(*high, sku).policy.reorder_point,
              sku == std::string("A") ? 56 : 28)
        << sku;
  }
  // A at 90%: X over 6 days has mean 12 and variance 14 (as above); with order 60 (56 rounded
  // up to MOQ 10 and cases of 5) the store's expected shortage allows s below the mean.
  EXPECT_LT(Line(*low, "A").policy.reorder_point, 12);
  EXPECT_EQ(Line(*low, "B").policy.reorder_point, 0);  // no demand
}

TEST(PlannerTest, OpenPurchaseOrdersCountAsOnOrderWhenTheLevelDoesNotSay) {
  auto store = TinyStore();
  StoreBuilder b(*store);
  ASSERT_TRUE(b.AddLevel("D", 99, 10).ok());                    // on_order unknown
  ASSERT_TRUE(b.AddPurchaseOrder("D", "S1", 90, 95, 24).ok());  // received: not on order
  ASSERT_TRUE(b.AddPurchaseOrder("D", "S1", 98, std::nullopt, 24).ok());
  auto data = LoadInventoryData(LoadSnapshot(*store).value());
  ASSERT_TRUE(data.ok());
  auto plan = PlanInventory(*data, InventoryOptions{});
  ASSERT_TRUE(plan.ok());
  const PlanLine& d = Line(*plan, "D");
  EXPECT_EQ(d.on_order, 24);
  EXPECT_EQ(d.inventory_position, 34);
  EXPECT_EQ(d.supplier, "S1");
}

TEST(PlannerTest, ClearErrorsWithoutSalesOrStockLevels) {
  const std::string dir = mercato::testing::FreshDir();
  auto store = mercato::testing::FreshStore(dir + "/levels_only");
  StoreBuilder b(*store);
  ASSERT_TRUE(b.AddProduct("A", 10).ok());
  ASSERT_TRUE(b.AddLevel("A", 0, 5).ok());
  auto no_sales = LoadInventoryData(LoadSnapshot(*store).value());
  ASSERT_FALSE(no_sales.ok());
  EXPECT_EQ(no_sales.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(no_sales.status().message().find("no sales"), std::string::npos);

  auto store2 = mercato::testing::FreshStore(dir + "/sales_only");
  StoreBuilder b2(*store2);
  ASSERT_TRUE(b2.AddDailySales("A", 0, 10, 1).ok());
  auto no_levels = LoadInventoryData(LoadSnapshot(*store2).value());
  ASSERT_FALSE(no_levels.ok());
  EXPECT_NE(no_levels.status().message().find("no inventory levels"), std::string::npos);
}

// Without stock levels, the catalog's inventory quantities are the stock at the end of the last
// day with sales (a store imported from a Shopify export).
TEST(PlannerTest, CatalogQuantitiesStandInForMissingStockLevels) {
  auto store = mercato::testing::FreshStore(mercato::testing::FreshDir());
  StoreBuilder b(*store);
  ASSERT_TRUE(b.AddDailySales("A", 0, 56, 2).ok());
  for (const auto& [sku, quantity] : std::vector<std::pair<std::string, std::optional<int64_t>>>{
           {"A", 5}, {"B", 100}, {"C", std::nullopt}}) {
    Product p;
    p.sku = sku;
    p.cost = 4;
    p.inventory_quantity = quantity;
    ASSERT_TRUE(store->Put(&p).ok());
  }
  auto data = LoadInventoryData(LoadSnapshot(*store).value());
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  EXPECT_EQ(data->stock_source, "catalog");
  auto plan = PlanInventory(*data, InventoryOptions{});
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(plan->stock_source, "catalog");
  EXPECT_EQ(plan->as_of_day, kDay0 + 56);
  ASSERT_EQ(plan->lines.size(), 2u);  // C says nothing about its stock
  const PlanLine& a = plan->lines[0];
  EXPECT_EQ(a.sku, "A");
  EXPECT_EQ(a.location, kCatalogLocation);
  EXPECT_EQ(a.on_hand, 5);
  EXPECT_GT(a.order_quantity, 0);  // 5 units for 2 a day
  EXPECT_EQ(plan->lines[1].sku, "B");
  EXPECT_EQ(plan->lines[1].on_hand, 100);
  EXPECT_EQ(plan->lines[1].order_quantity, 0);
  // Imported stock levels take precedence over the catalog.
  ASSERT_TRUE(b.AddLevel("A", 55, 40).ok());
  auto with_levels = LoadInventoryData(LoadSnapshot(*store).value());
  ASSERT_TRUE(with_levels.ok());
  EXPECT_EQ(with_levels->stock_source, "levels");
  ASSERT_EQ(with_levels->stock.size(), 1u);
  EXPECT_EQ(with_levels->stock[0].location, "WH1");
}

TEST(PlannerTest, RejectsBadOptions) {
  auto store = TinyStore();
  auto data = LoadInventoryData(LoadSnapshot(*store).value());
  ASSERT_TRUE(data.ok());
  InventoryOptions o;
  o.service_level = 1.0;
  EXPECT_EQ(PlanInventory(*data, o).status().code(), StatusCode::kInvalidArgument);
  o = {};
  o.fill_rate = 0.97;
  o.store_fill_rate = 0.97;
  EXPECT_NE(PlanInventory(*data, o).status().message().find("not both"), std::string::npos);
  o = {};
  o.store_fill_rate = 1.0;
  EXPECT_EQ(PlanInventory(*data, o).status().code(), StatusCode::kInvalidArgument);
  o = {};
  o.model = "nope";
  EXPECT_NE(PlanInventory(*data, o).status().message().find("nope"), std::string::npos);
}

}  // namespace
}  // namespace mercato::inventory
