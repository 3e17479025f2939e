// VIP early identification: order histories from a small store, features that never look past
// their order, and a planted store where VIPs are the fast repeaters, which the model finds and
// the spend-so-far baseline does not.
#include "customers/vip.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <random>

#include "customers/history_test_util.h"
#include "ingest/import_test_util.h"

namespace mercato::customers {
namespace {

using mercato::testing::FreshDir;
using mercato::testing::WriteFile;
using testing::CustomerIndex;
using testing::LoadHistory;
using Loaded = testing::LoadedHistory;

/// c1: three orders (web, GB; the 2nd with a 2.5 discount) and a return after the 2nd; c2: one
/// order; a guest order.
Loaded SmallHistory() {
  const std::string dir = FreshDir();
  WriteFile(dir, "products.csv", "sku,category,price\nA,Home > Mugs,5\nB,Garden,10\nC,Home,2\n");
  WriteFile(dir, "orders.csv",
            "id,customer_id,ts,channel,country,discount_total\n"
            "o1,c1,2024-01-01T10:00:00Z,web,GB,\n"
            "o2,c1,2024-01-11T10:00:00Z,web,GB,2.5\n"
            "o3,c1,2024-02-10T10:00:00Z,pos,GB,\n"
            "o4,c2,2024-01-05T10:00:00Z,web,FR,\n"
            "o5,,2024-01-06T10:00:00Z,web,GB,\n");
  WriteFile(dir, "order_lines.csv",
            "order_id,line_no,sku,quantity,unit_price\n"
            "o1,1,A,2,5\no1,2,B,1,10\n"
            "o2,1,A,1,5\no2,2,C,3,\n"  // C's price comes from the catalog
            "o3,1,B,4,10\n"
            "o4,1,C,1,2\no5,1,A,9,5\n");
  WriteFile(dir, "returns.csv", "id,customer_id,sku,ts,quantity,amount\nr1,c1,A,2024-01-20,1,5\n");
  return LoadHistory(dir);
}

TEST(OrderHistory, GroupsOrdersByCustomerWithValuesAndFacts) {
  const Loaded l = SmallHistory();
  const OrderHistory& h = l.history;
  const int32_t c1 = CustomerIndex(h, "c1"), c2 = CustomerIndex(h, "c2");
  ASSERT_EQ(h.num_orders(c1), 3);
  ASSERT_EQ(h.num_orders(c2), 1);
  EXPECT_EQ(h.ts.size(), 4u);  // the guest order is left out
  const int32_t o = h.customer_start[c1];
  EXPECT_FLOAT_EQ(h.value[o], 20.0f);
  EXPECT_FLOAT_EQ(h.value[o + 1], 11.0f);
  EXPECT_FLOAT_EQ(h.value[o + 2], 40.0f);
  EXPECT_FLOAT_EQ(h.discount[o + 1], 2.5f);
  EXPECT_FLOAT_EQ(h.units[o], 3.0f);
  EXPECT_EQ(h.lines[o + 1], 2);
  EXPECT_EQ(h.new_items[o], 2);
  EXPECT_EQ(h.new_items[o + 1], 1);  // C is new, A is not
  EXPECT_EQ(h.new_items[o + 2], 0);
  EXPECT_EQ(h.new_categories[o], 2);
  EXPECT_EQ(h.new_categories[o + 1], 0);
  EXPECT_FLOAT_EQ(h.max_price[o], 10.0f);
  ASSERT_EQ(h.channels, (std::vector<std::string>{"web", "pos"}));
  ASSERT_EQ(h.countries, (std::vector<std::string>{"GB", "FR"}));
  EXPECT_EQ(h.channel[o + 2], 1);
  EXPECT_EQ(h.country[h.customer_start[c2]], 1);
  // By value sold, guests' orders included: Home 68, Garden 50.
  ASSERT_EQ(h.categories, (std::vector<std::string>{"Home", "Garden"}));
  EXPECT_FLOAT_EQ(h.category_value[static_cast<size_t>(o + 1) * 2 + 0], 11.0f);
  EXPECT_FLOAT_EQ(h.category_value[static_cast<size_t>(o + 2) * 2 + 1], 40.0f);
  ASSERT_EQ(h.return_start[c1 + 1] - h.return_start[c1], 1);
  EXPECT_FLOAT_EQ(h.return_amount[h.return_start[c1]], 5.0f);
  EXPECT_EQ(FormatTimestamp(h.end), "2024-02-10T10:00:00Z");
}

TEST(VipFeatures, UseOnlyWhatIsKnownAtTheOrder) {
  const Loaded l = SmallHistory();
  const OrderHistory& h = l.history;
  const auto names = VipFeatureNames(h);
  const int32_t c1 = CustomerIndex(h, "c1");
  const std::vector<float> at2 = VipFeatures(h, c1, 2);
  ASSERT_EQ(at2.size(), names.size());
  auto feature = [&](const std::vector<float>& f, const std::string& name) {
    return f[static_cast<size_t>(std::find(names.begin(), names.end(), name) - names.begin())];
  };
  EXPECT_FLOAT_EQ(feature(at2, "value_order_1"), 20.0f);
  EXPECT_FLOAT_EQ(feature(at2, "value_order_2"), 11.0f);
  EXPECT_TRUE(std::isnan(feature(at2, "value_order_3")));
  EXPECT_FLOAT_EQ(feature(at2, "days_order_1_2"), 10.0f);
  EXPECT_TRUE(std::isnan(feature(at2, "days_order_2_3")));
  EXPECT_FLOAT_EQ(feature(at2, "spend_so_far"), 31.0f);
  EXPECT_FLOAT_EQ(feature(at2, "distinct_items"), 3.0f);
  EXPECT_FLOAT_EQ(feature(at2, "discounted_orders"), 1.0f);
  EXPECT_FLOAT_EQ(feature(at2, "returns_so_far"), 0.0f);  // the return comes after the 2nd order
  EXPECT_FLOAT_EQ(feature(at2, "share:Home"), 21.0f / 31.0f);
  const std::vector<float> at3 = VipFeatures(h, c1, 3);
  EXPECT_FLOAT_EQ(feature(at3, "days_order_2_3"), 30.0f);
  EXPECT_FLOAT_EQ(feature(at3, "returns_so_far"), 1.0f);
  EXPECT_FLOAT_EQ(feature(at3, "returned_amount"), 5.0f);
  EXPECT_FLOAT_EQ(feature(at3, "channel"), 0.0f);  // the first order's channel
}

/// A store where each customer repeats at their own pace: 15% "fast" customers re-order about
/// every 12 days, the rest about every 90; order values are drawn independently of the pace.
/// So the 12-month top 10% are fast customers, told apart by the gap between the first orders,
/// not by what they spent on them. First orders span 400 days, the data 780.
Loaded PlantedStore(int customers, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::lognormal_distribution<double> value(3.5, 0.6);
  const Timestamp base = ParseTimestamp("2022-01-01").value();
  const Timestamp end = base + 780 * kSecondsPerDay;
  std::string products = "sku,category,price\n", orders = "id,customer_id,ts,channel,country\n",
              lines = "order_id,line_no,sku,quantity,unit_price\n";
  const char* categories[] = {"Home", "Garden", "Toys"};
  for (int k = 0; k < 12; ++k) {
    products += "S" + std::to_string(k) + "," + categories[k % 3] + ",10\n";
  }
  int order_id = 0;
  char row[160];
  for (int c = 0; c < customers; ++c) {
    const bool fast = u(rng) < 0.15;
    const double gap_days = fast ? 12.0 : 90.0;
    const std::string channel = u(rng) < 0.7 ? "web" : "pos";
    const std::string country = u(rng) < 0.8 ? "GB" : "FR";
    Timestamp t = base + static_cast<Timestamp>(u(rng) * 400 * kSecondsPerDay);
    while (t < end) {
      const int id = order_id++;
      std::snprintf(row, sizeof row, "o%d,c%d,%s,%s,%s\n", id, c, FormatTimestamp(t).c_str(),
                    channel.c_str(), country.c_str());
      orders += row;
      const int quantity = 1 + static_cast<int>(u(rng) * 3);
      std::snprintf(row, sizeof row, "o%d,1,S%d,%d,%.2f\n", id, static_cast<int>(u(rng) * 12),
                    quantity, value(rng) / quantity);
      lines += row;
      t += static_cast<Timestamp>(-std::log(1.0 - u(rng)) * gap_days * kSecondsPerDay) + 3600;
    }
  }
  const std::string dir = FreshDir();
  WriteFile(dir, "products.csv", products);
  WriteFile(dir, "orders.csv", orders);
  WriteFile(dir, "order_lines.csv", lines);
  return LoadHistory(dir);
}

TEST(Vip, FindsThePlantedFastRepeatersOnATimeSplit) {
  const Loaded l = PlantedStore(800, 11);
  auto ev = EvaluateVip(l.history, std::nullopt);
  ASSERT_TRUE(ev.ok()) << ev.status().ToString();
  EXPECT_LT(ev->cohort_begin, ev->cohort_end);
  EXPECT_EQ(ev->cutoff, ev->cohort_begin + 365 * kSecondsPerDay);  // train windows close by then
  EXPECT_GT(ev->training_customers, 250);
  EXPECT_GT(ev->evaluated_customers, 250);
  ASSERT_EQ(ev->at_order.size(), 2u);
  for (const VipOrderEvaluation& at : ev->at_order) {
    SCOPED_TRACE(at.order_number);
    EXPECT_GT(at.customers, 200);
    EXPECT_NEAR(static_cast<double>(at.vips), 0.1 * static_cast<double>(ev->evaluated_customers),
                0.03 * static_cast<double>(ev->evaluated_customers));
    ASSERT_TRUE(at.model_auc && at.baseline_auc);
    EXPECT_GT(*at.model_auc, 0.8);
    EXPECT_GT(*at.model_auc, *at.baseline_auc + 0.2);  // spend so far is near chance
  }
  ASSERT_FALSE(ev->feature_gain.empty());
  EXPECT_EQ(ev->feature_gain[0].first, "days_order_1_2");

  auto again = EvaluateVip(l.history, std::nullopt);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again->at_order[0].model_auc, *ev->at_order[0].model_auc);
}

TEST(Vip, ScoresCustomersWithTwoOrThreeOrders) {
  const Loaded l = PlantedStore(400, 12);
  auto model = TrainVip(l.history, l.history.end);
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  EXPECT_EQ(model->classifiers.size(), 2u);
  auto scores = ScoreVip(*model, l.history);
  ASSERT_TRUE(scores.ok()) << scores.status().ToString();
  int64_t expected = 0;
  for (int32_t c = 0; c < l.history.num_customers(); ++c) {
    expected += l.history.num_orders(c) == 2 || l.history.num_orders(c) == 3;
  }
  ASSERT_EQ(static_cast<int64_t>(scores->size()), expected);
  ASSERT_GT(expected, 10);
  for (size_t i = 0; i < scores->size(); ++i) {
    const VipScore& s = (*scores)[i];
    EXPECT_TRUE(s.orders == 2 || s.orders == 3);
    EXPECT_GE(s.p_vip, 0.0);
    EXPECT_LE(s.p_vip, 1.0);
    EXPECT_GT(s.spend, 0.0);
    if (i > 0) {
      EXPECT_LE(s.p_vip, (*scores)[i - 1].p_vip);
    }
  }
  // Another store's history has other category columns.
  EXPECT_EQ(ScoreVip(*model, SmallHistory().history).status().code(), StatusCode::kInvalidArgument);
}

TEST(Vip, TooShortDataOrBadOptionsAreErrors) {
  const Loaded l = SmallHistory();  // 40 days of orders
  auto ev = EvaluateVip(l.history, std::nullopt);
  EXPECT_EQ(ev.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(ev.status().message().find("use value_days (--value-days) <= 20"), std::string::npos)
      << ev.status().message();
  VipOptions options;
  options.value_days = 10;
  EXPECT_EQ(TrainVip(l.history, l.history.end, options).status().code(),
            StatusCode::kFailedPrecondition);  // two customers are too few
  options.top_fraction = 1.5;
  EXPECT_EQ(TrainVip(l.history, l.history.end, options).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(ScoreVip(VipModel{}, l.history).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace mercato::customers
