// Replaying weeks of demand under four pricing policies — mercato's recommendations (estimated
// elasticities), the oracle (the true ones), static prices and matching the lowest competitor —
// in a world whose demand answers prices with known elasticities (a synthetic store's planted
// ones), counting profit, revenue, units, price changes and broken rules.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "pricing/price_optimizer.h"
#include "pricing/price_rules.h"

namespace mercato::pricing {

/// One product of the simulated world at its start.
struct SimulatedProduct {
  ProductPriceFacts facts;     // the price and everything the rules read, at the start
  double weekly_units = 0;     // expected units a week at facts.current_price, >= 0
  double true_elasticity = 0;  // how the world's demand answers the price
  DemandCurve estimated;       // what mercato believes (its units are ignored: weekly_units)
};

struct PolicyOutcome {
  // Expected, summed over products and days; profit over the products with a cost.
  double profit = 0, revenue = 0, units = 0;
  int64_t price_changes = 0;    // prices set unlike the product's previous one
  int64_t rule_violations = 0;  // changes breaking a rule (BrokenRules), counted once each
};

struct PricingSimulation {
  int days = 0, weeks = 0;  // weeks re-priced (the last one may be partial)
  size_t products = 0;
  PolicyOutcome mercato, oracle, static_prices, match_competitor;
};

/// Replays `days` days (>= 1) in steps of a week; at each step's start every policy sets each
/// product's price, and the week's expected units are weekly_units · (price / start price)^
/// true_elasticity (a last partial week in proportion to its days); profit counts the products
/// with a cost. Policies: `mercato` — RecommendPrice with the estimated elasticity and its
/// interval, the demand it believes at the current price being weekly_units · (price / start
/// price)^estimated elasticity; `oracle` — RecommendPrice with the true elasticity and demand;
/// `static` — the start price throughout; `match_competitor` — the lowest competitor price when
/// there is one (else the start price), whatever the rules say. Each policy's facts move with it:
/// current price, days since its last change (a change resets it to 0). A change is checked with
/// BrokenRules before it is applied. Objective weight as RecommendPrice (1: profit). Contract:
/// rules valid, every current_price > 0, days >= 1.
PricingSimulation SimulatePricing(const PriceRules& rules,
                                  std::span<const SimulatedProduct> products, int days,
                                  double profit_weight);

}  // namespace mercato::pricing
