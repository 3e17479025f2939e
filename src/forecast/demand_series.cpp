// Store demand series: units sold per SKU per day or week from the dataset snapshot, with
// returns kept apart and zero sales during recorded stock-outs censored.
#include "forecast/demand_series.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace mercato::forecast {
namespace {

constexpr Timestamp kDay = 86400;

struct Level {
  Timestamp ts;
  int32_t location;
  int64_t on_hand;
};

// Inventory history of every item (by dense id, ordered by time); locations are ids in the
// snapshot's `locations`.
struct InventoryHistory {
  std::vector<std::vector<Level>> levels;
  const IdIndex* locations = nullptr;
};

InventoryHistory LoadInventory(const Snapshot& s) {
  InventoryHistory h;
  h.levels.resize(static_cast<size_t>(s.items.size()));
  h.locations = &s.locations;
  for (size_t l = 0; l < s.stock.size(); ++l) {
    const int32_t item = s.stock.item[l];
    if (item >= s.items.size()) continue;  // a SKU known only from stock or purchase orders
    h.levels[static_cast<size_t>(item)].push_back(
        Level{s.stock.ts[l], s.stock.location[l], s.stock.on_hand[l]});
  }
  for (auto& levels : h.levels) {
    std::stable_sort(levels.begin(), levels.end(),
                     [](const Level& a, const Level& b) { return a.ts < b.ts; });
  }
  return h;
}

// Per day of [first_day, end_day): whether the item was out of stock when the day started.
std::vector<bool> OutOfStockDays(const std::vector<Level>& levels, int64_t first_day,
                                 int64_t end_day) {
  std::vector<bool> out(static_cast<size_t>(end_day - first_day), false);
  std::map<int32_t, int64_t> on_hand;  // per location
  int64_t total = 0;
  size_t next = 0;
  for (int64_t d = first_day; d < end_day; ++d) {
    const Timestamp start = d * kDay;
    for (; next < levels.size() && levels[next].ts < start; ++next) {
      auto [it, inserted] = on_hand.emplace(levels[next].location, 0);
      total += levels[next].on_hand - it->second;
      it->second = levels[next].on_hand;
    }
    out[static_cast<size_t>(d - first_day)] = !on_hand.empty() && total <= 0;
  }
  return out;
}

// The only location among an item's levels, or "".
std::string OnlyLocation(const std::vector<Level>& levels, const InventoryHistory& h) {
  if (levels.empty()) return "";
  for (const Level& l : levels) {
    if (l.location != levels[0].location) return "";
  }
  return h.locations->Key(levels[0].location);
}

}  // namespace

int64_t PeriodOf(Period period, Timestamp ts) {
  return period == Period::kDay ? DayOf(ts) : WeekOf(ts);
}

Timestamp PeriodStart(Period period, int64_t index) {
  return period == Period::kDay ? index * kDay : WeekStart(index);
}

int DaysPerPeriod(Period period) { return period == Period::kDay ? 1 : 7; }

std::vector<double> Observed(const std::vector<double>& sales, size_t end) {
  std::vector<double> out;
  out.reserve(end);
  for (size_t i = 0; i < end && i < sales.size(); ++i) {
    if (!std::isnan(sales[i])) out.push_back(sales[i]);
  }
  return out;
}

OrderLineHistory LinesBefore(const DemandSeries& s, size_t end) {
  OrderLineHistory out;
  end = std::min(end, s.sales.size());
  for (size_t t = 0; t < end; ++t) {
    if (!std::isnan(s.sales[t]))
      out.lines_per_period.push_back(t < s.lines.size() ? s.lines[t] : 0);
  }
  for (const auto& [period, units] : s.line_units) {
    if (static_cast<size_t>(period) >= end) break;
    out.line_units.push_back(units);
  }
  return out;
}

