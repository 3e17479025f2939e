// The recommended price of one product: the price within the rules maximizing expected profit,
// revenue or a mix under constant-elasticity demand, its expected effect with intervals, and the
// rule that bound it.
#pragma once

#include <optional>
#include <string>

#include "pricing/price_rules.h"

namespace mercato::pricing {

/// Demand at the current price and its elasticity: units(p) = units · (p / current)^elasticity.
struct DemandCurve {
  double units = 0;  // expected units per week at the current price, >= 0
  double elasticity = 0, ci_low = 0, ci_high = 0;
};

/// An expected change per week and its interval (from the elasticity's interval).
struct Effect {
  double expected = 0, low = 0, high = 0;
};

struct PriceRecommendation {
  double current_price = 0, recommended_price = 0;
  double change_pct = 0;  // 100 · (recommended − current) / current
  Effect units, revenue;
  std::optional<Effect> profit;  // none without a cost
  /// The rule that bound the price (price_rules.h names), or "" when the objective's own best
  /// price lies inside the allowed range; `reason` says it in words.
  std::string binding_rule, reason;
};

/// The weight of profit in the objective: it maximizes (price − profit_weight · cost) · units,
/// so 1 is expected profit, 0 revenue, and between them the mix
/// profit_weight · profit + (1 − profit_weight) · revenue.
inline constexpr double kProfitObjective = 1, kRevenueObjective = 0;

/// Searches the rules' candidate prices (CandidatePrices over AllowedRange, `grid_points` when
/// no endings) for the best objective; ties go to the price nearest the current one. The binding
/// rule is the allowed range's end the objective pushes against: the upper end when the
/// objective still rises with the price there (always so for |elasticity| <= 1, where it has
/// no finite optimum), the lower end when it still rises as the price falls; else none. The
/// price stays at the current one, with the rule and why, when the range is frozen, when the
/// objective weighs profit but the product has no cost, or when there is no demand to move.
/// Effects compare the recommended price with the current one; their intervals take the
/// elasticity's ci_low and ci_high. Contract: product.current_price > 0, profit_weight in [0, 1],
/// rules valid (ValidateRules).
PriceRecommendation RecommendPrice(const PriceRules& rules, const ProductPriceFacts& product,
                                   const DemandCurve& demand, double profit_weight,
                                   int grid_points = 201);

}  // namespace mercato::pricing
