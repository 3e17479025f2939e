// Tests of what a merchant reads in a reorder plan — titles, the supplier falling back to the
// product's vendor, unit cost and order value, no date beyond the horizon — and of the purchase
// orders per supplier.
#include "inventory/supplier_orders.h"

#include <gtest/gtest.h>

#include "common/text.h"
#include "ingest/import_test_util.h"
#include "inventory/store_test_util.h"

namespace mercato::inventory {
namespace {

using testing::kDay0;
using testing::StoreBuilder;

Status PutProduct(Store& store, const std::string& sku, const std::string& title,
                  const std::string& vendor, std::optional<double> cost) {
  Product p;
  p.sku = sku;
  p.title = title;
  p.brand = vendor;
  p.cost = cost;
  p.price = 20;
  return store.Put(&p);
}

// A: supplier S1 by its purchase orders, cost 10. D: vendor "Acme Roasters", no purchase order,
// cost 3.35. E: no vendor, no supplier, no cost. All three sell 2 a day and hold 3 units, so
// each reorders now. F: 1 a day with 1000 on hand, vendor Acme: its stock lasts 1000 days.
std::unique_ptr<Store> VendorStore() {
  auto store = mercato::testing::FreshStore(mercato::testing::FreshDir());
  StoreBuilder b(*store);
  EXPECT_TRUE(b.AddSupplier("S1", 7, 1, 1).ok());
  EXPECT_TRUE(PutProduct(*store, "A", "Kenya AA 250g", "", 10).ok());
  EXPECT_TRUE(PutProduct(*store, "D", "Hario V60 Dripper", "Acme Roasters", 3.35).ok());
  EXPECT_TRUE(PutProduct(*store, "E", "Gift Box", "", std::nullopt).ok());
  EXPECT_TRUE(PutProduct(*store, "F", "Paper Filters", "Acme Roasters", 0.5).ok());
  for (const char* sku : {"A", "D", "E"}) {
    EXPECT_TRUE(b.AddDailySales(sku, 0, 100, 2).ok());
    EXPECT_TRUE(b.AddLevel(sku, 99, 3, 0).ok());
  }
  EXPECT_TRUE(b.AddDailySales("F", 0, 100, 1).ok());
  EXPECT_TRUE(b.AddLevel("F", 99, 1000, 0).ok());
  EXPECT_TRUE(b.AddPurchaseOrder("A", "S1", 10, 15, 40).ok());
  return store;
}

const PlanLine& LineOf(const Plan& plan, const std::string& sku) {
  for (const PlanLine& l : plan.lines) {
    if (l.sku == sku) return l;
  }
  ADD_FAILURE() << "no line for " << sku;
  return plan.lines.front();
}

Plan PlanOf(Store& store, const InventoryOptions& options = {}) {
  auto data = LoadInventoryData(LoadSnapshot(store).value());
  EXPECT_TRUE(data.ok()) << data.status().ToString();
  auto plan = PlanInventory(*data, options);
  EXPECT_TRUE(plan.ok()) << plan.status().ToString();
  return plan.ok() ? *plan : Plan{};
}

TEST(SupplierOrdersTest, PlanLinesCarryTitleSupplierOrVendorCostAndOrderValue) {
  auto store = VendorStore();
  const Plan plan = PlanOf(*store);
  ASSERT_EQ(plan.lines.size(), 4u);
  const PlanLine& a = LineOf(plan, "A");
  EXPECT_EQ(a.title, "Kenya AA 250g");
  EXPECT_EQ(a.supplier, "S1");
  EXPECT_EQ(a.supplier_source, SupplierSource::kSupplier);
  const PlanLine& d = LineOf(plan, "D");
  EXPECT_EQ(d.supplier, "Acme Roasters");  // no supplier: the product's vendor
  EXPECT_EQ(d.supplier_source, SupplierSource::kVendor);
  const PlanLine& e = LineOf(plan, "E");
  EXPECT_EQ(e.supplier, "");
  EXPECT_EQ(e.supplier_source, SupplierSource::kNone);
  EXPECT_FALSE(e.unit_cost.has_value());
  EXPECT_FALSE(e.order_value.has_value());
  // Order value = quantity × unit cost to the cent.
  for (const PlanLine* l : {&a, &d}) {
    ASSERT_GT(l->order_quantity, 0) << l->sku;
    ASSERT_TRUE(l->unit_cost && l->order_value) << l->sku;
    EXPECT_EQ(FormatMoney(*l->order_value),
              FormatMoney(static_cast<double>(l->order_quantity) * *l->unit_cost))
        << l->sku;
  }
  EXPECT_DOUBLE_EQ(*a.unit_cost, 10.0);
  EXPECT_DOUBLE_EQ(*d.unit_cost, 3.35);
  EXPECT_GT(e.order_quantity, 0);
}

// F's stock lasts 1000 days (1000 on hand at 1 a day): past the default 365-day horizon the plan
// gives no stock-out or order-by date at all; a horizon beyond it gives the date.
TEST(SupplierOrdersTest, NoStockoutOrOrderDateBeyondTheHorizon) {
  auto store = VendorStore();
  const Plan by_default = PlanOf(*store);  // kept alive: LineOf returns a reference into it
  const PlanLine& f = LineOf(by_default, "F");
  EXPECT_NEAR(f.demand.mean, 1.0, 1e-9);
  EXPECT_FALSE(f.stockout_day.has_value());
  EXPECT_FALSE(f.order_by_day.has_value());
  InventoryOptions longer;
  longer.horizon_days = 1100;
  const Plan plan = PlanOf(*store, longer);
  const PlanLine& g = LineOf(plan, "F");
  EXPECT_EQ(g.stockout_day, kDay0 + 100 + 1000);
  for (const PlanLine& l : by_default.lines) {
    if (l.stockout_day) {
      EXPECT_LT(*l.stockout_day, kDay0 + 100 + 365) << l.sku;
    }
  }
  InventoryOptions bad;
  bad.horizon_days = 3;
  EXPECT_EQ(ValidateOptions(bad).code(), StatusCode::kInvalidArgument);
}

// One order per supplier, the vendor's as a supplier, the lines without one last; the totals
// sum the lines and the CSV closes with them.
TEST(SupplierOrdersTest, OneOrderPerSupplierWithTotals) {
  auto store = VendorStore();
  const Plan plan = PlanOf(*store);
  const std::vector<SupplierOrder> orders = SupplierOrdersOf(plan);
  ASSERT_EQ(orders.size(), 3u);
  EXPECT_EQ(orders[0].supplier, "Acme Roasters");
  EXPECT_EQ(orders[1].supplier, "S1");
  EXPECT_EQ(orders[2].supplier, "");
  ASSERT_EQ(orders[0].lines.size(), 1u);  // F orders nothing
  EXPECT_EQ(orders[0].lines[0]->sku, "D");
  const PlanLine& d = LineOf(plan, "D");
  EXPECT_EQ(orders[0].units, d.order_quantity);
  EXPECT_DOUBLE_EQ(orders[0].value, *d.order_value);
  EXPECT_EQ(orders[2].lines_without_cost, 1);
  EXPECT_DOUBLE_EQ(orders[2].value, 0.0);

  const auto csv = SupplierOrderCsv(orders[0], "");  // currency unknown: no column
  ASSERT_EQ(csv.size(), 3u);                         // header, D, total
  EXPECT_EQ(csv[0], (std::vector<std::string>{"supplier", "sku", "title", "location", "quantity",
                                              "unit_cost", "line_value"}));
  EXPECT_EQ(csv[1], (std::vector<std::string>{"Acme Roasters", "D", "Hario V60 Dripper", "WH1",
                                              std::to_string(d.order_quantity), "3.35",
                                              FormatMoney(*d.order_value)}));
  EXPECT_EQ(csv[2][1], "TOTAL");
  EXPECT_EQ(csv[2][4], std::to_string(d.order_quantity));
  EXPECT_EQ(csv[2][6], FormatMoney(*d.order_value));

  // With the store's currency known, every row ends with it, the header with its name.
  const auto priced = SupplierOrderCsv(orders[0], "USD");
  ASSERT_EQ(priced.size(), 3u);
  for (size_t r = 0; r < priced.size(); ++r) {
    ASSERT_EQ(priced[r].size(), 8u) << r;
    EXPECT_EQ(std::vector<std::string>(priced[r].begin(), priced[r].end() - 1), csv[r]) << r;
    EXPECT_EQ(priced[r].back(), r == 0 ? "currency" : "USD") << r;
  }
}

}  // namespace
}  // namespace mercato::inventory
