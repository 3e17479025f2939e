// `mercato pricing simulate` (issue 21): a synthetic store's weeks replayed under mercato's price
// recommendations, the oracle (the planted elasticities), static prices and competitor matching.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "app/pricing_actions.h"
#include "common/status.h"
#include "pricing/price_simulation.h"

namespace mercato::app {

struct SimulatePricesOptions {
  RecommendPricesOptions recommend;  // the store, objective and rules, as `pricing recommend`
  int days = 91;                     // days replayed, re-priced weekly; 1..3660
  /// The truth.json `mercato generate` wrote beside the store's CSVs: the planted elasticity of
  /// each top-level category (catalog.departments[].name, .elasticity).
  std::string truth;
};

struct PriceSimulation {
  pricing::PricingSimulation simulation;
  std::string objective;
  std::string truth;
  std::map<std::string, double> planted;  // top-level category -> planted elasticity
};

/// Recommends prices as RecommendPrices does (same store, options and rules), then replays
/// options.days under the four policies of pricing::SimulatePricing: each product's world
/// answers prices with its top-level category's planted elasticity from options.truth, mercato
/// uses the store's estimates, demand at the start price is the recommendation's weekly baseline.
/// InvalidArgument for days out of range, a missing --truth, a truth file that is not
/// `mercato generate`'s (naming the file and what it lacks) or a product whose top-level
/// category the truth does not plant; RecommendPrices' errors otherwise. Reads only.
Result<PriceSimulation> SimulatePrices(const SimulatePricesOptions& options);

/// {"days", "weeks", "products", "objective", "world": {"truth", "elasticities": {<category>: e}},
///  "policies": {"mercato" | "oracle" | "static" | "match_competitor": {"profit", "revenue",
///  "units", "price_changes", "rule_violations"}}, "mercato_share_of_oracle_profit" (null when the
///  oracle's profit is not positive)}.
nlohmann::ordered_json PriceSimulationJson(const PriceSimulation& result);

}  // namespace mercato::app
