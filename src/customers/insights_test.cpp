// Tests of purchase summaries, holdout evaluation and per-customer insights on order histories
// built by hand and drawn from a known process.
#include "customers/insights.h"

#include <gtest/gtest.h>

#include <random>

#include "customers/holdout_evaluation.h"
#include "customers/purchase_summaries.h"

namespace mercato::customers {
namespace {

constexpr Timestamp kDay = kSecondsPerDay;
constexpr Timestamp kStart = 1600000000 / kDay * kDay;  // a midnight

// Histories from (customer, day, value) orders, already sorted by customer then day.
OrderHistory MakeHistory(const std::vector<std::vector<std::pair<double, float>>>& orders) {
  OrderHistory h;
  h.customer_start.push_back(0);
  for (size_t c = 0; c < orders.size(); ++c) {
    for (const auto& [day, value] : orders[c]) {
      h.ts.push_back(kStart + static_cast<Timestamp>(day * kDay));
      h.value.push_back(value);
      h.end = std::max(h.end, h.ts.back());
    }
    h.customer_start.push_back(static_cast<int32_t>(h.ts.size()));
    h.customer_ids.push_back("c" + std::to_string(c));
  }
  return h;
}

TEST(PurchaseSummaries, PurchasesAreDaysAndTimesAreWeeks) {
  // Two orders on day 0 make one purchase; repeat purchases on days 14 and 28.
  const OrderHistory h =
      MakeHistory({{{0, 10}, {0.2, 5}, {14, 30}, {28, 50}, {40, 7}, {41, 1}}, {{50, 20}}});
  const PurchaseSummaries s = SummarizePurchases(h, kStart + 35 * kDay, kStart + 49 * kDay);
  ASSERT_EQ(s.summaries.size(), 1u);  // the second customer's first purchase is later
  const CustomerSummary& c = s.summaries[0];
  EXPECT_EQ(c.id, "c0");
  EXPECT_DOUBLE_EQ(c.frequency, 2);
  EXPECT_DOUBLE_EQ(c.recency, 4);
  EXPECT_DOUBLE_EQ(c.age, 5);
  EXPECT_DOUBLE_EQ(c.monetary, 40);  // mean of the repeat days' values
  EXPECT_DOUBLE_EQ(s.holdout_purchases[0], 2);
  EXPECT_DOUBLE_EQ(s.holdout_weeks, 2);
}

// Customers buying at Poisson times with a rate of their own, each stopping at a random time.
OrderHistory Simulate(int customers, int days, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::gamma_distribution<double> rate(0.8, 1.0 / 25);  // per day
  std::uniform_real_distribution<double> unit(0, 1);
  std::vector<std::vector<std::pair<double, float>>> orders(customers);
  for (auto& o : orders) {
    const double lambda = rate(rng);
    const double start = unit(rng) * days;
    const double stop = start + std::exponential_distribution<double>(1.0 / 700)(rng);
    for (double t = start; t < std::min<double>(stop, days);
         t += std::exponential_distribution<double>(lambda)(rng)) {
      o.emplace_back(t, static_cast<float>(20 + 60 * unit(rng)));
    }
    if (o.empty()) o.emplace_back(start, 25.0f);
  }
  return MakeHistory(orders);
}

TEST(HoldoutEvaluation, RanksWhoBuysAgain) {
  const OrderHistory h = Simulate(3000, 730, 3);
  const PurchaseSummaries s = SummarizePurchases(h, kStart + 550 * kDay, kStart + 731 * kDay);
  auto model = FitBtyd(BtydKind::kMbgNbd, s.summaries);
  ASSERT_TRUE(model.ok());
  const HoldoutEvaluation e = EvaluateHoldout(*model, s);
  EXPECT_EQ(e.customers, s.summaries.size());
  ASSERT_TRUE(e.auc.has_value());
  EXPECT_GT(*e.auc, 0.75);
  EXPECT_GT(e.correlation, 0.5);
  EXPECT_NEAR(e.predicted_total / e.actual_total, 1.0, 0.25);
}

TEST(Insights, StagesDatesAndScoresAreConsistent) {
  const OrderHistory h = Simulate(3000, 730, 5);
  InsightOptions options;
  auto insights = ComputeInsights(h, options);
  ASSERT_TRUE(insights.ok()) << insights.status().message();
  const Timestamp now = insights->as_of;
  EXPECT_EQ(insights->basis, InsightBasis::kModel);  // 3,000 customers over two years
  EXPECT_TRUE(insights->data_check.passed) << insights->data_check.Describe();
  EXPECT_EQ(BasisName(*insights), "mbgnbd");
  std::array<int, kLifecycleStageCount> stages{};
  for (const CustomerInsight& c : insights->customers) {
    ++stages[static_cast<size_t>(c.stage)];
    EXPECT_GE(c.p_alive, 0.0);
    EXPECT_LE(c.p_alive, 1.0);
    EXPECT_GE(c.clv, 0.0);
    EXPECT_GE(c.expected_purchases, 0.0);
    if (c.next_order_date) {
      EXPECT_GE(*c.next_order_date, now - kDay);
      EXPECT_LE(*c.next_order_date, now + 730 * kDay);
    }
    EXPECT_LE(c.last_purchase, now);
    // MBG/NBD: everyone can lapse; a lapse date past the two-year horizon is not given.
    if (c.lapse_date) {
      EXPECT_EQ(*c.winback_start, std::max(c.last_purchase, *c.lapse_date - 45 * kDay));
      EXPECT_GE(*c.lapse_date, c.last_purchase);
      EXPECT_LE(*c.lapse_date, now + 730 * kDay);
    } else {
      EXPECT_FALSE(c.winback_start);
    }
    if (c.stage != LifecycleStage::kNew) {
      EXPECT_EQ(c.stage == LifecycleStage::kLapsed,
                (c.lapse_date && *c.lapse_date <= now) || !c.next_order_date)
          << c.id;
    }
    if (c.stage == LifecycleStage::kAtRisk) {
      EXPECT_LE(c.p_alive, 0.7);
    }
    if (c.stage == LifecycleStage::kNew) {
      EXPECT_GE(c.first_purchase, now - 30 * kDay);
    }
    EXPECT_GE(c.rfm.recency, 1);
    EXPECT_LE(c.rfm.recency, 5);
  }
  for (size_t s = 0; s < kLifecycleStageCount; ++s) {
    EXPECT_GT(stages[s], 0) << LifecycleStageName(static_cast<LifecycleStage>(s)) << " "
                            << ::testing::PrintToString(stages);
  }
  // Recent frequent buyers are more alive and worth more than long-gone ones.
  const auto& all = insights->customers;
  double recent_alive = 0, gone_alive = 0;
  int recent = 0, gone = 0;
  for (const CustomerInsight& c : all) {
    if (c.purchases < 3) continue;
    if (c.last_purchase >= now - 14 * kDay) {
      recent_alive += c.p_alive;
      ++recent;
    } else if (c.last_purchase < now - 365 * kDay) {
      gone_alive += c.p_alive;
      ++gone;
    }
  }
  ASSERT_GT(recent, 0);
  ASSERT_GT(gone, 0);
  EXPECT_GT(recent_alive / recent, 0.8);
  EXPECT_LT(gone_alive / gone, 0.3);
}

TEST(Insights, DeterministicAndFailsWithoutPurchases) {
  const OrderHistory h = Simulate(500, 365, 9);
  auto a = ComputeInsights(h), b = ComputeInsights(h);
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_EQ(a->customers.size(), b->customers.size());
  for (size_t i = 0; i < a->customers.size(); ++i) {
    EXPECT_EQ(a->customers[i].clv, b->customers[i].clv);
    EXPECT_EQ(a->customers[i].stage, b->customers[i].stage);
  }
  InsightOptions early;
  early.as_of = kStart - kDay;
  EXPECT_FALSE(ComputeInsights(h, early).ok());
}

// 106 customers over seven months whose repeat buyers bought every two weeks up to the last
// days: nothing shows anyone leaving, so the dropout parameters run to their bounds.
OrderHistory SteadySmallStore() {
  std::vector<std::vector<std::pair<double, float>>> orders(106);
  for (int i = 0; i < 106; ++i) {
    const double first = (i * 37) % 200;
    orders[i].emplace_back(first, 30.0f + i % 20);
    if (i % 3 != 0) continue;
    for (double t = first + 14; t < 212; t += 14) orders[i].emplace_back(t, 25.0f + i % 7);
  }
  return MakeHistory(orders);
}

TEST(Insights, ADegenerateFitFallsBackEvenWhenTheGatePasses) {
  const OrderHistory h = SteadySmallStore();
  InsightOptions options;
  options.requirements = {0, 0, 1e9, 0};  // the gate passes: only the fit decides
  options.model = BtydKind::kBgNbd;
  options.l2_penalty = 0;  // as `clv fit` fits by default
  auto insights = ComputeInsights(h, options);
  ASSERT_TRUE(insights.ok()) << insights.status().message();
  EXPECT_TRUE(insights->data_check.passed);
  EXPECT_TRUE(insights->model.diagnostics.degenerate);
  EXPECT_FALSE(insights->model.diagnostics.converged);
  EXPECT_EQ(insights->basis, InsightBasis::kEmpirical);
  EXPECT_EQ(BasisName(*insights), "empirical");
  ASSERT_FALSE(insights->warnings.empty());
  EXPECT_NE(insights->warnings[0].find("degenerate fit"), std::string::npos);
  // Empirical: a steady two-weekly buyer who bought yesterday is alive, expected back within a
  // fortnight; one-time buyers from months ago are lapsed.
  int lapsed = 0;
  for (const CustomerInsight& c : insights->customers) {
    if (c.stage == LifecycleStage::kLapsed) ++lapsed;
    if (c.purchases >= 5 && c.last_purchase >= insights->as_of - 2 * kDay) {
      EXPECT_GT(c.p_alive, 0.9) << c.id;
      ASSERT_TRUE(c.next_order_date) << c.id;
      EXPECT_LE(*c.next_order_date, c.last_purchase + 14 * kDay) << c.id;
    }
  }
  EXPECT_GT(lapsed, 0);
  // Forcing the model keeps its answers, warnings and all.
  options.require_enough_data = false;
  auto forced = ComputeInsights(h, options);
  ASSERT_TRUE(forced.ok());
  EXPECT_EQ(forced->basis, InsightBasis::kModel);
  EXPECT_FALSE(forced->warnings.empty());
}

TEST(CustomerSegment, StagesByTheirPrintedNameRfmSegmentsInAnyCase) {
  const auto stage = ParseCustomerSegment("new");
  ASSERT_TRUE(stage);
  EXPECT_EQ(stage->stage, LifecycleStage::kNew);
  EXPECT_FALSE(stage->rfm);
  const auto rfm = ParseCustomerSegment("New");  // the RFM segment, not the stage
  ASSERT_TRUE(rfm);
  EXPECT_EQ(rfm->rfm, RfmSegment::kNew);
  EXPECT_FALSE(rfm->stage);
  EXPECT_EQ(ParseCustomerSegment("at risk")->rfm, RfmSegment::kAtRisk);
  EXPECT_EQ(ParseCustomerSegment("at-risk")->stage, LifecycleStage::kAtRisk);
  EXPECT_FALSE(ParseCustomerSegment("nonsense"));
  CustomerInsight c;
  c.stage = LifecycleStage::kNew;
  c.rfm.segment = RfmSegment::kLost;
  EXPECT_TRUE(stage->Contains(c));
  EXPECT_FALSE(rfm->Contains(c));
  EXPECT_TRUE(ParseCustomerSegment("LOST")->Contains(c));
  EXPECT_NE(CustomerSegmentNames().find("won-back"), std::string::npos);
  EXPECT_NE(CustomerSegmentNames().find("\"Can't lose\""), std::string::npos);
}

}  // namespace
}  // namespace mercato::customers
