// Loading insights from a store: an empty store and insights that cannot be computed are both
// reported (not dropped), and a store with orders gives every buyer's insights.
#include "app/customer_data.h"

#include <gtest/gtest.h>

#include "ingest/import_test_util.h"
#include "recommend_serving/serving_test_util.h"
#include "store/open_store.h"

namespace mercato::app {
namespace {

TEST(LoadStoreInsights, AnEmptyStoreSaysWhy) {
  const std::string dir = mercato::testing::FreshDir();
  auto store = OpenStore(dir + "/empty.db").value();
  auto loaded = LoadStoreInsights(LoadSnapshot(*store).value(), {});
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_FALSE(loaded->insights.has_value());
  EXPECT_FALSE(loaded->failed);
  EXPECT_EQ(loaded->missing, "the store holds no orders from known customers");
}

TEST(LoadStoreInsights, InsightsThatFailAreReportedWithTheirError) {
  const std::string dir = mercato::testing::FreshDir();
  auto store = serving::testing::MakeServingStore(dir);
  customers::InsightOptions before_every_order;
  before_every_order.as_of = 86400;  // 1970-01-02: nobody had bought yet
  auto loaded = LoadStoreInsights(LoadSnapshot(*store).value(), before_every_order);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_FALSE(loaded->insights.has_value());
  EXPECT_TRUE(loaded->failed);
  EXPECT_EQ(loaded->missing,
            "customer insights could not be computed: no customer bought before "
            "1970-01-02T00:00:00Z");

  auto all = LoadStoreInsights(LoadSnapshot(*store).value(), {});
  ASSERT_TRUE(all.ok());
  ASSERT_TRUE(all->insights.has_value());
  EXPECT_TRUE(all->missing.empty());
  EXPECT_EQ(all->insights->customers.size(), 31u);  // every customer with an order
}

TEST(LoadCustomerData, NamesAMissingOrEmptyStore) {
  const std::string dir = mercato::testing::FreshDir();
  EXPECT_EQ(LoadCustomerData(dir + "/absent.db").status().code(), StatusCode::kNotFound);
  (void)OpenStore(dir + "/empty.db").value();
  const auto empty = LoadCustomerData(dir + "/empty.db");
  EXPECT_EQ(empty.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(empty.status().message().find("no orders from known customers"), std::string::npos);
}

TEST(DayAfter, IsTheExclusiveEndOfTheDay) {
  EXPECT_EQ(DayAfter("2011-06-30", "--as-of").value(), ParseTimestamp("2011-07-01").value());
  EXPECT_EQ(DayAfter("soon", "--as-of").status().message(),
            "--as-of soon: expected a date such as 2011-06-30");
}

}  // namespace
}  // namespace mercato::app
