// Choosing the products to explore from the store's price recommendations, their pricing
// experiment and exposures, and the plan's JSON and Shopify CSV.
#include "app/price_exploration_actions.h"

#include <cmath>
#include <cstdio>
#include <filesystem>

#include "app/experiment_actions.h"
#include "experiment/assignment.h"
#include "experiment/definition.h"
#include "store/open_store.h"

namespace mercato::app {

namespace {

std::string Fixed(double v, int digits) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

nlohmann::json ExperimentDefinition(const ExplorePricesOptions& options, size_t cells) {
  const double step = options.exploration.step_pct;
  return {
      {"key", options.experiment},
      {"name", "Price exploration: " + std::to_string(cells) +
                   " products with uncertain elasticities, test prices about " + Fixed(step, 1) +
                   "% away"},
      {"capability", "pricing"},
      {"unit", "product"},
      {"status", "running"},
      {"variants",
       {{{"name", "control"}, {"weight", 0.5}, {"config", {{"price", "current"}}}},
        {{"name", "test"}, {"weight", 0.5}, {"config", {{"price", "test"}, {"step_pct", step}}}}}},
      {"control", "control"}};
}

std::string ReasonOf(const PriceExplorationCell& c, double min_width) {
  const pricing::Estimate& e = c.row.elasticity;
  std::string out = "elasticity " + Fixed(e.elasticity, 2) + " [" + Fixed(e.ci_low, 2) + ", " +
                    Fixed(e.ci_high, 2) + "] is uncertain (width " + Fixed(c.interval_width, 2) +
                    " >= " + Fixed(min_width, 2) + "): ";
  const double p0 = c.row.facts.current_price;
  if (c.variant == "test") {
    return out + "test price " + Fixed(c.test_price, 2) + " (" +
           Fixed(100 * (c.test_price - p0) / p0, 1) + "%) measures its demand at a second price";
  }
  return out + "control: stays at " + Fixed(p0, 2) + " beside the test arm's products";
}

}  // namespace

Result<PriceExploration> ExplorePrices(const ExplorePricesOptions& options) {
  RETURN_IF_ERROR(pricing::CheckExplorationOptions(options.exploration));
  PriceExploration out;
  out.experiment = options.experiment;
  out.exploration = options.exploration;
  // The key and the definition are checked before the (long) estimation.
  if (!experiment::IsValidKey(options.experiment)) {
    return InvalidArgument("--experiment '" + options.experiment +
                           "': expected the new experiment's key, 1-64 of [a-z0-9._-] starting "
                           "with a letter or digit");
  }
  ASSIGN_OR_RETURN(const experiment::Definition draft,
                   experiment::DefinitionFromJson(ExperimentDefinition(options, 0)));
  RETURN_IF_ERROR(experiment::Validate(draft));
  if (!options.dry_run && std::filesystem::exists(options.recommend.db)) {
    ASSIGN_OR_RETURN(auto store, OpenStore(options.recommend.db));
    if (ShowExperiment(*store, options.experiment).ok()) {
      return Status(StatusCode::kAlreadyExists,
                    "experiment '" + options.experiment +
                        "' exists already; choose another --experiment key");
    }
  }
  ASSIGN_OR_RETURN(PriceRecommendations recs, RecommendPrices(options.recommend));
  std::vector<pricing::ExplorationProduct> products;
  products.reserve(recs.rows.size());
  for (const PriceRecommendationRow& row : recs.rows) {
    pricing::ExplorationProduct p;
    p.facts = row.facts;
    p.weekly_units = row.weekly_units;
    p.ci_low = row.elasticity.ci_low;
    p.ci_high = row.elasticity.ci_high;
    p.recommended_price = row.recommendation.recommended_price;
    products.push_back(std::move(p));
    if (row.elasticity.ci_high - row.elasticity.ci_low >= options.exploration.min_interval_width) {
      ++out.uncertain;
    }
  }
  out.products = static_cast<int>(products.size());
  const std::vector<pricing::ExplorationCell> cells =
      pricing::ChooseExplorationCells(recs.rules, products, options.exploration);
  if (cells.empty()) {
    return FailedPrecondition(
        std::to_string(out.uncertain) + " of " + std::to_string(out.products) +
        " products have an elasticity interval at least " +
        Fixed(options.exploration.min_interval_width, 2) +
        " wide, and none of them sells and may move its price now (the rules, or no sales in "
        "the recent weeks); nothing to explore: lower --min-interval-width or wait");
  }
  out.definition = ExperimentDefinition(options, cells.size());
  ASSIGN_OR_RETURN(const experiment::Definition definition,
                   experiment::DefinitionFromJson(out.definition));
  ASSIGN_OR_RETURN(const experiment::Assigner assigner,
                   experiment::Assigner::Create(definition.Assignment()));
  for (const pricing::ExplorationCell& cell : cells) {
    PriceExplorationCell c;
    c.row = recs.rows[cell.product];
    c.interval_width = cell.interval_width;
    const AssignedVariant assigned = AssignUnit(definition, assigner, c.row.facts.sku, {});
    c.variant = assigned.variant->name;
    c.test_price = c.variant == "test" ? cell.test_price : c.row.facts.current_price;
    out.cells.push_back(std::move(c));
  }
  if (options.dry_run) return out;
  ASSIGN_OR_RETURN(auto store, OpenStore(options.recommend.db));
  ASSIGN_OR_RETURN(StoredExperiment created,
                   CreateExperiment(*store, {.definition = out.definition, .now = options.now}));
  out.created = true;
  for (size_t begin = 0; begin < out.cells.size(); begin += kMaxExposureBatch) {
    RecordExposureBatchOptions batch;
    batch.key = options.experiment;
    batch.now = options.now;
    for (size_t i = begin; i < std::min(out.cells.size(), begin + kMaxExposureBatch); ++i) {
      batch.units.emplace_back(out.cells[i].row.facts.sku, options.now);
    }
    Result<ExposureBatchReport> recorded = RecordExposureBatch(*store, batch);
    if (!recorded.ok()) {
      return Status(recorded.status().code(),
                    "experiment '" + options.experiment +
                        "' was created, but recording its products' exposures failed (" +
                        recorded.status().message() + "); record them with POST /v1/experiments/" +
                        options.experiment + "/exposures");
    }
  }
  return out;
}

nlohmann::ordered_json PriceExplorationJson(const PriceExploration& result) {
  nlohmann::ordered_json j;
  j["experiment"] = result.experiment;
  j["created"] = result.created;
  j["fraction"] = result.exploration.fraction;
  j["step_pct"] = result.exploration.step_pct;
  j["min_interval_width"] = result.exploration.min_interval_width;
  j["n_products"] = result.products;
  j["n_uncertain"] = result.uncertain;
  int test = 0;
  for (const PriceExplorationCell& c : result.cells) test += c.variant == "test" ? 1 : 0;
  j["n_test"] = test;
  j["n_control"] = static_cast<int>(result.cells.size()) - test;
  j["definition"] = result.definition;
  nlohmann::ordered_json cells = nlohmann::ordered_json::array();
  for (const PriceExplorationCell& c : result.cells) {
    const pricing::ProductPriceFacts& f = c.row.facts;
    nlohmann::ordered_json o;
    o["sku"] = f.sku;
    o["product"] = f.product;
    o["title"] = c.row.title;
    o["category"] = f.category;
    o["variant"] = c.variant;
    o["current_price"] = f.current_price;
    o["test_price"] = c.test_price;
    o["change_pct"] = 100 * (c.test_price - f.current_price) / f.current_price;
    o["elasticity"] = c.row.elasticity.elasticity;
    o["elasticity_ci_low"] = c.row.elasticity.ci_low;
    o["elasticity_ci_high"] = c.row.elasticity.ci_high;
    o["interval_width"] = c.interval_width;
    o["weekly_units"] = c.row.weekly_units;
    o["recommended_price"] = c.row.recommendation.recommended_price;
    o["reason"] = ReasonOf(c, result.exploration.min_interval_width);
    cells.push_back(std::move(o));
  }
  j["cells"] = std::move(cells);
  return j;
}

std::string PriceExplorationShopifyCsv(const PriceExploration& result) {
  std::vector<std::pair<const pricing::ProductPriceFacts*, double>> prices;
  for (const PriceExplorationCell& c : result.cells) {
    if (c.variant == "test") prices.emplace_back(&c.row.facts, c.test_price);
  }
  return PriceImportCsv(prices);
}

}  // namespace mercato::app
