// Estimating price elasticities from a store or a panel file, recommending prices within the
// rules from the store's snapshot and inventory plan, and their JSON and Shopify CSV.
#include "app/pricing_actions.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <unordered_map>

#include "app/json_rows_csv.h"
#include "dataset/snapshot.h"
#include "forecast/demand_series.h"
#include "inventory/inventory_data.h"
#include "inventory/planner.h"
#include "pricing/cross_price.h"
#include "pricing/event_elasticity.h"
#include "pricing/panel_csv.h"
#include "pricing/store_daily_panel.h"
#include "store/open_store.h"

namespace mercato::app {

namespace {

nlohmann::ordered_json EstimateJson(const pricing::Estimate& e) {
  return {{"elasticity", e.elasticity}, {"ci_low", e.ci_low}, {"ci_high", e.ci_high}};
}

Result<Snapshot> LoadStoreSnapshot(const std::string& db) {
  if (!std::filesystem::exists(db)) {
    return NotFound(db + ": no such store (create it with `mercato import --db " + db + " ...`)");
  }
  ASSIGN_OR_RETURN(auto store, OpenStore(db));
  return LoadSnapshot(*store);
}

// A store's elasticities: the daily event-window model of every product, shrunk.
Result<std::pair<pricing::PricePanel, pricing::ElasticityReport>> StoreElasticities(
    const Snapshot& snapshot, const pricing::ElasticityOptions& options) {
  ASSIGN_OR_RETURN(pricing::DailyPricePanel daily, pricing::BuildStoreDailyPanel(snapshot));
  std::vector<pricing::SeriesFit> fits = pricing::FitEventElasticities(daily, options);
  ASSIGN_OR_RETURN(pricing::ElasticityReport report,
                   pricing::ShrinkElasticities(daily.panel, std::move(fits), options));
  return std::make_pair(std::move(daily.panel), std::move(report));
}

}  // namespace

std::span<const OptionDoc<PriceElasticityOptions>> PriceElasticityOptionDocs() {
  using O = PriceElasticityOptions;
  static const OptionDoc<O> kDocs[] = {
      {"interval", "Nominal coverage of every elasticity's interval, between 0 and 1",
       &O::interval},
      {"min_price_changes",
       "A product (a panel's series) gets an estimate of its own only with at least this many "
       "price changes of more than 1% between observed days (a panel's periods); others take "
       "their category's",
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
    pricing::AddCategoryPriceIndex(out.panel);
    ASSIGN_OR_RETURN(out.report, pricing::EstimateElasticities(out.panel, estimation));
    ASSIGN_OR_RETURN(out.cross,
                     pricing::ShrinkCrossElasticities(out.panel, out.report, estimation));
    return out;
  }
  ASSIGN_OR_RETURN(const Snapshot snapshot, LoadStoreSnapshot(options.db));
  ASSIGN_OR_RETURN(std::tie(out.panel, out.report), StoreElasticities(snapshot, estimation));
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
    if (result.cross) {
      const pricing::SeriesElasticity& c = result.cross->series[i];
      row["cross_elasticity"] = c.estimate.elasticity;
      row["cross_ci_low"] = c.estimate.ci_low;
      row["cross_ci_high"] = c.estimate.ci_high;
      row["cross_pooling"] = c.pooling;
    } else {
      for (const char* key :
           {"cross_elasticity", "cross_ci_low", "cross_ci_high", "cross_pooling"}) {
        row[key] = nullptr;
      }
    }
    rows.push_back(std::move(row));
  }
  j["elasticities"] = std::move(rows);
  j["cross_price"] = nullptr;
  if (result.cross) {
    const pricing::ElasticityReport& c = *result.cross;
    nlohmann::ordered_json cross = {{"overall", EstimateJson(c.overall)},
                                    {"tau2_series", c.tau2_series},
                                    {"tau2_groups", c.tau2_groups},
                                    {"n_estimated", c.n_estimated}};
    nlohmann::ordered_json cross_groups = nlohmann::ordered_json::array();
    for (const pricing::GroupElasticity& g : c.groups) {
      nlohmann::ordered_json row = {{c.group_level, g.name}};
      row.update(EstimateJson(g.estimate));
      row["n_estimated"] = g.n_estimated;
      cross_groups.push_back(std::move(row));
    }
    cross["groups"] = std::move(cross_groups);
    j["cross_price"] = std::move(cross);
  }
  return j;
}

std::span<const OptionDoc<RecommendPricesOptions>> PriceRecommendationOptionDocs() {
  using O = RecommendPricesOptions;
  static const OptionDoc<O> kDocs[] = {
      {"objective",
       "What the price maximizes: profit (expected, needs the product's cost), revenue, or mix "
       "(profit_weight · profit + (1 − profit_weight) · revenue)",
       &O::objective},
      {"profit_weight", "With --objective mix: the weight of profit, between 0 and 1",
       &O::profit_weight},
      {"floor_price", "Rule: never recommend a price below this (default: no floor)",
       &O::floor_price},
      {"min_margin_pct", "Rule: at least this margin over cost, (price − cost) / price in %",
       &O::min_margin_pct},
      {"max_above_competitor_pct",
       "Rule: at most this many % above the lowest recent competitor price (negative: below "
       "it; default: competitors do not bound the price)",
       &O::max_above_competitor_pct},
      {"max_change_pct", "Rule: a change moves the price by at most this many % (in (0, 100])",
       &O::max_change_pct},
      {"min_days_between_changes",
       "Rule: no change within this many days of the last permanent price change",
       &O::min_days_between_changes},
      {"price_endings", "Rule: recommended prices end in one of these (.99, .95; any: every cent)",
       &O::price_endings},
      {"clearance_min_margin_pct",
       "Rule: with excess or ageing stock in the inventory plan, the margin floor instead of "
       "min_margin_pct",
       &O::clearance_min_margin_pct},
      {"clearance_max_change_pct",
       "Rule: with excess or ageing stock, a markdown may reach this many % (when above "
       "max_change_pct)",
       &O::clearance_max_change_pct},
      {"rules",
       "Scoped rules, each \"KEY=VALUE; FIELD=NUMBER; ...\" with KEY sku, product, category or "
       "brand and FIELDs floor_price, min_margin_pct, max_above_competitor_pct, max_change_pct, "
       "min_days_between_changes; a rule keyed on a customer trait is refused",
       &O::rules},
      {"competitor_days",
       "Competitor prices seen within this many days before the end of the data count",
       &O::competitor_days},
      {"baseline_weeks",
       "Expected weekly units at the current price: the mean of this many last complete weeks "
       "in which demand was observed (a week out of stock without a sale is passed over)",
       &O::baseline_weeks},
      {"interval", "Nominal coverage of the elasticities' and the effects' intervals",
       &O::interval},
  };
  return kDocs;
}

Result<pricing::PriceRules> PriceRulesOf(const RecommendPricesOptions& options) {
  pricing::PriceRules rules;
  rules.limits.floor_price = options.floor_price;
  rules.limits.min_margin_pct = options.min_margin_pct;
  rules.limits.max_above_competitor_pct = options.max_above_competitor_pct;
  rules.limits.max_change_pct = options.max_change_pct;
  rules.limits.min_days_between_changes = options.min_days_between_changes;
  rules.price_endings = options.price_endings;
  if (rules.price_endings == std::vector<std::string>{"any"}) rules.price_endings.clear();
  rules.clearance_min_margin_pct = options.clearance_min_margin_pct;
  rules.clearance_max_change_pct = options.clearance_max_change_pct;
  for (const std::string& text : options.rules) {
    ASSIGN_OR_RETURN(pricing::ScopedRule rule, pricing::ParseScopedRule(text));
    rules.scoped.push_back(std::move(rule));
  }
  RETURN_IF_ERROR(pricing::ValidateRules(rules));
  return rules;
}

namespace {

/// Per item: the inventory plan's excess stock and projected stock-outs.
struct InventoryFlags {
  std::vector<char> excess, stockout;
  std::string note;
};

Result<InventoryFlags> PlanFlags(const Snapshot& snapshot) {
  InventoryFlags flags;
  flags.excess.assign(static_cast<size_t>(snapshot.items.size()), 0);
  flags.stockout = flags.excess;
  auto data = inventory::LoadInventoryData(snapshot);
  if (!data.ok()) {
    if (data.status().code() != StatusCode::kFailedPrecondition) return data.status();
    flags.note = "no inventory rules: " + data.status().message();
    return flags;
  }
  ASSIGN_OR_RETURN(const inventory::Plan plan, inventory::PlanInventory(*data, {}));
  for (const inventory::PlanLine& line : plan.lines) {
    const int32_t item = snapshot.items.Find(line.sku);
    if (item == IdIndex::kNone) continue;
    const auto i = static_cast<size_t>(item);
    if (line.excess_units > 0 || line.markdown_candidate) flags.excess[i] = 1;
    if (line.stockout_day &&
        static_cast<double>(*line.stockout_day - plan.as_of_day) < line.lead_time.moments.mean) {
      flags.stockout[i] = 1;
    }
  }
  return flags;
}

/// Units a week at the current price, per item: the mean of its last `weeks` weeks before
/// `end_week` in which its demand was observed. A week without a sale while it was out of stock
/// (forecast::DemandSeries' censored week) is passed over for the week before it, so a stock-out
/// does not read as a collapse of demand; weeks before its first sale do not count. 0 for an
/// item never sold.
Result<std::vector<double>> BaselineWeeklyUnits(const Snapshot& snapshot, int64_t end_week,
                                                int weeks) {
  std::vector<double> baseline(static_cast<size_t>(snapshot.items.size()), 0);
  ASSIGN_OR_RETURN(const forecast::DemandPanel panel, forecast::BuildDemandPanel(snapshot, {}));
  for (const forecast::DemandSeries& s : panel.series) {
    double units = 0;
    int counted = 0;
    for (int64_t w = std::min(end_week, panel.end) - 1; w >= s.first && counted < weeks; --w) {
      const double sold = s.sales[static_cast<size_t>(w - s.first)];
      if (std::isnan(sold)) continue;
      units += sold;
      ++counted;
    }
    if (counted > 0) baseline[static_cast<size_t>(s.item)] = units / counted;
  }
  return baseline;
}

/// Per item: the lowest of the competitors' latest prices seen in [from, to).
std::vector<std::optional<double>> LowestCompetitorPrices(const Snapshot& s, Timestamp from,
                                                          Timestamp to) {
  std::vector<std::optional<double>> lowest(static_cast<size_t>(s.items.size()));
  const CompetitorPriceColumns& c = s.competitor_prices;
  for (size_t i = 0; i < c.size(); ++i) {
    if (c.ts[i] < from || c.ts[i] >= to) continue;
    // Rows are by SKU, competitor, time: a competitor's latest row in range is its last one.
    const bool last = i + 1 == c.size() || c.item[i + 1] != c.item[i] ||
                      c.competitor[i + 1] != c.competitor[i] || c.ts[i + 1] >= to;
    if (!last) continue;
    auto& low = lowest[static_cast<size_t>(c.item[i])];
    low = low ? std::min(*low, c.price[i]) : c.price[i];
  }
  return lowest;
}

double ObjectiveGain(const PriceRecommendationRow& row, double profit_weight) {
  const pricing::PriceRecommendation& r = row.recommendation;
  const double profit = r.profit ? r.profit->expected : 0;
  return profit_weight * profit + (1 - profit_weight) * r.revenue.expected;
}

// The recommendations' objective, its profit weight and the rules from `options`, every option
// besides the store checked.
Result<PriceRecommendations> CheckedStart(const RecommendPricesOptions& options) {
  PriceRecommendations out;
  out.objective = options.objective;
  if (options.objective == "profit") {
    out.profit_weight = pricing::kProfitObjective;
  } else if (options.objective == "revenue") {
    out.profit_weight = pricing::kRevenueObjective;
  } else if (options.objective == "mix") {
    if (!(options.profit_weight >= 0 && options.profit_weight <= 1)) {
      return InvalidArgument("profit_weight: expected a number in [0, 1], got " +
                             std::to_string(options.profit_weight));
    }
    out.profit_weight = options.profit_weight;
  } else {
    return InvalidArgument("objective: expected profit, revenue or mix, got '" + options.objective +
                           "'");
  }
  if (options.competitor_days < 1) return InvalidArgument("competitor_days: expected >= 1");
  if (options.baseline_weeks < 1) return InvalidArgument("baseline_weeks: expected >= 1");
  ASSIGN_OR_RETURN(out.rules, PriceRulesOf(options));
  return out;
}

}  // namespace

Status CheckPriceRecommendationOptions(const RecommendPricesOptions& options) {
  return CheckedStart(options).status();
}

Result<PriceRecommendations> RecommendPrices(const RecommendPricesOptions& options) {
  ASSIGN_OR_RETURN(PriceRecommendations out, CheckedStart(options));
  pricing::ElasticityOptions estimation;
  estimation.interval = options.interval;
  out.interval = options.interval;
  ASSIGN_OR_RETURN(const Snapshot snapshot, LoadStoreSnapshot(options.db));
  ASSIGN_OR_RETURN(const auto estimated, StoreElasticities(snapshot, estimation));
  const auto& [panel, report] = estimated;
  ASSIGN_OR_RETURN(const InventoryFlags inventory, PlanFlags(snapshot));
  out.inventory_note = inventory.note;
  out.as_of_day = DayOf(*snapshot.last_ts) + 1;  // a panel exists, so there are sales
  const Timestamp as_of = out.as_of_day * kSecondsPerDay;
  const std::vector<std::optional<double>> competitor = LowestCompetitorPrices(
      snapshot, as_of - int64_t{options.competitor_days} * kSecondsPerDay, as_of);

  std::unordered_map<std::string, size_t> series_of;
  for (size_t i = 0; i < panel.series.size(); ++i) {
    for (const std::string& sku : panel.series[i].skus) series_of[sku] = i;
  }
  std::unordered_map<std::string, size_t> group_of;
  for (size_t g = 0; g < panel.groups.size(); ++g) group_of[panel.groups[g]] = g;
  std::vector<std::optional<Timestamp>> last_change(static_cast<size_t>(snapshot.items.size()));
  const PromotionColumns& promotions = snapshot.promotions;
  // The promotion calendar: per item, the earliest-starting temporary promotion not over yet.
  std::vector<std::optional<pricing::ProductPriceFacts::Promotion>> calendar(last_change.size());
  for (size_t i = 0; i < promotions.size(); ++i) {
    const auto item = static_cast<size_t>(promotions.item[i]);
    if (promotions.end[i]) {
      const pricing::ProductPriceFacts::Promotion window{DayOf(promotions.start[i]) - out.as_of_day,
                                                         DayOf(*promotions.end[i]) - out.as_of_day};
      if (window.ends_in >= 0 && window.ends_in >= window.starts_in &&
          (!calendar[item] || window.starts_in < calendar[item]->starts_in)) {
        calendar[item] = window;
      }
      continue;
    }
    if (promotions.start[i] >= as_of) continue;
    auto& last = last_change[item];
    last = std::max(last.value_or(promotions.start[i]), promotions.start[i]);
  }
  const int64_t end_week = WeekOf(as_of);  // weeks before the one the data would continue in
  ASSIGN_OR_RETURN(const std::vector<double> baseline,
                   BaselineWeeklyUnits(snapshot, end_week, options.baseline_weeks));

  const CatalogColumns& catalog = snapshot.catalog;
  for (int32_t item = 0; item < catalog.products; ++item) {
    const auto i = static_cast<size_t>(item);
    const std::string& status = Snapshot::NameOf(snapshot.statuses, catalog.status[i]);
    if (!status.empty() && status != "active") continue;
    if (!catalog.price[i] || !(*catalog.price[i] > 0)) {
      ++out.skipped;
      continue;
    }
    PriceRecommendationRow row;
    pricing::ProductPriceFacts& f = row.facts;
    f.sku = snapshot.items.Key(item);
    f.product = catalog.product_id[i];
    f.category = Snapshot::NameOf(snapshot.category_paths, catalog.category[i]);
    f.brand = Snapshot::NameOf(snapshot.brands, catalog.brand[i]);
    f.current_price = *catalog.price[i];
    if (catalog.cost[i] && *catalog.cost[i] > 0) f.cost = catalog.cost[i];
    if (catalog.compare_at_price[i] && *catalog.compare_at_price[i] > 0) {
      f.compare_at_price = catalog.compare_at_price[i];
    }
    f.lowest_competitor_price = competitor[i];
    if (last_change[i]) f.days_since_change = out.as_of_day - DayOf(*last_change[i]);
    f.excess_stock = inventory.excess[i] != 0;
    f.stockout_projected = inventory.stockout[i] != 0;
    f.promotion = calendar[i];
    row.title = catalog.title[i];
    row.weekly_units = baseline[i];
    if (auto s = series_of.find(f.sku); s != series_of.end()) {
      row.elasticity = report.series[s->second].estimate;
      row.pooling = report.series[s->second].pooling;
    } else if (auto g =
                   group_of.find(Snapshot::NameOf(snapshot.categories, snapshot.item_category[i]));
               g != group_of.end()) {
      row.elasticity = report.groups[g->second].estimate;
      row.pooling = report.group_level;
    } else {
      row.elasticity = report.overall;
      row.pooling = report.top_level;
    }
    const pricing::DemandCurve demand{row.weekly_units, row.elasticity.elasticity,
                                      row.elasticity.ci_low, row.elasticity.ci_high};
    row.recommendation = pricing::RecommendPrice(out.rules, f, demand, out.profit_weight);
    out.rows.push_back(std::move(row));
  }
  std::stable_sort(out.rows.begin(), out.rows.end(), [&](const auto& a, const auto& b) {
    return ObjectiveGain(a, out.profit_weight) > ObjectiveGain(b, out.profit_weight);
  });
  return out;
}

nlohmann::ordered_json PriceRecommendationsJson(const PriceRecommendations& result) {
  nlohmann::ordered_json j;
  j["objective"] = result.objective;
  j["profit_weight"] = result.profit_weight;
  j["interval"] = result.interval;
  j["as_of"] = FormatDay(result.as_of_day);
  j["inventory"] = result.inventory_note.empty() ? "plan" : result.inventory_note;
  int changed = 0;
  double units = 0, revenue = 0, profit = 0;
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  const auto optional = [](const std::optional<double>& v) {
    return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(nullptr);
  };
  for (const PriceRecommendationRow& row : result.rows) {
    const pricing::ProductPriceFacts& f = row.facts;
    const pricing::PriceRecommendation& r = row.recommendation;
    changed += r.recommended_price != r.current_price;
    units += r.units.expected;
    revenue += r.revenue.expected;
    profit += r.profit ? r.profit->expected : 0;
    nlohmann::ordered_json o;
    o["sku"] = f.sku;
    o["product"] = f.product;
    o["title"] = row.title;
    o["category"] = f.category;
    o["current_price"] = r.current_price;
    o["recommended_price"] = r.recommended_price;
    o["change_pct"] = r.change_pct;
    const auto effect = [&](const std::string& name, const std::optional<pricing::Effect>& e) {
      o[name + "_change"] = e ? nlohmann::ordered_json(e->expected) : nullptr;
      o[name + "_change_low"] = e ? nlohmann::ordered_json(e->low) : nullptr;
      o[name + "_change_high"] = e ? nlohmann::ordered_json(e->high) : nullptr;
    };
    effect("units", r.units);
    effect("revenue", r.revenue);
    effect("profit", r.profit);
    o["weekly_units"] = row.weekly_units;
    o["elasticity"] = row.elasticity.elasticity;
    o["elasticity_ci_low"] = row.elasticity.ci_low;
    o["elasticity_ci_high"] = row.elasticity.ci_high;
    o["pooling"] = row.pooling;
    o["cost"] = optional(f.cost);
    o["compare_at_price"] = optional(f.compare_at_price);
    o["lowest_competitor_price"] = optional(f.lowest_competitor_price);
    o["days_since_change"] =
        f.days_since_change ? nlohmann::ordered_json(*f.days_since_change) : nullptr;
    o["inventory"] = f.stockout_projected ? "stockout" : f.excess_stock ? "excess" : "";
    o["binding_rule"] = r.binding_rule;
    o["reason"] = r.reason;
    rows.push_back(std::move(o));
  }
  j["n_products"] = result.rows.size();
  j["n_changed"] = changed;
  j["n_skipped"] = result.skipped;
  j["expected"] = {{"units_change", units}, {"revenue_change", revenue}, {"profit_change", profit}};
  j["recommendations"] = std::move(rows);
  return j;
}

std::string PriceImportCsv(
    const std::vector<std::pair<const pricing::ProductPriceFacts*, double>>& prices) {
  std::vector<nlohmann::ordered_json> rows;
  for (const auto& [f, price] : prices) {
    nlohmann::ordered_json o;
    o["Handle"] = f->product.empty() ? f->sku : f->product;
    o["Variant SKU"] = f->sku;
    o["Variant Price"] = price;
    o["Variant Compare At Price"] =
        f->compare_at_price ? nlohmann::ordered_json(*f->compare_at_price) : nullptr;
    rows.push_back(std::move(o));
  }
  CsvLayout layout;
  layout.money = {"Variant Price", "Variant Compare At Price"};
  layout.empty_header_row = {{"Handle", ""},
                             {"Variant SKU", ""},
                             {"Variant Price", nullptr},
                             {"Variant Compare At Price", nullptr}};
  return RowsAsCsv(rows, layout);
}

std::string PriceRecommendationsShopifyCsv(const PriceRecommendations& result) {
  std::vector<std::pair<const pricing::ProductPriceFacts*, double>> prices;
  for (const PriceRecommendationRow& row : result.rows) {
    prices.emplace_back(&row.facts, row.recommendation.recommended_price);
  }
  return PriceImportCsv(prices);
}

}  // namespace mercato::app
