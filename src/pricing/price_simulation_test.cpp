// Tests of the pricing simulation: each policy's weeks of prices and demand computed by hand, the
// rules' clock moving with each policy, and random rule sets under which mercato's and the
// oracle's prices never break a rule.
#include "pricing/price_simulation.h"

#include <gtest/gtest.h>

#include <random>

#include "pricing/price_rules_test_util.h"

namespace mercato::pricing {
namespace {

/// Any cent, any margin, changes of up to 10% at most once a week, no competitor bound.
PriceRules WeeklyRules() {
  PriceRules rules;
  rules.limits.min_margin_pct = 0;
  rules.limits.max_change_pct = 10;
  rules.limits.min_days_between_changes = 7;
  rules.price_endings = {};
  return rules;
}

/// 100 units a week at 10.00, cost 5, truly elastic (−3), a competitor at 8.00; mercato believes
/// it inelastic (−0.5).
SimulatedProduct ElasticProduct() {
  SimulatedProduct p;
  p.facts.sku = "S";
  p.facts.current_price = 10;
  p.facts.cost = 5;
  p.facts.lowest_competitor_price = 8;
  p.weekly_units = 100;
  p.true_elasticity = -3;
  p.estimated = {100, -0.5, -0.8, -0.2};
  return p;
}

TEST(PriceSimulation, EachPolicyOverTwoWeeks) {
  const SimulatedProduct product = ElasticProduct();
  const PricingSimulation sim = SimulatePricing(WeeklyRules(), {&product, 1}, 14, kProfitObjective);
  EXPECT_EQ(sim.weeks, 2);
  EXPECT_EQ(sim.products, 1u);
  // Oracle: profit (p − 5)·p^−3 peaks at p* = 5 · −3 / −2 = 7.50, below each week's range, so
  // the price takes the range's low end: 9.00 (10% off 10.00), then 8.10 (10% off 9.00).
  // Units 100 · 0.9^−3 = 137.1742 and 100 · 0.81^−3 = 188.1676; profit 137.1742 · 4 +
  // 188.1676 · 3.10 = 548.6968 + 583.3197 = 1132.0165; revenue 1234.5679 + 1524.1579.
  EXPECT_NEAR(sim.oracle.units, 325.3419, 1e-3);
  EXPECT_NEAR(sim.oracle.profit, 1132.0165, 1e-3);
  EXPECT_NEAR(sim.oracle.revenue, 2758.7258, 1e-3);
  EXPECT_EQ(sim.oracle.price_changes, 2);
  EXPECT_EQ(sim.oracle.rule_violations, 0);
  // mercato (−0.5): (p − 5)·p^−0.5 rises with p, so the range's high end: 11.00, then 12.10.
  // True units 100 · 1.1^−3 = 75.1315 and 100 · 1.21^−3 = 56.4474; profit 75.1315 · 6 +
  // 56.4474 · 7.10 = 450.7889 + 400.7765 = 851.5654.
  EXPECT_NEAR(sim.mercato.units, 131.5789, 1e-3);
  EXPECT_NEAR(sim.mercato.profit, 851.5654, 1e-3);
  EXPECT_EQ(sim.mercato.price_changes, 2);
  EXPECT_EQ(sim.mercato.rule_violations, 0);
  // Static: 10.00 both weeks, 200 units, revenue 2000, profit 1000.
  EXPECT_DOUBLE_EQ(sim.static_prices.units, 200);
  EXPECT_DOUBLE_EQ(sim.static_prices.revenue, 2000);
  EXPECT_DOUBLE_EQ(sim.static_prices.profit, 1000);
  EXPECT_EQ(sim.static_prices.price_changes, 0);
  // Matching the competitor: 8.00 from the first week, a 20% cut breaking max_change once;
  // units 2 · 100 · 0.8^−3 = 390.625, profit 390.625 · 3 = 1171.875.
  EXPECT_DOUBLE_EQ(sim.match_competitor.units, 390.625);
  EXPECT_DOUBLE_EQ(sim.match_competitor.profit, 1171.875);
  EXPECT_EQ(sim.match_competitor.price_changes, 1);
  EXPECT_EQ(sim.match_competitor.rule_violations, 1);
}

TEST(PriceSimulation, APolicysOwnChangeStartsTheRulesClock) {
  // At most one change in 14 days: the oracle's 9.00 of the first week holds the second week.
  // Units 2 · 137.1742, profit 274.3484 · 4 = 1097.3937.
  PriceRules rules = WeeklyRules();
  rules.limits.min_days_between_changes = 14;
  const SimulatedProduct product = ElasticProduct();
  const PricingSimulation sim = SimulatePricing(rules, {&product, 1}, 14, kProfitObjective);
  EXPECT_EQ(sim.oracle.price_changes, 1);
  EXPECT_NEAR(sim.oracle.profit, 1097.3937, 1e-3);
  EXPECT_EQ(sim.oracle.rule_violations, 0);
}

TEST(PriceSimulation, ALastPartialWeekCountsItsDays) {
  // 10 days: a week and 3 days at 10.00: 100 + 100 · 3/7 units.
  const SimulatedProduct product = ElasticProduct();
  const PricingSimulation sim = SimulatePricing(WeeklyRules(), {&product, 1}, 10, kProfitObjective);
  EXPECT_EQ(sim.weeks, 2);
  EXPECT_NEAR(sim.static_prices.units, 100 + 300.0 / 7, 1e-9);
}

TEST(PriceSimulation, RandomRuleSetsAreNeverBroken) {
  // The property the issue asks of the simulation: under random rules (testing::RandomRuleCase:
  // floors, margins, competitor positions, change sizes and spacing, endings, clearance, scoped
  // overrides) and random products, the recommended and the oracle's prices break no rule over
  // 8 weeks; matching the competitor, which ignores the rules, is the control that does.
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> unit(0, 1);
  int64_t control_violations = 0;
  for (int trial = 0; trial < 200; ++trial) {
    const PriceRules rules = testing::RandomRuleCase(rng).first;
    std::vector<SimulatedProduct> products(5);
    for (SimulatedProduct& p : products) {
      p.facts = testing::RandomRuleCase(rng).second;
      p.weekly_units = 1 + 200 * unit(rng);
      p.true_elasticity = -0.3 - 3 * unit(rng);
      const double e = -0.3 - 3 * unit(rng);
      p.estimated = {p.weekly_units, e, e - 0.5, e + 0.5};
    }
    const PricingSimulation sim = SimulatePricing(rules, products, 56, kProfitObjective);
    ASSERT_EQ(sim.mercato.rule_violations, 0) << "trial " << trial;
    ASSERT_EQ(sim.oracle.rule_violations, 0) << "trial " << trial;
    control_violations += sim.match_competitor.rule_violations;
  }
  EXPECT_GT(control_violations, 0);
}

}  // namespace
}  // namespace mercato::pricing
