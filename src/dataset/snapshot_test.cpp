// Tests of the dataset snapshot on a small generic store and, when present, the UCI file.
#include "dataset/snapshot.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "ingest/import_test_util.h"

namespace mercato {
namespace {

using namespace mercato::testing;

std::unique_ptr<Store> SmallStore(const std::string& dir) {
  auto store = FreshStore(dir);
  WriteFile(dir, "products.csv",
            "sku,title,description,brand,category,tags,price,compare_at_price,cost,status,url,"
            "image_url,inventory_quantity\n"
            "A,Mug,Blue mug,Acme,Home > Mugs,\"kitchen,blue\",5,6,2,active,https://x.example/a,"
            "https://x.example/a.jpg,7\n"
            "B,Rake,,Acme,Garden,,7.5,,,archived,,,\n");
  WriteFile(dir, "customers.csv", "id,email,country\nc1,c1@example.com,GB\nc2,,DE\n");
  WriteFile(dir, "orders.csv",
            "id,customer_id,ts,cancelled_at,channel,country,discount_total\n"
            "o1,c1,2024-01-01T10:00:00Z,,web,GB,1.5\n"                   // Monday
            "o2,c1,2024-01-03T10:00:00Z,,pos,,\n"                        // same week
            "o3,,2024-01-09T10:00:00Z,,web,GB,\n"                        // guest, next week
            "o4,c2,2024-01-10T10:00:00Z,2024-01-10T11:00:00Z,web,DE,\n"  // cancelled
            "o5,c2,2024-02-01T10:00:00Z,,,DE,0\n");
  WriteFile(dir, "order_lines.csv",
            "order_id,line_no,sku,quantity,unit_price\n"
            "o1,1,A,2,5\no1,2,B,1,7.5\no2,1,A,1,5\no3,1,A,4,5\no4,1,B,9,7.5\no5,1,C,1,\n");
  WriteFile(dir, "events.csv",
            "customer_id,ts,type,sku,value\nc3,2024-01-05,interaction,B,2.5\n"
            "c3,2024-01-05,view,A,\n");
  WriteFile(dir, "returns.csv", "id,customer_id,sku,ts,quantity\nr1,c1,A,2024-01-04,1\n");
  WriteFile(dir, "inventory.csv",
            "sku,location,ts,on_hand,on_order\n"
            "A,main,2024-01-02,3,5\nA,north,2024-01-03,0,\nB,main,2024-01-20,4,\n"
            "Z,main,2024-01-02,1,\n");  // Z: a SKU only stock and purchase orders name
  WriteFile(dir, "suppliers.csv", "id,name,lead_time_days\nS1,Supplies Ltd,14\n");
  WriteFile(dir, "purchase_orders.csv",
            "id,sku,supplier_id,quantity,unit_cost,ordered_at\n"
            "po1,Z,S1,10,1.5,2024-01-02\npo2,Y,S1,5,,2024-01-20\npo3,A,S1,20,2,2024-01-21\n");
  WriteFile(dir, "promotions.csv",
            "id,sku,start,end,price,discount_pct\n"
            "pr1,A,2024-01-08,2024-01-14,,20\npr2,Q,2024-01-01,,3,\npr3,B,2024-02-01,,6,\n");
  WriteFile(dir, "competitor_prices.csv",
            "sku,competitor,ts,price\n"
            "A,Rival,2024-01-02,4.5\nA,Rival,2024-01-09,4.75\nB,Other,2024-01-03,7\n"
            "Q,Rival,2024-01-02,3\n");  // Q is not an item
  EXPECT_TRUE(Import(*store, "generic", {dir}).ok());
  return store;
}

TEST(Snapshot, ColumnsMatricesAndPanels) {
  const std::string dir = FreshDir();
  auto store = SmallStore(dir);
  Snapshot s = LoadSnapshot(*store).value();
  EXPECT_EQ(s.items.size(), 3);  // A, B from the catalog, C from a line
  EXPECT_EQ(s.categories.size(), 2);
  EXPECT_TRUE(std::isnan(s.item_price[static_cast<size_t>(s.items.Find("C"))]));
  EXPECT_EQ(s.orders.size(), 4);  // o4 is cancelled
  EXPECT_EQ(s.lines.size(), 5u);
  EXPECT_EQ(s.returns.size(), 1u);

  const int32_t c1 = s.customers.Find("c1"), a = s.items.Find("A"), b = s.items.Find("B");
  ASSERT_NE(c1, IdIndex::kNone);
  auto cols = s.interactions.ColsOf(c1);
  ASSERT_EQ(cols.size(), 2u);
  EXPECT_EQ(s.interactions.ValuesOf(c1)[0], 2.0);  // A bought in two orders
  const int32_t c3 = s.customers.Find("c3");
  ASSERT_EQ(s.interactions.ColsOf(c3).size(), 1u);  // the interaction event, not the view
  EXPECT_EQ(s.interactions.ColsOf(c3)[0], b);
  EXPECT_EQ(s.interactions.ValuesOf(c3)[0], 2.5);
  EXPECT_EQ(s.interactions.nnz(), 4);  // c1:A, c1:B, c2:C, c3:B — guests are not in it

  auto weeks = s.weekly_demand.ColsOf(a);
  ASSERT_EQ(weeks.size(), 2u);
  EXPECT_EQ(FormatDay(DayOf(WeekStart(weeks[0]))), "2024-01-01");
  EXPECT_EQ(s.weekly_demand.ValuesOf(a)[0], 3.0);
  EXPECT_EQ(s.weekly_demand.ValuesOf(a)[1], 4.0);
  EXPECT_EQ(s.daily_demand.ColsOf(a).size(), 3u);
  EXPECT_EQ(s.daily_demand.ValuesOf(b)[0], 1.0);  // the cancelled order's 9 units are not demand
}

TEST(Snapshot, UntilCutsOffTheFuture) {
  const std::string dir = FreshDir();
  auto store = SmallStore(dir);
  SnapshotOptions options;
  options.until = ParseTimestamp("2024-01-05").value();
  Snapshot s = LoadSnapshot(*store, options).value();
  EXPECT_EQ(s.orders.size(), 2);
  EXPECT_EQ(s.lines.size(), 3u);
  EXPECT_EQ(s.returns.size(), 1u);
  EXPECT_LT(*s.last_ts, *options.until);
}

TEST(Snapshot, CatalogColumnsCarryEveryProductField) {
  const std::string dir = FreshDir();
  auto store = SmallStore(dir);
  const Snapshot s = LoadSnapshot(*store).value();
  const CatalogColumns& c = s.catalog;
  EXPECT_EQ(c.products, 2);
  ASSERT_EQ(c.size(), 3u);  // A, B and C (only in a line)
  const auto a = static_cast<size_t>(s.items.Find("A"));
  const auto b = static_cast<size_t>(s.items.Find("B"));
  const auto cc = static_cast<size_t>(s.items.Find("C"));
  EXPECT_EQ(c.title[a], "Mug");
  EXPECT_EQ(c.description[a], "Blue mug");
  EXPECT_EQ(c.tags[a], "kitchen,blue");
  EXPECT_EQ(c.url[a], "https://x.example/a");
  EXPECT_EQ(c.image_url[a], "https://x.example/a.jpg");
  EXPECT_EQ(Snapshot::NameOf(s.brands, c.brand[a]), "Acme");
  EXPECT_EQ(c.brand[a], c.brand[b]);  // interned once
  EXPECT_EQ(s.brands.size(), 1);
  EXPECT_EQ(Snapshot::NameOf(s.category_paths, c.category[a]), "Home > Mugs");
  EXPECT_EQ(Snapshot::NameOf(s.statuses, c.status[a]), "active");
  EXPECT_EQ(Snapshot::NameOf(s.statuses, c.status[b]), "archived");
  EXPECT_EQ(c.price[a], 5.0);
  EXPECT_EQ(c.price[b], 7.5);
  EXPECT_EQ(c.compare_at_price[a], 6.0);
  EXPECT_FALSE(c.compare_at_price[b].has_value());
  EXPECT_EQ(c.cost[a], 2.0);
  EXPECT_EQ(c.inventory_quantity[a], 7);
  EXPECT_FALSE(c.inventory_quantity[b].has_value());
  EXPECT_EQ(c.title[cc], "");
  EXPECT_EQ(c.brand[cc], IdIndex::kNone);
  EXPECT_EQ(c.category[cc], IdIndex::kNone);
  EXPECT_FALSE(c.price[cc].has_value());
}

TEST(Snapshot, LinesWithoutSkuJoinTheProductTheirTitleNames) {
  const std::string dir = FreshDir();
  auto store = FreshStore(dir);
  WriteFile(dir, "products.csv",
            "sku,product_id,title\nGB-1,gift-box,Coffee Lover Gift Box\n"
            "GB-2,gift-box,Coffee Lover Gift Box\nM-1,mug,Mug\n");
  WriteFile(dir, "orders.csv", "id,customer_id,ts\no1,c1,2024-01-01T10:00:00Z\n");
  WriteFile(dir, "order_lines.csv",
            "order_id,line_no,sku,quantity\no1,1,title:coffee-lover-gift-box,1\n"
            "o1,2,title:mug,1\no1,3,title:gift-wrapping,1\n");
  ASSERT_TRUE(Import(*store, "generic", {dir}).ok());
  const Snapshot s = LoadSnapshot(*store).value();
  ASSERT_EQ(s.lines.size(), 3u);
  EXPECT_EQ(s.items.Key(s.lines.item[0]), "GB-1");                 // by title
  EXPECT_EQ(s.items.Key(s.lines.item[1]), "M-1");                  // by handle
  EXPECT_EQ(s.items.Key(s.lines.item[2]), "title:gift-wrapping");  // no product: kept as is
  EXPECT_EQ(s.items.size(), 4);
  EXPECT_EQ(s.catalog.product_id[static_cast<size_t>(s.items.Find("GB-2"))], "gift-box");
}

TEST(Snapshot, CustomerAndOrderColumns) {
  const std::string dir = FreshDir();
  auto store = SmallStore(dir);
  const Snapshot s = LoadSnapshot(*store).value();
  EXPECT_EQ(s.customer_records, 2);  // c1, c2; c3 is only named by an event
  ASSERT_EQ(s.customers.size(), 3);
  ASSERT_EQ(s.customer_email.size(), 3u);
  const auto c1 = static_cast<size_t>(s.customers.Find("c1"));
  const auto c2 = static_cast<size_t>(s.customers.Find("c2"));
  const auto c3 = static_cast<size_t>(s.customers.Find("c3"));
  EXPECT_EQ(s.customer_email[c1], "c1@example.com");
  EXPECT_EQ(s.customer_email[c2], "");
  EXPECT_EQ(Snapshot::NameOf(s.countries, s.customer_country[c1]), "GB");
  EXPECT_EQ(Snapshot::NameOf(s.countries, s.customer_country[c2]), "DE");
  EXPECT_EQ(s.customer_country[c3], IdIndex::kNone);

  ASSERT_EQ(s.order_channel.size(), 4u);  // o4 is cancelled
  auto order = [&](const char* id) { return static_cast<size_t>(s.orders.Find(id)); };
  EXPECT_EQ(Snapshot::NameOf(s.channels, s.order_channel[order("o1")]), "web");
  EXPECT_EQ(Snapshot::NameOf(s.channels, s.order_channel[order("o2")]), "pos");
  EXPECT_EQ(s.order_channel[order("o5")], IdIndex::kNone);
  EXPECT_EQ(s.order_channel[order("o1")], s.order_channel[order("o3")]);
  EXPECT_EQ(Snapshot::NameOf(s.countries, s.order_country[order("o3")]), "GB");
  EXPECT_EQ(s.order_country[order("o5")], s.customer_country[c2]);  // one table of countries
  EXPECT_EQ(s.order_country[order("o2")], IdIndex::kNone);
  EXPECT_EQ(s.order_discount[order("o1")], 1.5f);
  EXPECT_TRUE(std::isnan(s.order_discount[order("o2")]));
  EXPECT_EQ(s.order_discount[order("o5")], 0.0f);
}

TEST(Snapshot, StockPurchaseOrdersSuppliersAndPromotions) {
  const std::string dir = FreshDir();
  auto store = SmallStore(dir);
  const Snapshot s = LoadSnapshot(*store).value();
  const int32_t a = s.items.Find("A"), b = s.items.Find("B");
  // Levels in key order (SKU, location, time); Z is not an item: it gets the first id after them.
  ASSERT_EQ(s.stock.size(), 4u);
  EXPECT_EQ(s.stock.item, (std::vector<int32_t>{a, a, b, s.items.size()}));
  EXPECT_EQ(s.SkuOf(s.stock.item[3]), "Z");
  EXPECT_EQ(s.locations.Key(s.stock.location[0]), "main");
  EXPECT_EQ(s.locations.Key(s.stock.location[1]), "north");
  EXPECT_EQ(s.stock.location[0], s.stock.location[2]);
  EXPECT_EQ(FormatDay(DayOf(s.stock.ts[1])), "2024-01-03");
  EXPECT_EQ(s.stock.on_hand, (std::vector<int64_t>{3, 0, 4, 1}));
  EXPECT_EQ(s.stock.on_order[0], 5);
  EXPECT_FALSE(s.stock.on_order[1].has_value());

  ASSERT_EQ(s.supply_skus.size(), 2);  // Z from stock, then Y from a purchase order
  EXPECT_EQ(s.supply_skus.Key(1), "Y");
  ASSERT_EQ(s.purchase_orders.size(), 3u);
  EXPECT_EQ(s.purchase_orders[1].id, "po2");
  EXPECT_EQ(s.purchase_orders[1].quantity, 5);
  EXPECT_EQ(s.purchase_order_item, (std::vector<int32_t>{s.items.size(), s.items.size() + 1, a}));
  EXPECT_EQ(s.SkuOf(s.purchase_order_item[1]), "Y");
  EXPECT_EQ(s.purchase_orders[2].unit_cost, 2.0);
  ASSERT_EQ(s.suppliers.size(), 1u);
  EXPECT_EQ(s.suppliers[0].name, "Supplies Ltd");
  EXPECT_EQ(s.suppliers[0].lead_time_days, 14.0);

  ASSERT_EQ(s.promotions.size(), 2u);  // pr2's SKU Q is not an item
  EXPECT_EQ(s.promotions.item, (std::vector<int32_t>{a, b}));
  EXPECT_EQ(s.promotions.discount_pct[0], 20.0);
  EXPECT_FALSE(s.promotions.price[0].has_value());
  EXPECT_EQ(FormatDay(DayOf(*s.promotions.end[0])), "2024-01-14");
  EXPECT_EQ(s.promotions.price[1], 6.0);
  EXPECT_FALSE(s.promotions.end[1].has_value());

  ASSERT_EQ(s.competitor_prices.size(), 3u);  // Q's observation is not of an item
  EXPECT_EQ(s.competitor_prices.item, (std::vector<int32_t>{a, a, b}));
  EXPECT_EQ(s.competitors.Key(s.competitor_prices.competitor[0]), "Rival");
  EXPECT_EQ(s.competitors.Key(s.competitor_prices.competitor[2]), "Other");
  EXPECT_EQ(FormatDay(DayOf(s.competitor_prices.ts[1])), "2024-01-09");
  EXPECT_EQ(s.competitor_prices.price, (std::vector<double>{4.5, 4.75, 7}));
}

TEST(Snapshot, UntilCutsStockAndPurchaseOrdersButNotTheCatalog) {
  const std::string dir = FreshDir();
  auto store = SmallStore(dir);
  const Snapshot s = LoadSnapshot(*store, {.until = ParseTimestamp("2024-01-05").value()}).value();
  EXPECT_EQ(s.catalog.products, 2);
  EXPECT_EQ(s.catalog.size(), 2u);                              // C's order is after the cut-off
  EXPECT_EQ(s.stock.on_hand, (std::vector<int64_t>{3, 0, 1}));  // B's level of 01-20 is later
  ASSERT_EQ(s.purchase_orders.size(), 1u);
  EXPECT_EQ(s.purchase_orders[0].id, "po1");
  EXPECT_EQ(s.supply_skus.size(), 1);
  EXPECT_EQ(s.promotions.size(), 2u);                                   // planned: known ahead
  EXPECT_EQ(s.competitor_prices.price, (std::vector<double>{4.5, 7}));  // A's 01-09 is later
  EXPECT_EQ(s.suppliers.size(), 1u);
  EXPECT_EQ(s.order_channel.size(), 2u);
  EXPECT_EQ(s.customer_records, 2);
}

TEST(Snapshot, CatalogOnlyLeavesOutOrdersReturnsAndEvents) {
  const std::string dir = FreshDir();
  auto store = SmallStore(dir);
  const Snapshot s = LoadSnapshot(*store, {.catalog_only = true}).value();
  EXPECT_EQ(s.items.size(), 2);
  EXPECT_EQ(s.catalog.size(), 2u);
  EXPECT_EQ(s.catalog.title[0], "Mug");
  EXPECT_EQ(s.customers.size(), 2);  // the records: c3 is only named by an event
  EXPECT_EQ(s.customer_email[0], "c1@example.com");
  EXPECT_EQ(s.orders.size(), 0);
  EXPECT_EQ(s.lines.size(), 0u);
  EXPECT_EQ(s.returns.size(), 0u);
  EXPECT_EQ(s.interactions.nnz(), 0);
  EXPECT_FALSE(s.first_ts.has_value());
  EXPECT_EQ(s.stock.size(), 4u);
  EXPECT_EQ(s.promotions.size(), 2u);
  EXPECT_EQ(s.competitor_prices.size(), 0u);
}

TEST(Snapshot, EmptyStore) {
  const std::string dir = FreshDir();
  auto store = FreshStore(dir);
  Snapshot s = LoadSnapshot(*store).value();
  EXPECT_EQ(s.lines.size(), 0u);
  EXPECT_EQ(s.interactions.rows, 0);
  EXPECT_FALSE(s.first_ts.has_value());
  EXPECT_EQ(s.catalog.size(), 0u);
  EXPECT_EQ(s.stock.size(), 0u);
  EXPECT_EQ(s.customer_records, 0);
}

TEST(Snapshot, OnlineRetail) {
  const std::string path = SharedData("uci-online-retail/online_retail.csv.zst");
  if (path.empty()) GTEST_SKIP() << "../shared/data/uci-online-retail absent; skipping";
  const std::string dir = FreshDir();
  auto store = FreshStore(dir);
  ASSERT_TRUE(Import(*store, "online-retail", {path}).ok());
  Snapshot s = LoadSnapshot(*store).value();
  EXPECT_EQ(s.customers.size(), 4372);
  EXPECT_EQ(s.items.size(), 4054);
  EXPECT_EQ(s.lines.size(), 527761u);
  EXPECT_EQ(s.catalog.size(), 4054u);
  EXPECT_EQ(s.customer_records, 4372);
  EXPECT_EQ(s.order_channel.size(), static_cast<size_t>(s.orders.size()));
  EXPECT_EQ(FormatTimestamp(*s.first_ts), "2010-12-01T08:26:00Z");
  double units = 0;
  for (double v : s.weekly_demand.value) units += v;
  double line_units = 0;
  for (int32_t q : s.lines.quantity) line_units += q;
  EXPECT_EQ(units, line_units);
}

}  // namespace
}  // namespace mercato
