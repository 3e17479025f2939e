// Per-product and store roll-ups of a store's forecast.
#include "forecast/forecast_summary.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "common/text.h"

namespace mercato::forecast {
namespace {

double RoundToTenths(double v) { return std::round(v * 10.0) / 10.0; }

}  // namespace

std::string SharedTitle(const std::string& a, const std::string& b) {
  size_t n = 0;
  while (n < a.size() && n < b.size() && a[n] == b[n]) ++n;
  if (n == a.size() && n == b.size()) return a;
  while (n > 0 && (a[n - 1] == ' ' || a[n - 1] == '-' || a[n - 1] == '/')) --n;
  return n == 0 ? a : a.substr(0, n);
}

ForecastSummary SummarizeForecasts(const StoreDemand& demand,
                                   const std::vector<DemandForecast>& forecasts) {
  ForecastSummary summary;
  const auto horizon = static_cast<size_t>(demand.horizon);
  std::unordered_map<std::string, size_t> index;
  for (size_t i = 0; i < forecasts.size() && i < demand.products.size(); ++i) {
    const SeriesProduct& sku = demand.products[i];
    auto [it, added] = index.emplace(sku.product_id, summary.products.size());
    if (added) {
      ProductForecast& p = summary.products.emplace_back();
      p.product_id = sku.product_id;
      p.title = sku.title;
      p.mean.assign(horizon, 0.0);
      p.p50.assign(horizon, 0.0);
    }
    ProductForecast& p = summary.products[it->second];
    if (!added) p.title = SharedTitle(p.title, sku.title);
    p.series.push_back(i);
    double units = 0;
    for (size_t k = 0; k < horizon; ++k) {
      p.mean[k] += forecasts[i].mean[k];
      p.p50[k] += forecasts[i].p50[k];
      units += forecasts[i].mean[k];
    }
    p.units += units;
    summary.units += units;
    if (sku.price) {
      const double revenue = units * *sku.price;
      p.revenue = p.revenue.value_or(0.0) + revenue;
      summary.revenue += revenue;
    } else {
      ++summary.series_without_price;
    }
  }
  for (ProductForecast& p : summary.products) {
    if (p.revenue) p.revenue = RoundToCents(*p.revenue);
  }
  summary.revenue = RoundToCents(summary.revenue);
  std::stable_sort(summary.products.begin(), summary.products.end(),
                   [](const ProductForecast& a, const ProductForecast& b) {
                     if (a.units != b.units) return a.units > b.units;
                     return a.product_id < b.product_id;
                   });
  return summary;
}

nlohmann::json ForecastSummaryJson(const ForecastSummary& summary) {
  nlohmann::json products = nlohmann::json::array();
  for (const ProductForecast& p : summary.products) {
    products.push_back(
        {{"product_id", p.product_id},
         {"title", p.title},
         {"skus", p.series.size()},
         {"units", RoundToTenths(p.units)},
         {"revenue", p.revenue ? nlohmann::json(*p.revenue) : nlohmann::json(nullptr)}});
  }
  return {{"units", RoundToTenths(summary.units)},
          {"revenue", summary.revenue},
          {"series_without_price", summary.series_without_price},
          {"products", std::move(products)}};
}

}  // namespace mercato::forecast
