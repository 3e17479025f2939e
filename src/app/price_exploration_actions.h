// Price exploration (issue 21, `mercato pricing explore`): the products whose elasticity is most
// uncertain and worth measuring get a small test price within the rules, half of them by the
// experiment's assignment, run as a pricing experiment on product units so its report measures
// what the test prices did (and the next elasticity fit sees a second price).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/pricing_actions.h"
#include "common/status.h"
#include "common/time.h"
#include "pricing/price_exploration.h"

namespace mercato::app {

struct ExplorePricesOptions {
  RecommendPricesOptions recommend;  // the store, its rules and the estimates' settings
  std::string experiment;            // the key of the experiment to create
  pricing::ExplorationOptions exploration;
  bool dry_run = false;  // plan only: no experiment created, no exposure recorded
  Timestamp now = 0;
};

struct PriceExplorationCell {
  PriceRecommendationRow row;
  std::string variant;  // "test": priced at test_price; "control": left at the current price
  double test_price = 0;
  double interval_width = 0;
};

struct PriceExploration {
  std::string experiment;
  bool created = false;
  pricing::ExplorationOptions exploration;
  int products = 0;   // products with a price the recommendations priced
  int uncertain = 0;  // of them, with an interval at least min_interval_width wide
  std::vector<PriceExplorationCell> cells;  // the most worth measuring first
  nlohmann::json definition;                // the experiment's definition (created or not)
};

/// RecommendPrices' estimates and rules, then pricing::ChooseExplorationCells; each chosen
/// product is assigned by a pricing experiment on product units (variants "control" and "test",
/// half each, config {"price": "current"} / {"price": "test", "step_pct": ...}); the test arm's
/// products get their test price. Unless dry_run, the experiment is created running (in one
/// transaction) and every chosen product's exposure recorded at `now` (RecordExposureBatch).
/// InvalidArgument for bad options (named) or a bad key; AlreadyExists for a key taken;
/// FailedPrecondition when no product is both uncertain and free to move (nothing created);
/// RecommendPrices' errors otherwise.
Result<PriceExploration> ExplorePrices(const ExplorePricesOptions& options);

/// {"experiment", "created", "fraction", "step_pct", "min_interval_width", "n_products",
///  "n_uncertain", "n_test", "n_control", "definition", "cells": [{"sku", "product", "title",
///  "category", "variant", "current_price", "test_price", "change_pct", "elasticity",
///  "elasticity_ci_low", "elasticity_ci_high", "interval_width", "weekly_units",
///  "recommended_price", "reason"}]}.
nlohmann::ordered_json PriceExplorationJson(const PriceExploration& result);

/// The test arm's prices as Shopify's product import reads them (PriceImportCsv).
std::string PriceExplorationShopifyCsv(const PriceExploration& result);

}  // namespace mercato::app
