// Estimating price elasticities from a store or a panel file, and their JSON.
#include "app/pricing_actions.h"

#include <filesystem>

#include "dataset/snapshot.h"
#include "pricing/panel_csv.h"
#include "pricing/store_price_panel.h"
#include "store/open_store.h"

namespace mercato::app {

namespace {

nlohmann::ordered_json EstimateJson(const pricing::Estimate& e) {
  return {{"elasticity", e.elasticity}, {"ci_low", e.ci_low}, {"ci_high", e.ci_high}};
}

}  // namespace

std::span<const OptionDoc<PriceElasticityOptions>> PriceElasticityOptionDocs() {
  using O = PriceElasticityOptions;
  static const OptionDoc<O> kDocs[] = {
      {"interval", "Nominal coverage of every elasticity's interval, between 0 and 1",
       &O::interval},
      {"min_price_changes",
       "A product gets an estimate of its own only with at least this many price changes of "
       "more than 1% between observed weeks; others take their category's",
       &O::min_price_changes},
  };
  return kDocs;
}

Result<PriceElasticities> EstimatePriceElasticities(const PriceElasticityOptions& options) {
  if (options.db.empty() == options.panel.empty()) {
    return InvalidArgument("give exactly one of --db (a store) and --panel (a panel CSV)");
  }
  if (options.min_price_changes < 1) return InvalidArgument("--min-price-changes must be >= 1");
  pricing::ElasticityOptions estimation;
  estimation.interval = options.interval;
  estimation.min_price_changes = options.min_price_changes;
  PriceElasticities out;
  if (!options.panel.empty()) {
    ASSIGN_OR_RETURN(out.panel, pricing::ReadPanelCsv(options.panel));
  } else {
    if (!std::filesystem::exists(options.db)) {
      return NotFound(options.db + ": no such store (create it with `mercato import --db " +
                      options.db + " ...`)");
    }
    ASSIGN_OR_RETURN(auto store, OpenStore(options.db));
    ASSIGN_OR_RETURN(const Snapshot snapshot, LoadSnapshot(*store));
    ASSIGN_OR_RETURN(out.panel, pricing::BuildStorePricePanel(snapshot));
  }
  ASSIGN_OR_RETURN(out.report, pricing::EstimateElasticities(out.panel, estimation));
  return out;
}

nlohmann::ordered_json PriceElasticitiesJson(const PriceElasticities& result) {
  const pricing::PricePanel& panel = result.panel;
  const pricing::ElasticityReport& r = result.report;
  const bool store = panel.series_level == "product";
  nlohmann::ordered_json j;
  j["source"] = store ? "store" : "panel";
  j["interval"] = r.interval;
  j["levels"] = {r.series_level, r.group_level, r.top_level};
  j["n_series"] = r.series.size();
  j["n_estimated"] = r.n_estimated;
  j["tau2_series"] = r.tau2_series;
  j["tau2_groups"] = r.tau2_groups;
  j["overall"] = EstimateJson(r.overall);
  nlohmann::ordered_json groups = nlohmann::ordered_json::array();
  for (const pricing::GroupElasticity& g : r.groups) {
    nlohmann::ordered_json row = {{r.group_level, g.name}};
    row.update(EstimateJson(g.estimate));
    row["n_series"] = g.n_series;
    row["n_estimated"] = g.n_estimated;
    row["weight"] = g.weight;
    groups.push_back(std::move(row));
  }
  j["groups"] = std::move(groups);
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (size_t i = 0; i < r.series.size(); ++i) {
    const pricing::PriceSeries& s = panel.series[i];
    const pricing::SeriesElasticity& e = r.series[i];
    nlohmann::ordered_json row;
    if (store) {
      row["product"] = s.key;
      row["skus"] = s.skus;
      row["category"] = panel.groups[static_cast<size_t>(s.group)];
    } else {
      row["sku"] = s.key;
      row["store"] = s.location;
    }
    row.update(EstimateJson(e.estimate));
    row["n_obs"] = e.fit.n_obs;
    row["n_price_changes"] = e.fit.n_price_changes;
    row["n_censored"] = s.censored;
    row["pooling"] = e.pooling;
    row["weight"] = e.weight;
    row["own_elasticity"] = e.fit.estimated ? nlohmann::ordered_json(e.fit.elasticity) : nullptr;
    row["own_se"] = e.fit.estimated ? nlohmann::ordered_json(e.fit.se) : nullptr;
    row["reason"] = e.fit.reason;
    rows.push_back(std::move(row));
  }
  j["elasticities"] = std::move(rows);
  return j;
}

}  // namespace mercato::app
