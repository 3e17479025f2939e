// Lapse features: hand-checked values on a small store, and nothing after the point in time
// (a later order or return) changes them.
#include "customers/lapse_features.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "customers/history_test_util.h"
#include "ingest/import_test_util.h"

namespace mercato::customers {
namespace {

using mercato::testing::FreshDir;
using mercato::testing::WriteFile;
using testing::CustomerIndex;
using testing::LoadHistory;

constexpr const char* kLapseProducts =
    "sku,category,price\nA,Home > Mugs,5\nB,Garden,10\nC,Home,2\n";
constexpr const char* kLapseOrders =
    "id,customer_id,ts,channel,country,discount_total\n"
    "o1,c1,2024-01-01T10:00:00Z,web,GB,\n"
    "o2,c1,2024-01-11T10:00:00Z,web,GB,2.5\n"
    "o3,c1,2024-02-10T10:00:00Z,pos,GB,\n"
    "o4,c2,2024-01-05T10:00:00Z,web,FR,\n";
constexpr const char* kLapseLines =
    "order_id,line_no,sku,quantity,unit_price\n"
    "o1,1,A,2,5\no1,2,B,1,10\n"
    "o2,1,A,1,5\no2,2,C,3,\n"
    "o3,1,B,4,10\n"
    "o4,1,C,1,2\n";

/// c1: orders of 20 (web), 11 (web, 2.5 discount) and 40 (pos) on Jan 1, 11 and Feb 10 2024 at
/// 10:00, a return of 5 on Jan 20; c2: one order of 2 on Jan 5. `extra_*` rows are appended.
testing::LoadedHistory LapseHistory(const std::string& extra_orders = "",
                                    const std::string& extra_lines = "",
                                    const std::string& extra_returns = "") {
  const std::string dir = FreshDir();
  WriteFile(dir, "products.csv", kLapseProducts);
  WriteFile(dir, "orders.csv", kLapseOrders + extra_orders);
  WriteFile(dir, "order_lines.csv", kLapseLines + extra_lines);
  WriteFile(dir, "returns.csv",
            "id,customer_id,sku,ts,quantity,amount\nr1,c1,A,2024-01-20,1,5\n" + extra_returns);
  return LoadHistory(dir);
}

float Feature(const OrderHistory& h, const std::vector<float>& f, const std::string& name) {
  const auto names = LapseFeatureNames(h);
  const auto at = std::find(names.begin(), names.end(), name);
  EXPECT_NE(at, names.end()) << name;
  return f[static_cast<size_t>(at - names.begin())];
}

TEST(LapseFeatures, HandCheckedAtAPointInTime) {
  const auto l = LapseHistory();
  const OrderHistory& h = l.history;
  const Timestamp as_of = ParseTimestamp("2024-03-01T00:00:00Z").value();
  const std::vector<float> f = LapseFeatures(h, CustomerIndex(h, "c1"), as_of);
  ASSERT_EQ(f.size(), LapseFeatureNames(h).size());
  // Last order Feb 10 10:00: 19 days 14 hours before Mar 1; first order Jan 1 10:00: 31 + 29
  // days (2024 is a leap year) less 10 hours.
  EXPECT_FLOAT_EQ(Feature(h, f, "recency_days"), 19.0f + 14.0f / 24.0f);
  EXPECT_FLOAT_EQ(Feature(h, f, "tenure_days"), 60.0f - 10.0f / 24.0f);
  EXPECT_FLOAT_EQ(Feature(h, f, "orders"), 3.0f);
  EXPECT_FLOAT_EQ(Feature(h, f, "purchase_days"), 3.0f);
  EXPECT_FLOAT_EQ(Feature(h, f, "purchase_days_per_30"), 90.0f / (60.0f - 10.0f / 24.0f));
  // Gaps of 10 and 30 days: mean 20, last 30, trend 30 / 10.
  EXPECT_FLOAT_EQ(Feature(h, f, "mean_gap_days"), 20.0f);
  EXPECT_FLOAT_EQ(Feature(h, f, "last_gap_days"), 30.0f);
  EXPECT_FLOAT_EQ(Feature(h, f, "gap_trend"), 3.0f);
  EXPECT_FLOAT_EQ(Feature(h, f, "recency_over_mean_gap"), (19.0f + 14.0f / 24.0f) / 20.0f);
  // Days with a purchase in (Jan 30, Feb 29]: Feb 10; in (Dec 1, Feb 29]: all three.
  EXPECT_FLOAT_EQ(Feature(h, f, "purchase_days_last_30"), 1.0f);
  EXPECT_FLOAT_EQ(Feature(h, f, "purchase_days_last_90"), 3.0f);
  EXPECT_FLOAT_EQ(Feature(h, f, "purchase_days_prior_90"), 0.0f);
  // Values 20 + 11 + 40 (C's price 2 from the catalog).
  EXPECT_FLOAT_EQ(Feature(h, f, "spend"), 71.0f);
  EXPECT_FLOAT_EQ(Feature(h, f, "mean_order_value"), 71.0f / 3.0f);
  EXPECT_FLOAT_EQ(Feature(h, f, "last_order_value"), 40.0f);
  EXPECT_FLOAT_EQ(Feature(h, f, "spend_last_90"), 71.0f);
  EXPECT_FLOAT_EQ(Feature(h, f, "units_per_order"), 11.0f / 3.0f);  // 3 + 4 + 4
  EXPECT_FLOAT_EQ(Feature(h, f, "lines_per_order"), 5.0f / 3.0f);
  EXPECT_FLOAT_EQ(Feature(h, f, "distinct_items"), 3.0f);
  EXPECT_FLOAT_EQ(Feature(h, f, "distinct_categories"), 2.0f);  // Home, Garden
  EXPECT_FLOAT_EQ(Feature(h, f, "discounted_order_share"), 1.0f / 3.0f);
  EXPECT_FLOAT_EQ(Feature(h, f, "discount_share"), 2.5f / 73.5f);
  EXPECT_FLOAT_EQ(Feature(h, f, "returns"), 1.0f);
  EXPECT_FLOAT_EQ(Feature(h, f, "returned_share"), 5.0f / 71.0f);
  EXPECT_FLOAT_EQ(Feature(h, f, "days_since_last_return"), 41.0f);  // Jan 20 to Mar 1
  EXPECT_FLOAT_EQ(Feature(h, f, "channel"), 1.0f);                  // pos, the last order's
  EXPECT_FLOAT_EQ(Feature(h, f, "country"), 0.0f);                  // GB
  // Home: A 10 + 5, C 6; Garden: B 10 + 40.
  EXPECT_FLOAT_EQ(Feature(h, f, "share:Home"), 21.0f / 71.0f);
  EXPECT_FLOAT_EQ(Feature(h, f, "share:Garden"), 50.0f / 71.0f);
}

TEST(LapseFeatures, OneDayBuyerHasNoGapsAndOnlyEarlierOrdersCount) {
  const auto l = LapseHistory();
  const OrderHistory& h = l.history;
  const int32_t c1 = CustomerIndex(h, "c1"), c2 = CustomerIndex(h, "c2");
  const Timestamp jan15 = ParseTimestamp("2024-01-15T00:00:00Z").value();
  const std::vector<float> c2f = LapseFeatures(h, c2, jan15);
  EXPECT_TRUE(std::isnan(Feature(h, c2f, "mean_gap_days")));
  EXPECT_TRUE(std::isnan(Feature(h, c2f, "gap_trend")));
  EXPECT_TRUE(std::isnan(Feature(h, c2f, "days_since_last_return")));
  EXPECT_FLOAT_EQ(Feature(h, c2f, "recency_days"), 9.0f + 14.0f / 24.0f);
  // c1 on Jan 15: the Feb 10 order and the Jan 20 return are in the future.
  const std::vector<float> c1f = LapseFeatures(h, c1, jan15);
  EXPECT_FLOAT_EQ(Feature(h, c1f, "orders"), 2.0f);
  EXPECT_FLOAT_EQ(Feature(h, c1f, "spend"), 31.0f);
  EXPECT_FLOAT_EQ(Feature(h, c1f, "returns"), 0.0f);
  EXPECT_TRUE(std::isnan(Feature(h, c1f, "gap_trend")));  // one gap only
  EXPECT_FALSE(HasOrderBefore(h, c2, ParseTimestamp("2024-01-05T10:00:00Z").value()));
  EXPECT_TRUE(HasOrderBefore(h, c2, ParseTimestamp("2024-01-05T10:00:01Z").value()));
}

TEST(LapseFeatures, AskedAheadOnlyTheClockMoves) {
  const auto l = LapseHistory();
  const OrderHistory& h = l.history;
  const int32_t c1 = CustomerIndex(h, "c1");
  const Timestamp as_of = ParseTimestamp("2024-03-01T00:00:00Z").value();
  std::vector<float> ahead;
  AppendLapseFeatures(h, c1, as_of, as_of + 30 * kSecondsPerDay, ahead);
  const std::vector<float> now = LapseFeatures(h, c1, as_of);
  // 30 days later without a purchase: recency and tenure grow by 30 and the Feb 10 purchase
  // leaves the last 30 days; what was bought is the same.
  EXPECT_FLOAT_EQ(Feature(h, ahead, "recency_days"), Feature(h, now, "recency_days") + 30.0f);
  EXPECT_FLOAT_EQ(Feature(h, ahead, "tenure_days"), Feature(h, now, "tenure_days") + 30.0f);
  EXPECT_FLOAT_EQ(Feature(h, ahead, "purchase_days_last_30"), 0.0f);
  EXPECT_FLOAT_EQ(Feature(h, ahead, "spend"), 71.0f);
  EXPECT_FLOAT_EQ(Feature(h, ahead, "orders"), 3.0f);
}

TEST(LapseFeatures, LaterOrdersAndReturnsChangeNothing) {
  const auto before = LapseHistory();
  // A later order (same categories, channel and country ranks) and a later return.
  const auto after = LapseHistory("o9,c1,2024-03-05T10:00:00Z,web,GB,\n", "o9,1,C,1,2\n",
                                  "r2,c1,B,2024-03-02,1,10\n");
  const Timestamp as_of = ParseTimestamp("2024-03-01T00:00:00Z").value();
  for (const std::string id : {"c1", "c2"}) {
    const std::vector<float> a =
        LapseFeatures(before.history, CustomerIndex(before.history, id), as_of);
    const std::vector<float> b =
        LapseFeatures(after.history, CustomerIndex(after.history, id), as_of);
    ASSERT_EQ(a.size(), b.size());
    for (size_t k = 0; k < a.size(); ++k) {
      if (std::isnan(a[k])) {
        EXPECT_TRUE(std::isnan(b[k])) << id << " " << LapseFeatureNames(before.history)[k];
      } else {
        EXPECT_EQ(a[k], b[k]) << id << " " << LapseFeatureNames(before.history)[k];
      }
    }
  }
}

}  // namespace
}  // namespace mercato::customers
