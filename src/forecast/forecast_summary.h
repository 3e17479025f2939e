// What a merchant reads first in a store's forecast: expected units and revenue over the
// horizon per product (variants rolled up) and for the store, products by units. `mercato
// forecast` prints it, its CSV carries the per-product roll-up rows, the JSON its summary.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "forecast/demand_forecast.h"
#include "forecast/store_forecast.h"

namespace mercato::forecast {

/// One product's forecast: the sums of its SKUs' (series') forecasts.
struct ProductForecast {
  /// The title its SKUs' titles share ("Mug" of "Mug - Red" and "Mug - Blue"), else the first's.
  std::string product_id, title;
  std::vector<size_t> series;     // its series, indices into the panel, in panel order
  std::vector<double> mean, p50;  // per period: the sums over its series (quantiles do not add,
                                  // so p50 is the sum of the SKUs' medians, not a median)
  double units = 0;               // expected units over the horizon: the sum of `mean`
  /// Expected revenue at current catalog prices (units × price per SKU, to the cent) over its
  /// SKUs with a price; none when no SKU of it has one.
  std::optional<double> revenue;
};

struct ForecastSummary {
  std::vector<ProductForecast> products;  // most expected units first (ties: product id)
  double units = 0;                       // the store's expected units over the horizon
  double revenue = 0;                     // the store's expected revenue over priced SKUs
  int64_t series_without_price = 0;       // SKUs left out of the revenue
};

/// The part of two variant titles they share, without the separator left before the options:
/// "Mug - Red" and "Mug - Blue" give "Mug". Titles that share nothing keep the first.
std::string SharedTitle(const std::string& a, const std::string& b);

/// Rolls the series of `demand` up to products and the store.
ForecastSummary SummarizeForecasts(const StoreDemand& demand,
                                   const std::vector<DemandForecast>& forecasts);

/// {"units", "revenue", "series_without_price", "products": [{"product_id", "title", "skus",
///  "units", "revenue"}, ...]}; money to the cent, units to 0.1, revenue null when unknown.
nlohmann::json ForecastSummaryJson(const ForecastSummary& summary);

}  // namespace mercato::forecast
