// Turning the snapshot's weekly demand, selling prices and promotions into a price panel.
#include "pricing/store_price_panel.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "common/time.h"
#include "forecast/covariates.h"
#include "forecast/demand_series.h"

namespace mercato::pricing {

namespace {

// Per demand series, per period of the panel: the share of the period's days a temporary
// promotion (one with an end; rows without one are permanent price changes) runs.
std::vector<std::vector<double>> PromotionShares(const Snapshot& snapshot,
                                                 const forecast::DemandPanel& demand,
                                                 const std::vector<int32_t>& series_of) {
  const size_t width = static_cast<size_t>(demand.end - demand.first);
  std::vector<std::vector<double>> share(demand.series.size(), std::vector<double>(width, 0.0));
  const int64_t first_day = DayOf(forecast::PeriodStart(demand.period, demand.first));
  const int64_t end_day = DayOf(forecast::PeriodStart(demand.period, demand.end));
  const int days = forecast::DaysPerPeriod(demand.period);
  const PromotionColumns& p = snapshot.promotions;
  for (size_t k = 0; k < p.size(); ++k) {
    if (!p.end[k] || static_cast<size_t>(p.item[k]) >= series_of.size()) continue;
    const int32_t s = series_of[static_cast<size_t>(p.item[k])];
    if (s < 0) continue;
    const int64_t start = std::max(DayOf(p.start[k]), first_day);
    const int64_t stop = std::min(DayOf(*p.end[k]) + 1, end_day);
    for (int64_t d = start; d < stop; ++d) {
      double& cell = share[static_cast<size_t>(s)][static_cast<size_t>((d - first_day) / days)];
      cell = std::min<double>(days, cell + 1);
    }
  }
  for (auto& row : share) {
    for (double& cell : row) cell /= days;
  }
  return share;
}

}  // namespace

Result<PricePanel> BuildStorePricePanel(const Snapshot& snapshot) {
  ASSIGN_OR_RETURN(const forecast::DemandPanel demand,
                   forecast::BuildDemandPanel(snapshot, {forecast::Period::kWeek, 0}));
  ASSIGN_OR_RETURN(const forecast::PanelCovariates cov,
                   forecast::BuildPanelCovariates(snapshot, demand, {}));
  std::vector<int32_t> series_of(static_cast<size_t>(snapshot.items.size()), -1);
  for (size_t s = 0; s < demand.series.size(); ++s) {
    series_of[static_cast<size_t>(demand.series[s].item)] = static_cast<int32_t>(s);
  }
  const std::vector<std::vector<double>> promo = PromotionShares(snapshot, demand, series_of);

  PricePanel panel;
  const bool holidays =
      !cov.countries.empty() && std::any_of(cov.holidays.begin(), cov.holidays.end(),
                                            [&](float h) { return h != cov.holidays.front(); });
  if (holidays) panel.covariates.push_back("holidays");
  // Products: the variants of one product id pooled; groups: top-level categories.
  std::unordered_map<std::string, size_t> product_of;
  std::unordered_map<int32_t, int32_t> group_of;
  std::vector<std::vector<size_t>> variants;
  for (size_t s = 0; s < demand.series.size(); ++s) {
    const int32_t item = demand.series[s].item;
    const bool in_catalog = item < snapshot.catalog.products;
    const std::string& product_id =
        in_catalog ? snapshot.catalog.product_id[static_cast<size_t>(item)] : std::string();
    const std::string key = product_id.empty() ? demand.series[s].sku : product_id;
    const auto [it, added] = product_of.emplace(key, panel.series.size());
    if (added) {
      PriceSeries series;
      series.key = key;
      const int32_t category = snapshot.item_category[static_cast<size_t>(item)];
      const auto [g, new_group] = group_of.emplace(category, static_cast<int32_t>(group_of.size()));
      if (new_group) {
        panel.groups.push_back(category == IdIndex::kNone ? "(uncategorized)"
                                                          : snapshot.categories.Key(category));
      }
      series.group = g->second;
      panel.series.push_back(std::move(series));
      variants.emplace_back();
    }
    panel.series[it->second].skus.push_back(demand.series[s].sku);
    variants[it->second].push_back(s);
  }

  for (size_t u = 0; u < panel.series.size(); ++u) {
    PriceSeries& out = panel.series[u];
    int64_t first = demand.end;
    for (size_t s : variants[u]) first = std::min(first, demand.series[s].first);
    const size_t width = static_cast<size_t>(demand.end - first);
    std::vector<double> units(width, 0.0), revenue(width, 0.0), priced(width, 0.0);
    std::vector<double> depth(width, 0.0), share(width, 0.0);
    std::vector<bool> censored(width, false);
    double list_price = NAN;
    for (size_t s : variants[u]) {
      const forecast::DemandSeries& ds = demand.series[s];
      if (std::isnan(list_price) && std::isfinite(cov.list_price[s]) && cov.list_price[s] > 0) {
        list_price = cov.list_price[s];
      }
      for (size_t t = 0; t < width; ++t) {
        const int64_t period = first + static_cast<int64_t>(t);
        const size_t column = static_cast<size_t>(cov.Index(period));
        depth[t] += cov.promo[s][column] / static_cast<double>(variants[u].size());
        share[t] += promo[s][static_cast<size_t>(period - demand.first)] /
                    static_cast<double>(variants[u].size());
        if (period < ds.first) continue;
        const double sold = ds.sales[static_cast<size_t>(period - ds.first)];
        if (std::isnan(sold)) {
          censored[t] = true;
          continue;
        }
        units[t] += sold;
        const float price = cov.price[s][column];
        if (sold > 0 && std::isfinite(price)) {
          revenue[t] += sold * price;
          priced[t] += sold;
        }
      }
    }
    // Regular prices where a sale was priced, carried forward, then backward, into the others.
    std::vector<double> regular(width, NAN);
    for (size_t t = 0; t < width; ++t) {
      if (priced[t] > 0) regular[t] = revenue[t] / priced[t] / std::max(0.05, 1.0 - depth[t]);
    }
    double carry = NAN;
    for (size_t t = 0; t < width; ++t) {
      if (std::isnan(regular[t])) regular[t] = carry;
      carry = regular[t];
    }
    carry = list_price;
    for (size_t t = width; t-- > 0;) {
      if (std::isnan(regular[t])) regular[t] = carry;
      carry = regular[t];
    }
    for (size_t t = 0; t < width; ++t) {
      if (censored[t]) {
        ++out.censored;
        continue;
      }
      const double price =
          priced[t] > 0 ? revenue[t] / priced[t] : regular[t] * std::max(0.05, 1.0 - depth[t]);
      if (!(price > 0) || !std::isfinite(price)) continue;  // never priced: nothing to learn
      const int64_t period = first + static_cast<int64_t>(t);
      out.period.push_back(period);
      out.units.push_back(units[t]);
      out.price.push_back(price);
      out.promo.push_back(share[t]);
    }
    if (holidays) {
      out.covariates.assign(1, {});
      for (int64_t period : out.period) {
        out.covariates[0].push_back(cov.holidays[static_cast<size_t>(cov.Index(period))]);
      }
    }
  }
  return panel;
}

}  // namespace mercato::pricing
