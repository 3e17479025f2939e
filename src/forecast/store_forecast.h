// Forecasting a store's demand end to end — the panel, its covariates, the model run from the
// panel's end and the JSON of the result — shared by `mercato forecast` and the API.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "dataset/snapshot.h"
#include "forecast/covariates.h"
#include "forecast/demand_forecast.h"
#include "forecast/demand_series.h"

namespace mercato::forecast {

struct StoreForecastOptions {
  std::string horizon = "8w";  // "8w", "56d" or a number of periods
  Period period = Period::kWeek;
  int ma_window = 4;       // window of the moving-average baseline "ma"
  int sold_within = 0;     // only SKUs sold within the first N complete periods (0: all)
  std::string covariates;  // covariate CSV file, or empty
  std::vector<std::string> countries;  // holiday countries; empty: the customers' main country
  /// The store's events by date for the calendar (ParseStoreEvent: "2024-07-16..2024-07-17 prime").
  std::vector<std::string> events;
  int threads = 1;
  /// Recent actuals per series in the JSON: "8w", "56d" or a number of periods; empty: as many
  /// periods as the horizon; "0": none.
  std::string history;  /// Weekly forecasts by a model reading only the history: a series with less
                        /// than two years
  /// of weeks borrows the seasonal profile pooled from its category (ForecastStoreDemand).
  bool pooled_season = true;
};

/// What the catalog says of one series' SKU: its title, the product grouping its variants
/// (Shopify's handle; the SKU itself when the catalog names none) and its price.
struct SeriesProduct {
  std::string title, product_id;
  std::optional<double> price;
  int32_t category = -1;  // the top-level category (Snapshot::categories), −1 when unknown
};

/// The store's demand panel, its covariates, the horizon in its periods and the catalog's word
/// on each series (aligned with panel.series).
struct StoreDemand {
  DemandPanel panel;
  PanelCovariates covariates;
  int horizon = 0;
  std::vector<SeriesProduct> products;
  int32_t categories = 0;  // top-level categories the products' ids range over
  int history = 0;         // periods of actual sales per series ForecastsJson writes (0: none)
  /// The currency of the prices (ISO 4217); empty when unknown. The caller who knows the store
  /// sets it (app/store_currency.h); the forecast does not read it.
  std::string currency;
};

/// "8w", "56d" or "8" (periods of `period`) as a number of periods; InvalidArgument saying what
/// was expected otherwise.
Result<int> ParseHorizon(const std::string& text, Period period);

/// The history option (StoreForecastOptions::history) as a number of periods: `horizon` for
/// empty text, else like ParseHorizon but 0 allowed (no history); InvalidArgument naming
/// "history" otherwise.
Result<int> ParseHistory(const std::string& text, Period period, int horizon);

/// Builds the panel and covariates from `snapshot` (of the whole store).
/// InvalidArgument for a ma_window outside 1..10000 or a sold_within outside 0..100000.
Result<StoreDemand> LoadStoreDemand(const Snapshot& snapshot, const StoreForecastOptions& options);

/// The forecast settings the options describe.
DemandForecastSettings SettingsFor(const StoreForecastOptions& options, int horizon);

/// Forecasts of every series from the panel's end with a local model (class, ets, ...) or a
/// panel model (global, ensemble). Weekly, with options.pooled_season and a model reading only
/// the history, a series with less than 104 weeks borrows a yearly profile (52 weeks,
/// seasonal_pooling.h) pooled from every series with at least 52 weeks — its category's
/// shrunk toward the store's by 5 series' worth, else the store's: its history is divided by
/// the profile, forecast, and every forecast value (mean and quantiles) multiplied by the index
/// of its week. Its demand class stays that of its own history.
Result<std::vector<DemandForecast>> ForecastStoreDemand(const StoreDemand& demand,
                                                        const std::string& model,
                                                        const StoreForecastOptions& options);

/// {"by", "horizon", "series", "forecasts": [{"sku", "location", "model", "demand_class",
///  "periods": [{"start", "mean", "p50", "p90", "p95"}, ...], "title", "product_id",
///  "history" (when demand.history > 0): [{"start", "units"}, ...]}, ...],
///  "summary": ForecastSummaryJson, "currency" (of the summary's revenue; only when known)}.
/// The history is the units sold in each of the demand.history periods before the forecast's
/// first (fewer when the panel is shorter): 0 before the SKU's first sale, null for a period
/// censored by a stock-out.
nlohmann::json ForecastsJson(const StoreDemand& demand,
                             const std::vector<DemandForecast>& forecasts);

}  // namespace mercato::forecast