Result<DemandPanel> BuildDemandPanel(const Snapshot& snapshot, const DemandOptions& options) {
  DemandPanel panel;
  panel.period = options.period;
  if (!snapshot.first_ts || !snapshot.last_ts) {
    return FailedPrecondition("the store has no orders to build demand series from");
  }
  const Period p = options.period;
  const int64_t days = DaysPerPeriod(p);
  panel.first = PeriodOf(p, *snapshot.first_ts);
  if (DayOf(*snapshot.first_ts) != DayOf(PeriodStart(p, panel.first))) ++panel.first;
  panel.end = PeriodOf(p, *snapshot.last_ts);
  if (DayOf(*snapshot.last_ts) == DayOf(PeriodStart(p, panel.end)) + days - 1) ++panel.end;
  if (panel.end <= panel.first) {
    return FailedPrecondition("the store's orders span no complete " +
                              std::string(p == Period::kDay ? "day" : "week"));
  }
  const InventoryHistory inventory = LoadInventory(snapshot);
  const SparseRows& rows = p == Period::kDay ? snapshot.daily_demand : snapshot.weekly_demand;
  // Returns per item and period.
  std::vector<std::vector<std::pair<int64_t, double>>> returns(
      static_cast<size_t>(snapshot.items.size()));
  for (size_t i = 0; i < snapshot.returns.size(); ++i) {
    const int32_t item = snapshot.returns.item[i];
    if (item == IdIndex::kNone) continue;
    returns[static_cast<size_t>(item)].emplace_back(PeriodOf(p, snapshot.returns.ts[i]),
                                                    snapshot.returns.quantity[i]);
  }
  // Order lines per item: (period, units), in the snapshot's order.
  std::vector<std::vector<std::pair<int64_t, double>>> lines(
      static_cast<size_t>(snapshot.items.size()));
  for (size_t i = 0; i < snapshot.lines.size(); ++i) {
    const int32_t item = snapshot.lines.item[i];
    if (item == IdIndex::kNone || snapshot.lines.quantity[i] <= 0) continue;
    lines[static_cast<size_t>(item)].emplace_back(PeriodOf(p, snapshot.lines.ts[i]),
                                                  snapshot.lines.quantity[i]);
  }
  const size_t width = static_cast<size_t>(panel.end - panel.first);
  for (int32_t item = 0; item < rows.rows; ++item) {
    const auto cols = rows.ColsOf(item);
    const auto values = rows.ValuesOf(item);
    std::vector<double> sales(width, 0.0);
    int64_t first_sale = panel.end;
    for (size_t k = 0; k < cols.size(); ++k) {
      if (cols[k] < panel.first || cols[k] >= panel.end || values[k] <= 0) continue;
      sales[static_cast<size_t>(cols[k] - panel.first)] += values[k];
      first_sale = std::min(first_sale, cols[k]);
    }
    if (first_sale == panel.end) continue;
    if (options.sold_within > 0 && first_sale >= panel.first + options.sold_within) continue;
    DemandSeries series;
    series.item = item;
    series.sku = snapshot.items.Key(item);
    series.first = first_sale;
    const size_t offset = static_cast<size_t>(first_sale - panel.first);
    series.sales.assign(sales.begin() + static_cast<std::ptrdiff_t>(offset), sales.end());
    series.returns.assign(series.sales.size(), 0.0);
    for (const auto& [period, quantity] : returns[static_cast<size_t>(item)]) {
      if (period >= first_sale && period < panel.end) {
        series.returns[static_cast<size_t>(period - first_sale)] += quantity;
      }
    }
    series.lines.assign(series.sales.size(), 0.0);
    std::vector<std::pair<int64_t, double>>& item_lines = lines[static_cast<size_t>(item)];
    std::stable_sort(item_lines.begin(), item_lines.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [period, units] : item_lines) {
      if (period < first_sale || period >= panel.end) continue;
      const auto t = static_cast<int32_t>(period - first_sale);
      series.lines[static_cast<size_t>(t)] += 1;
      series.line_units.emplace_back(t, units);
    }
    const std::vector<Level>& levels = inventory.levels[static_cast<size_t>(item)];
    series.location = OnlyLocation(levels, inventory);
    if (!levels.empty()) {
      const int64_t first_day = DayOf(PeriodStart(p, first_sale));
      const std::vector<bool> out = OutOfStockDays(
          levels, first_day, first_day + days * static_cast<int64_t>(width - offset));
      for (size_t t = 0; t < series.sales.size(); ++t) {
        int64_t out_days = 0;
        for (int64_t d = 0; d < days; ++d) out_days += out[t * static_cast<size_t>(days) + d];
        if (series.sales[t] == 0 && 2 * out_days >= days) {
          series.sales[t] = std::numeric_limits<double>::quiet_NaN();
          ++series.censored;
        }
      }
    }
    panel.series.push_back(std::move(series));
  }
  return panel;
}

}  // namespace mercato::forecast
