// The price search within the rules under constant-elasticity demand, its effects and reasons.
#include "pricing/price_optimizer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>
#include <vector>

namespace mercato::pricing {
namespace {

std::string TwoDecimals(double v) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

std::string ObjectiveName(double profit_weight) {
  if (profit_weight == kProfitObjective) return "profit";
  if (profit_weight == kRevenueObjective) return "revenue";
  return "the profit and revenue mix";
}

/// f over the elasticity's interval ends, as an effect around f(elasticity).
template <class F>
Effect EffectOf(const DemandCurve& d, F f) {
  const double a = f(d.ci_low), b = f(d.ci_high);
  return {f(d.elasticity), std::min(a, b), std::max(a, b)};
}

}  // namespace

PriceRecommendation RecommendPrice(const PriceRules& rules, const ProductPriceFacts& product,
                                   const DemandCurve& demand, double profit_weight,
                                   int grid_points) {
  const double p0 = product.current_price;
  PriceRecommendation r;
  r.current_price = p0;
  r.recommended_price = p0;
  if (product.cost) r.profit = Effect{};
  const auto keep = [&](std::string rule, std::string reason) {
    r.binding_rule = std::move(rule);
    r.reason = std::move(reason);
    return r;
  };
  const PriceBounds bounds = AllowedRange(rules, product);
  if (!bounds.frozen.empty()) return keep(bounds.frozen, bounds.frozen_reason);
  if (profit_weight > 0 && !product.cost) {
    return keep("",
                "no cost: its profit is unknown (import the product's cost, or price for "
                "revenue); left at the current price");
  }
  if (!(demand.units > 0)) {
    return keep("",
                "no sales in the recent weeks: no demand to price against; left at the "
                "current price");
  }
  const double cost = product.cost.value_or(0);
  const double weighted_cost = profit_weight * cost;
  const double e = demand.elasticity;
  const auto units_at = [&](double p, double elasticity) {
    return demand.units * std::pow(p / p0, elasticity);
  };
  const std::vector<double> candidates = CandidatePrices(bounds, rules.price_endings, grid_points);
  const auto objective_at = [&](double p) { return (p - weighted_cost) * units_at(p, e); };
  double best = candidates.front(), best_value = objective_at(best);
  for (double p : candidates) {
    const double value = objective_at(p), slack = 1e-12 * std::abs(best_value);
    if (value > best_value + slack ||
        (value >= best_value - slack && std::abs(p - p0) < std::abs(best - p0))) {
      best = p;
      best_value = value;
    }
  }
  // The objective's slope in the price has the sign of (1 + e)·p − e·weighted_cost.
  const auto rising = [&](double p) { return (1 + e) * p - e * weighted_cost; };
  const std::string objective = ObjectiveName(profit_weight);
  const std::string at = " at elasticity " + TwoDecimals(e);
  if (best >= candidates.back() && rising(bounds.high) > 0) {
    r.binding_rule = bounds.high_rule;
    r.reason = objective + " still rises with the price" + at + "; capped by " + bounds.high_reason;
  } else if (best <= candidates.front() && rising(bounds.low) < 0) {
    r.binding_rule = bounds.low_rule;
    r.reason =
        objective + " still rises as the price falls" + at + "; held up by " + bounds.low_reason;
  } else {
    r.reason = objective + " is highest here" + at +
               (product.cost ? " and cost " + TwoDecimals(cost) : std::string()) +
               (rules.price_endings.empty() ? "" : ", at an allowed price ending");
  }
  const double p = best;
  r.recommended_price = p;
  r.change_pct = 100 * (p - p0) / p0;
  const double u0 = demand.units;
  r.units = EffectOf(demand, [&](double el) { return units_at(p, el) - u0; });
  r.revenue = EffectOf(demand, [&](double el) { return p * units_at(p, el) - p0 * u0; });
  if (product.cost) {
    r.profit = EffectOf(demand,
                        [&](double el) { return (p - cost) * units_at(p, el) - (p0 - cost) * u0; });
  }
  const std::vector<std::string> broken = BrokenRules(rules, product, p);
  if (!broken.empty()) {  // a broken invariant of AllowedRange: never recommend such a price
    throw std::logic_error("pricing: " + product.sku + " at " + TwoDecimals(p) + " breaks " +
                           broken.front());
  }
  return r;
}

}  // namespace mercato::pricing
