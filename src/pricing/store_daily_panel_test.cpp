// Tests of the store's daily price panel: variants pooled, selling, promotional and regular
// prices per day, permanent price changes, leaves, censored stock-out days left out.
#include "pricing/store_daily_panel.h"

#include <gtest/gtest.h>

#include "common/time.h"
#include "ingest/import_test_util.h"

namespace mercato::pricing {
namespace {

using namespace mercato::testing;

// Seven complete days, Monday 2024-01-01 to Sunday 2024-01-07. The mug has two variants: A1
// (3 units in all: weight 0.75) and A2 (1 unit: weight 0.25); A1 is 20% off on 3 and 4 January
// (the promotion ends at 5 January 00:00), A2 is out of stock from 4 January noon to 5 January
// noon, so 5 January (no sales, out of stock all day) is censored. B shares the mug's leaf and
// changes its price for good to 6 on 5 January; C is a vase.
TEST(StoreDailyPanel, PoolsVariantsPricesEachDayAndLeavesOutCensoredDays) {
  const std::string dir = FreshDir();
  auto store = FreshStore(dir);
  WriteFile(dir, "products.csv",
            "id,sku,product_id,title,price,category\n"
            "p1,A1,mug,Mug blue,10,Kitchen > Mugs\n"
            "p2,A2,mug,Mug red,12,Kitchen > Mugs\n"
            "p3,B,,Beaker,5,Kitchen > Mugs\n"
            "p4,C,,Vase,20,Decor > Vases\n");
  WriteFile(dir, "orders.csv",
            "id,customer_id,ts\n"
            "o1,c1,2024-01-01T10:00:00Z\n"
            "o2,c2,2024-01-03T10:00:00Z\n"
            "o3,c1,2024-01-07T10:00:00Z\n");
  WriteFile(dir, "order_lines.csv",
            "order_id,line_no,sku,quantity,unit_price\n"
            "o1,1,A1,2,10\no1,2,A2,1,12\no1,3,B,1,5\no1,4,C,1,20\n"
            "o2,1,A1,1,8\n"
            "o3,1,B,1,6\no3,2,C,1,20\n");
  WriteFile(dir, "promotions.csv",
            "id,sku,start,end,discount_pct,price\n"
            "pr1,A1,2024-01-03T00:00:00Z,2024-01-05T00:00:00Z,20,\n"
            "pr2,B,2024-01-05T00:00:00Z,,,6\n");
  WriteFile(dir, "inventory.csv",
            "sku,location,ts,on_hand\n"
            "A2,W1,2023-12-31T00:00:00Z,10\n"
            "A2,W1,2024-01-04T12:00:00Z,0\n"
            "A2,W1,2024-01-05T12:00:00Z,5\n");
  ASSERT_TRUE(Import(*store, "generic", {dir}).ok());
  const DailyPricePanel daily = BuildStoreDailyPanel(LoadSnapshot(*store).value()).value();
  const PricePanel& panel = daily.panel;
  ASSERT_EQ(panel.series.size(), 3u);
  EXPECT_EQ(panel.groups, (std::vector<std::string>{"Kitchen", "Decor"}));
  EXPECT_EQ(daily.leaves, (std::vector<std::string>{"Kitchen > Mugs", "Decor > Vases"}));
  EXPECT_EQ(daily.leaf, (std::vector<int32_t>{0, 0, 1}));
  const int64_t d0 = DayOf(ParseTimestamp("2024-01-01").value());

  const PriceSeries& mug = panel.series[0];
  EXPECT_EQ(mug.skus, (std::vector<std::string>{"A1", "A2"}));
  EXPECT_EQ(mug.censored, 1);
  EXPECT_EQ(mug.period, (std::vector<int64_t>{d0, d0 + 1, d0 + 2, d0 + 3, d0 + 5, d0 + 6}));
  EXPECT_EQ(mug.units, (std::vector<double>{3, 0, 1, 0, 0, 0}));
  // A1: 10 (sold), 10 (regular), 8 (sold), 10·(1 − 0.2) = 8 (promotion, no sale), 10, 10;
  // A2: 12 every day. Mug = 0.75·A1 + 0.25·A2: 10.5, 10.5, 9, 9, 10.5, 10.5.
  EXPECT_EQ(mug.price, (std::vector<double>{10.5, 10.5, 9, 9, 10.5, 10.5}));
  EXPECT_EQ(mug.promo, (std::vector<double>{0, 0, 0.75, 0.75, 0, 0}));

  const PriceSeries& beaker = panel.series[1];
  EXPECT_EQ(beaker.key, "B");
  EXPECT_EQ(beaker.censored, 0);
  EXPECT_EQ(beaker.units, (std::vector<double>{1, 0, 0, 0, 0, 0, 1}));
  // Sold at 5, carried until the permanent change to 6 on 5 January.
  EXPECT_EQ(beaker.price, (std::vector<double>{5, 5, 5, 5, 6, 6, 6}));
}

TEST(StoreDailyPanel, AStoreWithoutSalesIsAFailedPrecondition) {
  const std::string dir = FreshDir();
  auto store = FreshStore(dir);
  WriteFile(dir, "products.csv", "id,sku,title,price\np1,A,Mug,10\n");
  ASSERT_TRUE(Import(*store, "generic", {dir}).ok());
  EXPECT_EQ(BuildStoreDailyPanel(LoadSnapshot(*store).value()).status().code(),
            StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace mercato::pricing
