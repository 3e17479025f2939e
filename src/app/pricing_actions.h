// Pricing actions (issue 21): the own-price elasticities of a store's products or of a panel
// file's SKUs (`mercato pricing elasticity`) and the price recommendations within the merchant's
// rules (`mercato pricing recommend`, GET /v1/pricing/recommendations).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "app/option_doc.h"
#include "common/status.h"
#include "pricing/elasticity.h"
#include "pricing/price_optimizer.h"
#include "pricing/price_panel.h"
#include "pricing/price_rules.h"

namespace mercato::app {

struct PriceElasticityOptions {
  std::string db;     // a store, or ...
  std::string panel;  // ... a long panel CSV (pricing/panel_csv.h); exactly one of the two
  double interval = pricing::ElasticityOptions{}.interval;
  int min_price_changes = pricing::ElasticityOptions{}.min_price_changes;
};

/// The options a user sets besides the source: interval, min_price_changes.
std::span<const OptionDoc<PriceElasticityOptions>> PriceElasticityOptionDocs();

struct PriceElasticities {
  pricing::PricePanel panel;
  pricing::ElasticityReport report;
  /// A panel file's cross-price elasticities (pricing/cross_price.h); nullopt for a store, or
  /// when no series has another of its store and category whose prices move apart from its own.
  std::optional<pricing::ElasticityReport> cross;
};

/// Reads the store's snapshot (its daily price panel, pricing/store_daily_panel.h, fitted by
/// pricing::FitEventElasticities and shrunk) or the panel file (its weekly series fitted by
/// pricing::EstimateElasticities with each series' category price index, then the cross-price
/// elasticities) and estimates every series' elasticity. InvalidArgument
/// when neither or both of db and panel are given, for a bad panel file (file, line, field) or
/// bad options; NotFound for a missing store; FailedPrecondition when nothing has enough price
/// variation. Reads only.
Result<PriceElasticities> EstimatePriceElasticities(const PriceElasticityOptions& options);

/// {"source": "store"|"panel", "interval", "levels": [series, group, top level names],
///  "n_series", "n_estimated", "tau2_series", "tau2_groups",
///  "overall": {"elasticity", "ci_low", "ci_high"},
///  "groups": [{<group level>, "elasticity", "ci_low", "ci_high", "n_series", "n_estimated",
///              "weight"}],
///  "elasticities": [{"product", "skus", "category" | "sku", "store", then "elasticity",
///                    "ci_low", "ci_high", "n_obs", "n_price_changes", "n_censored", "pooling",
///                    "weight", "own_elasticity", "own_se" (null without a fit of its own),
///                    "reason" (why not, "" with one), "cross_elasticity", "cross_ci_low",
///                    "cross_ci_high", "cross_pooling" (null for a store or a panel without
///                    cross-price estimates)}]}, in the panel's series order,
///  "cross_price": null, or {"overall": {...}, "tau2_series", "tau2_groups", "n_estimated",
///                  "groups": [{<group level>, "elasticity", "ci_low", "ci_high", "n_estimated"}]}.
nlohmann::ordered_json PriceElasticitiesJson(const PriceElasticities& result);

struct RecommendPricesOptions {
  std::string db;
  /// profit (default), revenue, or mix: profit_weight · profit + (1 − profit_weight) · revenue.
  std::string objective = "profit";
  double profit_weight = 0.5;
  /// The rules (pricing/price_rules.h), each documented in PriceRecommendationOptionDocs.
  std::optional<double> floor_price = pricing::RuleLimits{}.floor_price;
  double min_margin_pct = pricing::RuleLimits{}.min_margin_pct;
  std::optional<double> max_above_competitor_pct = pricing::RuleLimits{}.max_above_competitor_pct;
  double max_change_pct = pricing::RuleLimits{}.max_change_pct;
  int min_days_between_changes = pricing::RuleLimits{}.min_days_between_changes;
  std::vector<std::string> price_endings = pricing::PriceRules{}.price_endings;
  double clearance_min_margin_pct = pricing::PriceRules{}.clearance_min_margin_pct;
  double clearance_max_change_pct = pricing::PriceRules{}.clearance_max_change_pct;
  std::vector<std::string> rules;  // scoped rules, pricing::ParseScopedRule's syntax
  /// Competitor observations of the last this many days count (the latest per competitor).
  int competitor_days = 28;
  /// The expected units at the current price: the mean of this many last complete weeks.
  int baseline_weeks = 8;
  /// Nominal coverage of the elasticities' intervals, hence of the effects' intervals.
  double interval = pricing::ElasticityOptions{}.interval;
};

/// The options a user sets besides the store, in the order the CLI lists them.
std::span<const OptionDoc<RecommendPricesOptions>> PriceRecommendationOptionDocs();

/// The rules of `options`, scoped rules parsed and every value checked (pricing::ValidateRules):
/// InvalidArgument naming the option (and refusing, with why, a rule keyed on a protected
/// characteristic or a proxy for one).
Result<pricing::PriceRules> PriceRulesOf(const RecommendPricesOptions& options);

/// Every option besides the store checked (objective and profit weight, the windows, the rules
/// by PriceRulesOf), as RecommendPrices does before it reads anything: how `serve` refuses at
/// start the rules mercato.toml gives its route. InvalidArgument naming the option.
Status CheckPriceRecommendationOptions(const RecommendPricesOptions& options);

struct PriceRecommendationRow {
  pricing::ProductPriceFacts facts;
  std::string title;
  double weekly_units = 0;       // the baseline: units a week at the current price
  pricing::Estimate elasticity;  // the product's (pricing elasticity's), or its category's
  std::string pooling;           // product, category or store
  pricing::PriceRecommendation recommendation;
};

struct PriceRecommendations {
  std::string objective;
  double profit_weight = 1;
  double interval = 0.9;
  int64_t as_of_day = 0;  // the day after the data
  pricing::PriceRules rules;
  /// Why the inventory rules could not apply ("" when the plan was made).
  std::string inventory_note;
  int skipped = 0;  // active products without a positive price, left out
  /// Active catalog products with a price, the largest expected gain of the objective first.
  std::vector<PriceRecommendationRow> rows;
};

/// One store snapshot: every product's elasticity (EstimatePriceElasticities' model), its
/// baseline weekly units, cost, compare-at price, lowest recent competitor price, last permanent
/// price change (a promotions row without an end), and the inventory plan's excess stock and
/// projected stock-outs (a stock-out before an order placed today could arrive); then
/// pricing::RecommendPrice per active SKU with a price. InvalidArgument for bad options or rules;
/// NotFound for a missing store; FailedPrecondition when the store's sales allow no elasticity.
/// Reads only.
Result<PriceRecommendations> RecommendPrices(const RecommendPricesOptions& options);

/// {"objective", "profit_weight", "interval", "as_of", "inventory" (the note, or "plan"),
///  "n_products", "n_changed", "n_skipped", "expected": {"units_change", "revenue_change",
///  "profit_change"} (sums), "recommendations": [{"sku", "product", "title", "category",
///  "current_price", "recommended_price", "change_pct", "units_change", "units_change_low",
///  "units_change_high", "revenue_change" (+ _low, _high), "profit_change" (+ _low, _high; null
///  without a cost), "weekly_units", "elasticity", "elasticity_ci_low", "elasticity_ci_high",
///  "pooling", "cost", "compare_at_price", "lowest_competitor_price", "days_since_change",
///  "inventory" ("excess", "stockout" or ""), "binding_rule", "reason"}]}; changes are per week.
nlohmann::ordered_json PriceRecommendationsJson(const PriceRecommendations& result);

/// The Shopify product import's columns Handle (the product id, else the SKU), Variant SKU,
/// Variant Price (the price given) and Variant Compare At Price (unchanged), one row per pair.
std::string PriceImportCsv(
    const std::vector<std::pair<const pricing::ProductPriceFacts*, double>>& prices);

/// PriceImportCsv of every SKU at its recommended price.
std::string PriceRecommendationsShopifyCsv(const PriceRecommendations& result);

}  // namespace mercato::app
