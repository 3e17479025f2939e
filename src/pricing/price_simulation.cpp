// Replaying weeks of demand under mercato's, the oracle's, static and competitor-matching prices.
#include "pricing/price_simulation.h"

#include <cmath>
#include <functional>

namespace mercato::pricing {

namespace {

constexpr int kDaysPerWeek = 7;

// What a policy decides each week: the price, given the product's facts as the policy left them.
using Policy = std::function<double(const SimulatedProduct&, const ProductPriceFacts&)>;

PolicyOutcome Replay(const PriceRules& rules, const SimulatedProduct& product, int days,
                     const Policy& policy) {
  PolicyOutcome out;
  ProductPriceFacts facts = product.facts;
  const double start_price = product.facts.current_price;
  for (int day = 0; day < days; day += kDaysPerWeek) {
    const double price = policy(product, facts);
    if (std::abs(price - facts.current_price) >= 0.005) {
      ++out.price_changes;
      if (!BrokenRules(rules, facts, price).empty()) ++out.rule_violations;
      facts.current_price = price;
      facts.days_since_change = 0;
    }
    const int week_days = std::min(kDaysPerWeek, days - day);
    const double units = product.weekly_units *
                         std::pow(price / start_price, product.true_elasticity) * week_days /
                         kDaysPerWeek;
    out.units += units;
    out.revenue += units * price;
    if (product.facts.cost) out.profit += units * (price - *product.facts.cost);
    if (facts.days_since_change) *facts.days_since_change += week_days;
    if (facts.promotion) {
      facts.promotion->starts_in -= week_days;
      facts.promotion->ends_in -= week_days;
    }
  }
  return out;
}

void Add(PolicyOutcome& sum, const PolicyOutcome& part) {
  sum.profit += part.profit;
  sum.revenue += part.revenue;
  sum.units += part.units;
  sum.price_changes += part.price_changes;
  sum.rule_violations += part.rule_violations;
}

}  // namespace

PricingSimulation SimulatePricing(const PriceRules& rules,
                                  std::span<const SimulatedProduct> products, int days,
                                  double profit_weight) {
  PricingSimulation sim;
  sim.days = days;
  sim.weeks = (days + kDaysPerWeek - 1) / kDaysPerWeek;
  sim.products = products.size();
  // The demand a policy believes at the current price, from the start price's units.
  const auto recommend = [&](const ProductPriceFacts& facts, double weekly_units, double elasticity,
                             double ci_low, double ci_high, double start) {
    const DemandCurve curve{weekly_units * std::pow(facts.current_price / start, elasticity),
                            elasticity, ci_low, ci_high};
    return RecommendPrice(rules, facts, curve, profit_weight).recommended_price;
  };
  const Policy mercato = [&](const SimulatedProduct& p, const ProductPriceFacts& facts) {
    return recommend(facts, p.weekly_units, p.estimated.elasticity, p.estimated.ci_low,
                     p.estimated.ci_high, p.facts.current_price);
  };
  const Policy oracle = [&](const SimulatedProduct& p, const ProductPriceFacts& facts) {
    return recommend(facts, p.weekly_units, p.true_elasticity, p.true_elasticity, p.true_elasticity,
                     p.facts.current_price);
  };
  const Policy fixed = [](const SimulatedProduct& p, const ProductPriceFacts&) {
    return p.facts.current_price;
  };
  const Policy match = [](const SimulatedProduct& p, const ProductPriceFacts&) {
    return p.facts.lowest_competitor_price.value_or(p.facts.current_price);
  };
  std::vector<PolicyOutcome> parts(products.size() * 4);
#pragma omp parallel for schedule(dynamic, 16)
  for (size_t i = 0; i < products.size(); ++i) {
    parts[4 * i] = Replay(rules, products[i], days, mercato);
    parts[4 * i + 1] = Replay(rules, products[i], days, oracle);
    parts[4 * i + 2] = Replay(rules, products[i], days, fixed);
    parts[4 * i + 3] = Replay(rules, products[i], days, match);
  }
  for (size_t i = 0; i < products.size(); ++i) {  // in order: the sums do not depend on threads
    Add(sim.mercato, parts[4 * i]);
    Add(sim.oracle, parts[4 * i + 1]);
    Add(sim.static_prices, parts[4 * i + 2]);
    Add(sim.match_competitor, parts[4 * i + 3]);
  }
  return sim;
}

}  // namespace mercato::pricing
