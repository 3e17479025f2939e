// A store's demand forecast: panel, covariates, models and JSON.
#include "forecast/store_forecast.h"

#include <algorithm>
#include <cmath>

#include "common/country.h"
#include "common/text.h"
#include "forecast/forecast_summary.h"
#include "forecast/global_model.h"
#include "forecast/model_registry.h"
#include "forecast/seasonal_pooling.h"

namespace mercato::forecast {
namespace {

// "8w", "56d" or "8" (periods of `period`) as a number of periods from `least` to 100000;
// `option` and `expected` word the errors.
Result<int> ParsePeriodCount(const std::string& text, Period period, int least,
                             const std::string& option, const std::string& expected) {
  std::string_view t = Trim(text);
  int days_per_unit = 0;
  if (!t.empty() && (t.back() == 'w' || t.back() == 'd')) {
    days_per_unit = t.back() == 'w' ? 7 : 1;
    t.remove_suffix(1);
  }
  Result<int64_t> n = ParseInt(t);
  if (!n.ok() || n.value() < least || n.value() > 100000) {
    return InvalidArgument(option + ": expected " + expected +
                           " with an optional unit, like 8w or 56d, got '" + text + "'");
  }
  if (days_per_unit == 0) return static_cast<int>(n.value());
  const int64_t days = n.value() * days_per_unit;
  const int per = DaysPerPeriod(period);
  if (days % per != 0) {
    return InvalidArgument(option + " " + text +
                           " is not a whole number of weeks; forecast by day");
  }
  return static_cast<int>(days / per);
}

}  // namespace

Result<int> ParseHorizon(const std::string& text, Period period) {
  return ParsePeriodCount(text, period, 1, "horizon", "a positive count");
}

Result<int> ParseHistory(const std::string& text, Period period, int horizon) {
  if (Trim(text).empty()) return horizon;
  return ParsePeriodCount(text, period, 0, "history", "a count (0: none)");
}

Result<StoreDemand> LoadStoreDemand(const Snapshot& snapshot, const StoreForecastOptions& o) {
  // The API passes these on from a query, so they are checked here rather than by the CLI.
  if (o.ma_window < 1 || o.ma_window > 10000) {
    return InvalidArgument("ma_window " + std::to_string(o.ma_window) +
                           ": expected an integer from 1 to 10000");
  }
  if (o.sold_within < 0 || o.sold_within > 100000) {
    return InvalidArgument("sold_within " + std::to_string(o.sold_within) +
                           ": expected an integer from 0 to 100000");
  }
  StoreDemand loaded;
  loaded.categories = snapshot.categories.size();
  DemandOptions options;
  options.period = o.period;
  options.sold_within = o.sold_within;
  ASSIGN_OR_RETURN(loaded.horizon, ParseHorizon(o.horizon, options.period));
  ASSIGN_OR_RETURN(loaded.history, ParseHistory(o.history, options.period, loaded.horizon));
  CovariateFile extra;
  CovariateOptions cov_options;
  if (!o.covariates.empty()) {
    ASSIGN_OR_RETURN(extra, ReadCovariateCsv(o.covariates));
    cov_options.extra = &extra;
  }
  for (const std::string& c : o.countries) {
    const std::string code = NormalizeCountry(c);
    cov_options.countries.push_back(code.empty() ? std::string(Trim(c)) : code);
  }
  for (const std::string& e : o.events) {
    ASSIGN_OR_RETURN(StoreEvent event, ParseStoreEvent(Trim(e)));
    cov_options.events.push_back(std::move(event));
  }
  cov_options.horizon = loaded.horizon;
  ASSIGN_OR_RETURN(loaded.panel, BuildDemandPanel(snapshot, options));
  ASSIGN_OR_RETURN(loaded.covariates, BuildPanelCovariates(snapshot, loaded.panel, cov_options));
  const CatalogColumns& catalog = snapshot.catalog;
  for (const DemandSeries& series : loaded.panel.series) {
    SeriesProduct& p = loaded.products.emplace_back();
    const auto item = static_cast<size_t>(series.item);
    if (series.item >= 0 && item < catalog.size()) {
      p.title = catalog.title[item];
      p.product_id = catalog.product_id[item];
      p.price = catalog.price[item];
    }
    if (series.item >= 0 && static_cast<size_t>(series.item) < snapshot.item_category.size()) {
      p.category = snapshot.item_category[static_cast<size_t>(series.item)];
    }
    if (p.product_id.empty()) p.product_id = series.sku;
  }
  return loaded;
}

DemandForecastSettings SettingsFor(const StoreForecastOptions& options, int horizon) {
  DemandForecastSettings s;
  s.horizon = horizon;
  s.ma_window = options.ma_window;
  return s;
}

namespace {

// The yearly cycle of weekly demand; a series needs two to show its own.
constexpr int kYearWeeks = 52;
// Series' worth of the store's profile in a category's (seasonal_pooling.h).
constexpr double kCategoryShrinkage = 5.0;

// ForecastPanel with the seasonal profiles pooled by category lent to the short series.
Result<std::vector<DemandForecast>> ForecastPooled(const StoreDemand& demand,
                                                   const std::string& model,
                                                   const DemandForecastSettings& settings,
                                                   int threads) {
  const DemandPanel& panel = demand.panel;
  std::vector<PoolingSeries> pooling;
  for (size_t i = 0; i < panel.series.size(); ++i) {
    pooling.push_back({panel.series[i].first, panel.series[i].sales, demand.products[i].category});
  }
  const SeasonalProfiles profiles =
      PoolSeasonalProfiles(pooling, demand.categories, kYearWeeks, kCategoryShrinkage);
  if (profiles.store.empty()) return ForecastPanel(panel, model, settings, threads);
  DemandPanel adjusted = panel;
  std::vector<bool> pooled(panel.series.size(), false);
  for (size_t i = 0; i < panel.series.size(); ++i) {
    DemandSeries& s = adjusted.series[i];
    if (s.sales.size() >= 2 * static_cast<size_t>(kYearWeeks)) continue;
    s.sales = Deseasonalize(s.sales, s.first, ProfileFor(profiles, pooling[i].group));
    pooled[i] = true;
  }
  ASSIGN_OR_RETURN(std::vector<DemandForecast> out,
                   ForecastPanel(adjusted, model, settings, threads));
  for (size_t i = 0; i < out.size(); ++i) {
    if (!pooled[i]) continue;
    const DemandSeries& s = panel.series[i];
    const std::span<const double> profile = ProfileFor(profiles, pooling[i].group);
    const int64_t end = s.first + static_cast<int64_t>(s.sales.size());
    DemandForecast& f = out[i];
    for (size_t j = 0; j < f.mean.size(); ++j) {
      const double index = IndexAt(profile, end + static_cast<int64_t>(j));
      f.mean[j] *= index, f.p50[j] *= index, f.p90[j] *= index, f.p95[j] *= index;
    }
    f.demand_class = ClassifyDemand(Observed(s.sales, s.sales.size())).demand_class;
  }
  return out;
}

}  // namespace

Result<std::vector<DemandForecast>> ForecastStoreDemand(const StoreDemand& demand,
                                                        const std::string& model,
                                                        const StoreForecastOptions& options) {
  DemandForecastSettings s = SettingsFor(options, demand.horizon);
  s.calendar = &demand.covariates.calendar;
  const ForecastModel* m = FindForecastModel(model);
  if (m == nullptr || !IsPanelModel(*m)) {
    if (m != nullptr && options.pooled_season && m->input == ModelInput::kHistory &&
        demand.panel.period == Period::kWeek &&
        demand.products.size() == demand.panel.series.size()) {
      return ForecastPooled(demand, model, s, options.threads);
    }
    return ForecastPanel(demand.panel, model, s, options.threads);
  }
  GlobalModelSettings global;
  global.threads = options.threads;
  ASSIGN_OR_RETURN(GlobalForecasts f,
                   ForecastGlobal(demand.panel, &demand.covariates, demand.panel.end, s, global));
  return std::move(f.*(m->panel));
}

namespace {

// The units `s` sold in each of the last `periods` periods of `panel` (from its first at most):
// {"start", "units"}, 0 before the SKU's first sale, null for a censored period.
nlohmann::json HistoryJson(const DemandPanel& panel, const DemandSeries& s, int periods) {
  nlohmann::json out = nlohmann::json::array();
  for (int64_t p = std::max(panel.first, panel.end - periods); p < panel.end; ++p) {
    const int64_t k = p - s.first;
    const double units =
        k < 0 || k >= static_cast<int64_t>(s.sales.size()) ? 0.0 : s.sales[static_cast<size_t>(k)];
    out.push_back({{"start", FormatDay(DayOf(PeriodStart(panel.period, p)))},
                   {"units", std::isnan(units) ? nlohmann::json(nullptr) : nlohmann::json(units)}});
  }
  return out;
}

}  // namespace

nlohmann::json ForecastsJson(const StoreDemand& demand,
                             const std::vector<DemandForecast>& forecasts) {
  const DemandPanel& panel = demand.panel;
  nlohmann::json j;
  j["by"] = panel.period == Period::kDay ? "day" : "week";
  j["horizon"] = demand.horizon;
  j["series"] = forecasts.size();
  j["forecasts"] = nlohmann::json::array();
  for (size_t i = 0; i < forecasts.size(); ++i) {
    const DemandForecast& f = forecasts[i];
    nlohmann::json periods = nlohmann::json::array();
    for (int k = 0; k < demand.horizon; ++k) {
      const size_t s = static_cast<size_t>(k);
      periods.push_back({{"start", FormatDay(DayOf(PeriodStart(panel.period, panel.end + k)))},
                         {"mean", f.mean[s]},
                         {"p50", f.p50[s]},
                         {"p90", f.p90[s]},
                         {"p95", f.p95[s]}});
    }
    nlohmann::json item = {{"sku", panel.series[i].sku},
                           {"location", panel.series[i].location},
                           {"model", f.model},
                           {"demand_class", DemandClassName(f.demand_class)},
                           {"periods", periods},
                           {"title", demand.products[i].title},
                           {"product_id", demand.products[i].product_id}};
    if (demand.history > 0) item["history"] = HistoryJson(panel, panel.series[i], demand.history);
    j["forecasts"].push_back(std::move(item));
  }
  j["summary"] = ForecastSummaryJson(SummarizeForecasts(demand, forecasts));
  if (!demand.currency.empty()) j["currency"] = demand.currency;
  return j;
}

}  // namespace mercato::forecast
