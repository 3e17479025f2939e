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
  WriteFile(dir, "products.csv", "sku,category,price\nA,Home > Mugs,5\nB,Garden,7.5\n");
  WriteFile(dir, "orders.csv",
            "id,customer_id,ts,cancelled_at\n"
            "o1,c1,2024-01-01T10:00:00Z,\n"                      // Monday
            "o2,c1,2024-01-03T10:00:00Z,\n"                      // same week
            "o3,,2024-01-09T10:00:00Z,\n"                        // guest, next week
            "o4,c2,2024-01-10T10:00:00Z,2024-01-10T11:00:00Z\n"  // cancelled
            "o5,c2,2024-02-01T10:00:00Z,\n");
  WriteFile(dir, "order_lines.csv",
            "order_id,line_no,sku,quantity,unit_price\n"
            "o1,1,A,2,5\no1,2,B,1,7.5\no2,1,A,1,5\no3,1,A,4,5\no4,1,B,9,7.5\no5,1,C,1,\n");
  WriteFile(dir, "events.csv",
            "customer_id,ts,type,sku,value\nc3,2024-01-05,interaction,B,2.5\n"
            "c3,2024-01-05,view,A,\n");
  WriteFile(dir, "returns.csv", "id,customer_id,sku,ts,quantity\nr1,c1,A,2024-01-04,1\n");
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

TEST(Snapshot, EmptyStore) {
  const std::string dir = FreshDir();
  auto store = FreshStore(dir);
  Snapshot s = LoadSnapshot(*store).value();
  EXPECT_EQ(s.lines.size(), 0u);
  EXPECT_EQ(s.interactions.rows, 0);
  EXPECT_FALSE(s.first_ts.has_value());
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
  EXPECT_EQ(FormatTimestamp(*s.first_ts), "2010-12-01T08:26:00Z");
  double units = 0;
  for (double v : s.weekly_demand.value) units += v;
  double line_units = 0;
  for (int32_t q : s.lines.quantity) line_units += q;
  EXPECT_EQ(units, line_units);
}

}  // namespace
}  // namespace mercato
