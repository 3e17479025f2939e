// Turning the snapshot's daily demand, order-line prices and promotions into a daily price panel.
#include "pricing/store_daily_panel.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "common/time.h"
#include "forecast/demand_series.h"

namespace mercato::pricing {

namespace {

// One SKU's price per day of [first_day, first_day + width) and whether a temporary promotion
// runs (NaN price on a day nothing says).
struct SkuDays {
  std::vector<double> price;
  std::vector<bool> promo;
};

std::vector<SkuDays> SkuPrices(const Snapshot& snapshot, const std::vector<int32_t>& series_of,
                               size_t skus, int64_t first_day, size_t width) {
  std::vector<std::vector<double>> revenue(skus, std::vector<double>(width, 0.0));
  std::vector<std::vector<double>> sold(skus, std::vector<double>(width, 0.0));
  const LineColumns& lines = snapshot.lines;
  for (size_t k = 0; k < lines.size(); ++k) {
    const int32_t s = series_of[static_cast<size_t>(lines.item[k])];
    const int64_t t = DayOf(lines.ts[k]) - first_day;
    if (s < 0 || t < 0 || t >= static_cast<int64_t>(width) || lines.quantity[k] <= 0 ||
        !std::isfinite(lines.unit_price[k]) || lines.unit_price[k] <= 0) {
      continue;
    }
    revenue[static_cast<size_t>(s)][static_cast<size_t>(t)] +=
        lines.quantity[k] * static_cast<double>(lines.unit_price[k]);
    sold[static_cast<size_t>(s)][static_cast<size_t>(t)] += lines.quantity[k];
  }
  std::vector<SkuDays> out(
      skus, SkuDays{std::vector<double>(width, NAN), std::vector<bool>(width, false)});
  std::vector<std::vector<double>> promo_price(skus, std::vector<double>(width, NAN));
  std::vector<std::vector<double>> promo_pct(skus, std::vector<double>(width, NAN));
  std::vector<std::vector<double>> new_regular(skus, std::vector<double>(width, NAN));
  const PromotionColumns& p = snapshot.promotions;
  for (size_t k = 0; k < p.size(); ++k) {
    if (static_cast<size_t>(p.item[k]) >= series_of.size()) continue;
    const int32_t s = series_of[static_cast<size_t>(p.item[k])];
    if (s < 0) continue;
    const size_t u = static_cast<size_t>(s);
    if (!p.end[k]) {  // a permanent price change
      const int64_t t = DayOf(p.start[k]) - first_day;
      if (p.price[k] && *p.price[k] > 0 && t >= 0 && t < static_cast<int64_t>(width)) {
        new_regular[u][static_cast<size_t>(t)] = *p.price[k];
      }
      continue;
    }
    // Days [d, d + 1) overlapping [start, end).
    const int64_t from = std::max<int64_t>(DayOf(p.start[k]) - first_day, 0);
    const int64_t to =
        std::min<int64_t>(DayOf(*p.end[k] - 1) - first_day + 1, static_cast<int64_t>(width));
    for (int64_t t = from; t < to; ++t) {
      const size_t d = static_cast<size_t>(t);
      out[u].promo[d] = true;
      if (p.price[k] && *p.price[k] > 0) promo_price[u][d] = *p.price[k];
      if (p.discount_pct[k]) promo_pct[u][d] = std::clamp(*p.discount_pct[k], 0.0, 95.0);
    }
  }
  for (size_t u = 0; u < skus; ++u) {
    std::vector<double> regular(width, NAN);
    double carry = NAN;
    for (size_t t = 0; t < width; ++t) {
      if (sold[u][t] > 0 && !out[u].promo[t]) {
        carry = revenue[u][t] / sold[u][t];
      } else if (std::isfinite(new_regular[u][t])) {
        carry = new_regular[u][t];
      }
      regular[t] = carry;
    }
    carry = NAN;
    for (size_t t = width; t-- > 0;) {
      if (std::isnan(regular[t])) regular[t] = carry;
      carry = regular[t];
    }
    for (size_t t = 0; t < width; ++t) {
      double& price = out[u].price[t];
      if (sold[u][t] > 0) {
        price = revenue[u][t] / sold[u][t];
      } else if (out[u].promo[t] && std::isfinite(promo_price[u][t])) {
        price = promo_price[u][t];
      } else if (out[u].promo[t] && std::isfinite(promo_pct[u][t])) {
        price = regular[t] * (1.0 - promo_pct[u][t] / 100.0);
      } else {
        price = regular[t];
      }
    }
  }
  return out;
}

}  // namespace

Result<DailyPricePanel> BuildStoreDailyPanel(const Snapshot& snapshot) {
  ASSIGN_OR_RETURN(const forecast::DemandPanel demand,
                   forecast::BuildDemandPanel(snapshot, {forecast::Period::kDay, 0}));
  std::vector<int32_t> series_of(static_cast<size_t>(snapshot.items.size()), -1);
  for (size_t s = 0; s < demand.series.size(); ++s) {
    series_of[static_cast<size_t>(demand.series[s].item)] = static_cast<int32_t>(s);
  }
  const size_t width = static_cast<size_t>(demand.end - demand.first);
  const std::vector<SkuDays> sku_days =
      SkuPrices(snapshot, series_of, demand.series.size(), demand.first, width);

  DailyPricePanel out;
  PricePanel& panel = out.panel;
  // Products: the variants of one product id pooled; groups: top-level categories; leaves: full
  // category paths.
  std::unordered_map<std::string, size_t> product_of;
  std::unordered_map<int32_t, int32_t> group_of, leaf_of;
  std::vector<std::vector<size_t>> variants;
  for (size_t s = 0; s < demand.series.size(); ++s) {
    const size_t item = static_cast<size_t>(demand.series[s].item);
    const bool in_catalog = item < static_cast<size_t>(snapshot.catalog.products);
    const std::string& product_id = in_catalog ? snapshot.catalog.product_id[item] : std::string();
    const std::string key = product_id.empty() ? demand.series[s].sku : product_id;
    const auto [it, added] = product_of.emplace(key, panel.series.size());
    if (added) {
      PriceSeries series;
      series.key = key;
      const int32_t category = snapshot.item_category[item];
      const auto [g, new_group] = group_of.emplace(category, static_cast<int32_t>(group_of.size()));
      if (new_group) {
        panel.groups.push_back(category == IdIndex::kNone ? "(uncategorized)"
                                                          : snapshot.categories.Key(category));
      }
      series.group = g->second;
      const int32_t path = in_catalog ? snapshot.catalog.category[item] : IdIndex::kNone;
      const auto [l, new_leaf] = leaf_of.emplace(path, static_cast<int32_t>(leaf_of.size()));
      if (new_leaf) {
        out.leaves.push_back(path == IdIndex::kNone
                                 ? "(uncategorized)"
                                 : Snapshot::NameOf(snapshot.category_paths, path));
      }
      out.leaf.push_back(l->second);
      panel.series.push_back(std::move(series));
      variants.emplace_back();
    }
    panel.series[it->second].skus.push_back(demand.series[s].sku);
    variants[it->second].push_back(s);
  }

  for (size_t u = 0; u < panel.series.size(); ++u) {
    PriceSeries& series = panel.series[u];
    int64_t first = demand.end;
    double total = 0;
    std::vector<double> weight;
    for (size_t s : variants[u]) {
      const forecast::DemandSeries& ds = demand.series[s];
      first = std::min(first, ds.first);
      double units = 0;
      for (double v : ds.sales) units += std::isnan(v) ? 0.0 : v;
      weight.push_back(units);
      total += units;
    }
    for (double& w : weight) w = total > 0 ? w / total : 1.0 / static_cast<double>(weight.size());
    for (int64_t day = first; day < demand.end; ++day) {
      const size_t t = static_cast<size_t>(day - demand.first);
      double units = 0, price = 0, promo = 0;
      bool censored = false;
      for (size_t v = 0; v < variants[u].size(); ++v) {
        const size_t s = variants[u][v];
        const forecast::DemandSeries& ds = demand.series[s];
        const double sold = day < ds.first ? 0.0 : ds.sales[static_cast<size_t>(day - ds.first)];
        censored = censored || std::isnan(sold);
        units += sold;
        price += weight[v] * sku_days[s].price[t];
        promo += sku_days[s].promo[t] ? weight[v] : 0.0;
      }
      if (censored) {
        ++series.censored;
        continue;
      }
      if (!(price > 0) || !std::isfinite(price)) continue;  // never priced: nothing to learn
      series.period.push_back(day);
      series.units.push_back(units);
      series.price.push_back(price);
      series.promo.push_back(promo);
    }
  }
  return out;
}

}  // namespace mercato::pricing
