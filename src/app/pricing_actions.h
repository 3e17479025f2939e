// Pricing actions (issue 21): today the own-price elasticities of a store's products or of a
// panel file's SKUs, `mercato pricing elasticity`.
#pragma once

#include <nlohmann/json.hpp>
#include <span>
#include <string>

#include "app/option_doc.h"
#include "common/status.h"
#include "pricing/elasticity.h"
#include "pricing/price_panel.h"

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
};

/// Reads the store's snapshot (its weekly price panel, pricing/store_price_panel.h) or the panel
/// file and estimates every series' elasticity (pricing::EstimateElasticities). InvalidArgument
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
///                    "reason" (why not, "" with one)}]}, in the panel's series order.
nlohmann::ordered_json PriceElasticitiesJson(const PriceElasticities& result);

}  // namespace mercato::app
