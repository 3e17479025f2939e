// Tests of the store's weekly price panel: variants pooled, prices, promotion shares, zero weeks
// priced from the regular price, censored stock-out weeks left out.
#include "pricing/store_price_panel.h"

#include <gtest/gtest.h>

#include "ingest/import_test_util.h"

namespace mercato::pricing {
namespace {

using namespace mercato::testing;

// Four complete weeks from Monday 2024-01-01 to Sunday 2024-01-28. The mug has two variants, A1
// and A2; A1 is 20% off through the second week and out of stock from 14 January noon to
// 21 January noon, so the third week (no sales) is censored. B (a vase) sells in the first and
// the last week only and has no inventory records: its zero weeks are observed zeros.
TEST(StorePricePanel, PoolsVariantsPricesZeroWeeksAndLeavesOutCensoredWeeks) {
  const std::string dir = FreshDir();
  auto store = FreshStore(dir);
  WriteFile(dir, "products.csv",
            "id,sku,product_id,title,price,category\n"
            "p1,A1,mug,Mug blue,10,Kitchen > Mugs\n"
            "p2,A2,mug,Mug red,12,Kitchen > Mugs\n"
            "p3,B,,Vase,5,Decor > Vases\n");
  WriteFile(dir, "orders.csv",
            "id,customer_id,ts\n"
            "o1,c1,2024-01-01T10:00:00Z\n"
            "o2,c2,2024-01-10T10:00:00Z\n"
            "o3,c1,2024-01-24T10:00:00Z\n"
            "o4,c2,2024-01-28T10:00:00Z\n");
  WriteFile(dir, "order_lines.csv",
            "order_id,line_no,sku,quantity,unit_price\n"
            "o1,1,A1,2,10\no1,2,A2,1,10\no1,3,B,1,5\n"
            "o2,1,A1,3,8\n"
            "o3,1,A1,1,10\no3,2,A2,1,12\n"
            "o4,1,B,1,5\n");
  WriteFile(dir, "promotions.csv",
            "id,sku,start,end,discount_pct\npr1,A1,2024-01-08,2024-01-14,20\n");
  WriteFile(dir, "inventory.csv",
            "sku,location,ts,on_hand\n"
            "A1,W1,2024-01-01T00:00:00Z,10\n"
            "A1,W1,2024-01-14T12:00:00Z,0\n"
            "A1,W1,2024-01-21T12:00:00Z,5\n");
  ASSERT_TRUE(Import(*store, "generic", {dir}).ok());
  const PricePanel panel = BuildStorePricePanel(LoadSnapshot(*store).value()).value();
  ASSERT_EQ(panel.series.size(), 2u);
  EXPECT_EQ(panel.groups, (std::vector<std::string>{"Kitchen", "Decor"}));
  EXPECT_TRUE(panel.covariates.empty());  // no customer countries: no holidays
  const int64_t w0 = WeekOf(ParseTimestamp("2024-01-01").value());

  const PriceSeries& mug = panel.series[0];
  EXPECT_EQ(mug.key, "mug");
  EXPECT_EQ(mug.skus, (std::vector<std::string>{"A1", "A2"}));
  EXPECT_EQ(mug.group, 0);
  EXPECT_EQ(mug.censored, 1);
  EXPECT_EQ(mug.period, (std::vector<int64_t>{w0, w0 + 1, w0 + 3}));  // the third week left out
  EXPECT_EQ(mug.units, (std::vector<double>{3, 3, 2}));
  // (2·10 + 1·10)/3 = 10; 8; (10 + 12)/2 = 11.
  EXPECT_EQ(mug.price, (std::vector<double>{10, 8, 11}));
  // A1 on promotion all of week 2, A2 not at all: the variants' mean share 0.5.
  EXPECT_EQ(mug.promo, (std::vector<double>{0, 0.5, 0}));

  const PriceSeries& vase = panel.series[1];
  EXPECT_EQ(vase.key, "B");  // no product id: its own product under its SKU
  EXPECT_EQ(vase.censored, 0);
  EXPECT_EQ(vase.period, (std::vector<int64_t>{w0, w0 + 1, w0 + 2, w0 + 3}));
  EXPECT_EQ(vase.units, (std::vector<double>{1, 0, 0, 1}));
  // The weeks without a sale carry the regular price of the first week: 5 / (1 − 0).
  EXPECT_EQ(vase.price, (std::vector<double>{5, 5, 5, 5}));
}

TEST(StorePricePanel, AStoreWithoutSalesIsAFailedPrecondition) {
  const std::string dir = FreshDir();
  auto store = FreshStore(dir);
  WriteFile(dir, "products.csv", "id,sku,title,price\np1,A,Mug,10\n");
  ASSERT_TRUE(Import(*store, "generic", {dir}).ok());
  EXPECT_EQ(BuildStorePricePanel(LoadSnapshot(*store).value()).status().code(),
            StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace mercato::pricing
