// Exploration prices (issue 21): where a product's elasticity is uncertain, a small test price
// within the rules on a bounded share of the catalog, so its demand is measured at a second price
// (the experiment that carries it is the app's: app/price_exploration_actions.h).
#pragma once

#include <optional>
#include <vector>

#include "pricing/price_rules.h"

namespace mercato::pricing {

struct ExplorationOptions {
  /// At most this share of the products, in (0, 1], gets a test cell (half of them a test price).
  double fraction = 0.1;
  /// The test price moves the current one by about this percentage, in (0, 50].
  double step_pct = 5;
  /// A product is uncertain when its elasticity interval is at least this wide (> 0).
  double min_interval_width = 0.3;
};

/// What exploration needs to know of one product.
struct ExplorationProduct {
  ProductPriceFacts facts;
  double weekly_units = 0;         // the baseline at the current price
  double ci_low = 0, ci_high = 0;  // the elasticity's interval
  double recommended_price = 0;    // the recommendation; the test price leans its way
};

struct ExplorationCell {
  size_t product = 0;  // index into the products given
  double test_price = 0;
  double interval_width = 0;
};

/// The price nearest current · (1 ± step_pct / 100) that the rules allow (AllowedRange,
/// CandidatePrices with the rules' endings; BrokenRules empty) and that differs from the current
/// one: upward first when `up_first`, else downward first, then the other way. nullopt when the
/// range is frozen or holds no other price.
std::optional<double> TestPrice(const PriceRules& rules, const ProductPriceFacts& product,
                                double step_pct, bool up_first);

/// The products to explore: those selling (weekly_units > 0) whose interval is at least
/// min_interval_width wide and that have a test price (TestPrice, leaning toward the
/// recommendation: up when it is above the current price or equal to it), the widest interval
/// times weekly revenue (units × current price: what measuring it is worth) first, at most
/// ceil(fraction × products.size()) of them. Contract: options within their ranges (see
/// CheckExplorationOptions), rules valid.
std::vector<ExplorationCell> ChooseExplorationCells(const PriceRules& rules,
                                                    const std::vector<ExplorationProduct>& products,
                                                    const ExplorationOptions& options);

/// InvalidArgument naming the option (as the CLI spells it) and its range.
Status CheckExplorationOptions(const ExplorationOptions& options);

}  // namespace mercato::pricing
