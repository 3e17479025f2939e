// Tests of the price search: hand-computed optima under constant elasticity, the binding rule,
// the effects and their intervals, products left alone, and random rule sets.
#include "pricing/price_optimizer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "pricing/price_rules_test_util.h"

namespace mercato::pricing {
namespace {

/// 100 units a week at 20.00, cost 10, changes of up to 30% ([14, 26]), any margin over cost.
ProductPriceFacts Product() {
  ProductPriceFacts p;
  p.sku = "S";
  p.current_price = 20;
  p.cost = 10;
  return p;
}

PriceRules Rules() {
  PriceRules rules;
  rules.limits.max_change_pct = 30;
  rules.limits.min_margin_pct = 0;
  rules.price_endings = {};
  return rules;
}

constexpr DemandCurve kElastic{100, -3, -3.5, -2.5};

TEST(PriceOptimizer, ProfitOptimumOfConstantElasticity) {
  // Profit (p − c)·U·(p/p0)^e is highest where d/dp = 0: (1 + e)·p = e·c, p* = c·e/(1 + e)
  // = 10 · −3 / −2 = 15.00, inside [14, 26]; the grid of 1201 points steps by one cent.
  const PriceRecommendation r =
      RecommendPrice(Rules(), Product(), kElastic, kProfitObjective, 1201);
  EXPECT_DOUBLE_EQ(r.recommended_price, 15);
  EXPECT_DOUBLE_EQ(r.change_pct, -25);
  EXPECT_EQ(r.binding_rule, "");
  // Units at 15: 100 · 0.75^−3 = 237.037 (+137.04); revenue 15 · 237.037 − 20 · 100 = 1555.56;
  // profit 5 · 237.037 − 10 · 100 = 185.19.
  EXPECT_NEAR(r.units.expected, 137.04, 0.01);
  EXPECT_NEAR(r.revenue.expected, 1555.56, 0.01);
  ASSERT_TRUE(r.profit.has_value());
  EXPECT_NEAR(r.profit->expected, 185.19, 0.01);
  // Intervals at e = −2.5 and −3.5: 0.75^−2.5 = 2.0528, 0.75^−3.5 = 2.7371 -> units +105.28 and
  // +173.71; profit 5 · 205.28 − 1000 = 26.40 and 5 · 273.71 − 1000 = 368.54.
  EXPECT_NEAR(r.units.low, 105.28, 0.01);
  EXPECT_NEAR(r.units.high, 173.71, 0.01);
  EXPECT_NEAR(r.profit->low, 26.40, 0.01);
  EXPECT_NEAR(r.profit->high, 368.54, 0.01);
}

TEST(PriceOptimizer, PriceEndingsPickTheBestAllowedEnding) {
  // With .99 endings the candidates near 15 are 14.99 and 15.99: profit ∝ (p − 10)·p^−3 =
  // 4.99 / 14.99³ = 1.4815e-3 against 5.99 / 15.99³ = 1.4652e-3: 14.99.
  PriceRules rules = Rules();
  rules.price_endings = {".99"};
  const PriceRecommendation r = RecommendPrice(rules, Product(), kElastic, kProfitObjective);
  EXPECT_DOUBLE_EQ(r.recommended_price, 14.99);
  EXPECT_EQ(r.binding_rule, "");
  EXPECT_NE(r.reason.find("price ending"), std::string::npos) << r.reason;
}

TEST(PriceOptimizer, RevenueOfAnElasticProductFallsToTheLowerBound) {
  // Revenue ∝ p^(1 + e) = p^−2 rises as the price falls: 14.00, the 30% change's end.
  const PriceRecommendation r = RecommendPrice(Rules(), Product(), kElastic, kRevenueObjective);
  EXPECT_DOUBLE_EQ(r.recommended_price, 14);
  EXPECT_EQ(r.binding_rule, kMaxChange);
  EXPECT_EQ(r.reason,
            "revenue still rises as the price falls at elasticity -3.00; held up by max_change: at "
            "most 30% below the current 20.00");
}

TEST(PriceOptimizer, InelasticProductIsBoundedByTheRulesNotSentToInfinity) {
  // |e| = 0.5 < 1: profit rises with the price without end; the 30% change caps it at 26.00.
  // Units 100 · 1.3^−0.5 = 87.706 (−12.29); profit 16 · 87.706 − 1000 = 403.29.
  const PriceRecommendation r =
      RecommendPrice(Rules(), Product(), {100, -0.5, -0.8, -0.2}, kProfitObjective);
  EXPECT_DOUBLE_EQ(r.recommended_price, 26);
  EXPECT_EQ(r.binding_rule, kMaxChange);
  EXPECT_NEAR(r.units.expected, -12.29, 0.01);
  EXPECT_NEAR(r.profit->expected, 403.29, 0.01);
  // A competitor at 22 (0% above allowed) binds first.
  PriceRules rules = Rules();
  rules.limits.max_above_competitor_pct = 0;
  ProductPriceFacts p = Product();
  p.lowest_competitor_price = 22;
  const PriceRecommendation c = RecommendPrice(rules, p, {100, -0.5, -0.8, -0.2}, 1);
  EXPECT_DOUBLE_EQ(c.recommended_price, 22);
  EXPECT_EQ(c.binding_rule, kCompetitor);
}

TEST(PriceOptimizer, MixedObjectiveWeighsCost) {
  // Weight 0.5 maximizes (p − 0.5·c)·units: with cost 20 its optimum is 10 · −3 / −2 = 15, but
  // a 0% margin holds the price at cost, 20.00 (the current price: no change).
  ProductPriceFacts p = Product();
  p.cost = 20;
  const PriceRecommendation r = RecommendPrice(Rules(), p, kElastic, 0.5);
  EXPECT_DOUBLE_EQ(r.recommended_price, 20);
  EXPECT_EQ(r.binding_rule, kMinMargin);
  EXPECT_DOUBLE_EQ(r.units.expected, 0);
}

TEST(PriceOptimizer, LeftAtTheCurrentPriceWithAReason) {
  ProductPriceFacts p = Product();
  p.days_since_change = 2;
  PriceRecommendation r = RecommendPrice(Rules(), p, kElastic, kProfitObjective);
  EXPECT_DOUBLE_EQ(r.recommended_price, 20);
  EXPECT_EQ(r.binding_rule, kMinDaysBetweenChanges);
  p = Product();
  p.cost.reset();
  r = RecommendPrice(Rules(), p, kElastic, kProfitObjective);
  EXPECT_DOUBLE_EQ(r.recommended_price, 20);
  EXPECT_NE(r.reason.find("no cost"), std::string::npos);
  EXPECT_FALSE(r.profit.has_value());
  r = RecommendPrice(Rules(), p, kElastic, kRevenueObjective);  // revenue needs no cost
  EXPECT_DOUBLE_EQ(r.recommended_price, 14);
  r = RecommendPrice(Rules(), Product(), {0, -3, -3.5, -2.5}, kProfitObjective);
  EXPECT_DOUBLE_EQ(r.recommended_price, 20);
  EXPECT_NE(r.reason.find("no sales"), std::string::npos);
}

TEST(PriceOptimizer, PropertyRandomRuleSetsNeverBreakARule) {
  // Random rules and products (price_rules_test_util.h) and elasticities, elastic and inelastic:
  // the recommendation keeps every rule, or it is the current price with the reason why.
  std::mt19937 rng(11);
  std::uniform_real_distribution<double> u(0, 1);
  int moved = 0, kept = 0;
  for (int i = 0; i < 3000; ++i) {
    auto [rules, p] = testing::RandomRuleCase(rng);
    const double e = -0.2 - 3.5 * u(rng);
    const double weight = u(rng) < 0.3 ? 0 : u(rng) < 0.5 ? 1 : u(rng);
    const PriceRecommendation r =
        RecommendPrice(rules, p, {50 * u(rng), e, e - 0.4, e + 0.4}, weight);
    if (r.recommended_price != p.current_price) {
      ++moved;
      EXPECT_TRUE(BrokenRules(rules, p, r.recommended_price).empty()) << i;
    } else {
      ++kept;
      EXPECT_FALSE(r.reason.empty()) << i;
    }
    EXPECT_TRUE(std::isfinite(r.recommended_price) && r.recommended_price > 0) << i;
  }
  EXPECT_GT(moved, 300);
  EXPECT_GT(kept, 300);
}

}  // namespace
}  // namespace mercato::pricing
