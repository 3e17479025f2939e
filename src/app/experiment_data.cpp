// Attribution: each exposed unit's orders (customer, product or session) in windows around its
// first exposure.
#include "app/experiment_data.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <utility>

namespace mercato::app {
namespace {

using experiment::Definition;
using experiment::ExperimentData;
using experiment::UnitKind;
using experiment::UnitOutcome;

// One order (or one product's share of an order) as attribution sees it.
struct Sale {
  Timestamp ts = 0;
  double revenue = 0;
  double margin = 0;
};

// Sales grouped by unit (dense id), each group in time order: a compressed row layout.
struct SalesByUnit {
  std::vector<int64_t> begin;  // group u is [begin[u], begin[u + 1])
  std::vector<Sale> sales;
};

// Groups (unit, sale) pairs by unit and sorts each group by time.
SalesByUnit Group(int32_t units, const std::vector<std::pair<int32_t, Sale>>& pairs) {
  SalesByUnit out;
  out.begin.assign(static_cast<size_t>(units) + 1, 0);
  for (const auto& [u, sale] : pairs) ++out.begin[static_cast<size_t>(u) + 1];
  for (size_t u = 1; u < out.begin.size(); ++u) out.begin[u] += out.begin[u - 1];
  out.sales.resize(pairs.size());
  std::vector<int64_t> next(out.begin.begin(), out.begin.end() - 1);
  for (const auto& [u, sale] : pairs) out.sales[static_cast<size_t>(next[u]++)] = sale;
  for (int32_t u = 0; u < units; ++u) {
    std::sort(out.sales.begin() + out.begin[u], out.sales.begin() + out.begin[u + 1],
              [](const Sale& a, const Sale& b) { return a.ts < b.ts; });
  }
  return out;
}

// Per order: revenue (lines' value less the order discount), margin, and the lines' gross value
// (for sharing the discount among lines).
struct OrderValues {
  std::vector<double> gross, revenue, margin;
};

double LineGross(const Snapshot& s, size_t line) {
  const float price = s.lines.unit_price[line];
  return std::isnan(price) ? 0.0 : static_cast<double>(s.lines.quantity[line]) * price;
}

// Cost of goods of a line, 0 when the product's cost is unknown.
double LineCost(const Snapshot& s, size_t line) {
  const int32_t item = s.lines.item[line];
  if (item < 0 || item >= s.catalog.products) return 0;
  const auto& cost = s.catalog.cost[static_cast<size_t>(item)];
  return cost ? static_cast<double>(s.lines.quantity[line]) * *cost : 0.0;
}

double Discount(const Snapshot& s, int32_t order) {
  const float d = s.order_discount[static_cast<size_t>(order)];
  return std::isnan(d) ? 0.0 : static_cast<double>(d);
}

OrderValues ValueOrders(const Snapshot& s) {
  const size_t n = static_cast<size_t>(s.orders.size());
  OrderValues v;
  v.gross.assign(n, 0);
  std::vector<double> cost(n, 0);
  for (size_t l = 0; l < s.lines.size(); ++l) {
    const auto o = static_cast<size_t>(s.lines.order[l]);
    v.gross[o] += LineGross(s, l);
    cost[o] += LineCost(s, l);
  }
  v.revenue.resize(n);
  v.margin.resize(n);
  for (size_t o = 0; o < n; ++o) {
    v.revenue[o] = v.gross[o] - Discount(s, static_cast<int32_t>(o));
    v.margin[o] = v.revenue[o] - cost[o];
  }
  return v;
}

// Customer units: every order of a known customer.
SalesByUnit CustomerSales(const Snapshot& s, const OrderValues& v) {
  std::vector<std::pair<int32_t, Sale>> pairs;
  pairs.reserve(static_cast<size_t>(s.orders.size()));
  for (int32_t o = 0; o < s.orders.size(); ++o) {
    const int32_t c = s.order_customer[static_cast<size_t>(o)];
    if (c == IdIndex::kNone) continue;
    pairs.push_back({c, {s.order_ts[o], v.revenue[o], v.margin[o]}});
  }
  return Group(s.customers.size(), pairs);
}

// Product units: each order's lines of the item, summed per (order, item), bearing the order's
// discount in proportion to their value.
SalesByUnit ProductSales(const Snapshot& s, const OrderValues& v) {
  std::vector<std::pair<int32_t, Sale>> pairs;
  pairs.reserve(s.lines.size());
  int32_t current_order = IdIndex::kNone;
  size_t order_first_pair = 0;  // the current order's sales are pairs[order_first_pair, end)
  for (size_t l = 0; l < s.lines.size(); ++l) {
    const int32_t o = s.lines.order[l];
    const int32_t item = s.lines.item[l];
    if (item == IdIndex::kNone) continue;
    if (o != current_order) {  // lines of one order are adjacent
      current_order = o;
      order_first_pair = pairs.size();
    }
    const double gross = LineGross(s, l);
    const double share = v.gross[o] > 0 ? gross / v.gross[o] : 0.0;
    const double revenue = gross - share * Discount(s, o);
    const double margin = revenue - LineCost(s, l);
    const auto same_item =
        std::find_if(pairs.begin() + static_cast<int64_t>(order_first_pair), pairs.end(),
                     [&](const auto& p) { return p.first == item; });
    if (same_item != pairs.end()) {  // another line of the item: one sale per (order, item)
      same_item->second.revenue += revenue;
      same_item->second.margin += margin;
    } else {
      pairs.push_back({item, {s.lines.ts[l], revenue, margin}});
    }
  }
  return Group(s.items.size(), pairs);
}

// Session units: the orders of each session's carts; sessions get dense ids in `sessions`.
Result<SalesByUnit> SessionSales(Store& store, const Snapshot& s, const OrderValues& v,
                                 IdIndex& sessions) {
  std::vector<std::pair<int32_t, Sale>> pairs;
  RETURN_IF_ERROR(ScanAll<Cart>(store, [&](const Cart& cart) {
    if (cart.session_id.empty() || cart.order_id.empty()) return Status::Ok();
    const int32_t o = s.orders.Find(cart.order_id);
    if (o == IdIndex::kNone) return Status::Ok();  // cancelled, or not in the snapshot
    pairs.push_back({sessions.Add(cart.session_id), {s.order_ts[o], v.revenue[o], v.margin[o]}});
    return Status::Ok();
  }));
  return Group(sessions.size(), pairs);
}

void Attribute(const SalesByUnit& sales, int32_t unit, Timestamp first_at, int64_t window,
               int64_t repeat_window, UnitOutcome& out) {
  if (unit == IdIndex::kNone) return;
  const auto begin = sales.sales.begin() + sales.begin[unit];
  const auto end = sales.sales.begin() + sales.begin[unit + 1];
  const auto at = [](const Sale& sale, Timestamp t) { return sale.ts < t; };
  int repeat_orders = 0;
  for (auto it = std::lower_bound(begin, end, first_at - window, at); it != end; ++it) {
    if (it->ts < first_at) {
      out.pre_revenue += it->revenue;
      continue;
    }
    const int64_t since = it->ts - first_at;
    if (since >= window && since >= repeat_window) break;
    if (since < window) {
      out.orders += 1;
      out.revenue += it->revenue;
      out.margin += it->margin;
    }
    if (since < repeat_window) ++repeat_orders;
  }
  out.repeat = repeat_orders >= 2 ? 1 : 0;
}

}  // namespace

Result<ExperimentData> BuildExperimentData(Store& store, const Snapshot& snapshot,
                                           const Definition& definition, Timestamp now) {
  ExperimentData data;
  for (const auto& v : definition.variants) data.variants.push_back({v.name, v.weight});
  data.control = definition.ControlIndex();

  const OrderValues values = ValueOrders(snapshot);
  IdIndex sessions;
  SalesByUnit sales;
  const IdIndex* units = nullptr;
  switch (definition.unit) {
    case UnitKind::kCustomer:
      sales = CustomerSales(snapshot, values);
      units = &snapshot.customers;
      break;
    case UnitKind::kProduct:
      sales = ProductSales(snapshot, values);
      units = &snapshot.items;
      break;
    case UnitKind::kSession: {
      ASSIGN_OR_RETURN(sales, SessionSales(store, snapshot, values, sessions));
      units = &sessions;
      break;
    }
  }

  const int64_t window = int64_t{definition.attribution_days} * kSecondsPerDay;
  const int64_t repeat_window = int64_t{definition.repeat_days} * kSecondsPerDay;
  // Variant names resolve through the last one seen: exposures come in unit order, variants mixed.
  std::string last_variant;
  int32_t last_index = -1;
  Timestamp first_exposure = 0;
  std::vector<Timestamp> exposed_at;
  RETURN_IF_ERROR(store.ForEachExposure(definition.key, [&](const Exposure& e) {
    if (e.variant != last_variant || last_index < 0) {
      last_index = definition.VariantIndex(e.variant);
      last_variant = e.variant;
      if (last_index < 0) {
        return FailedPrecondition("exposure of unit '" + e.unit + "' to experiment '" +
                                  definition.key + "' names the variant '" + e.variant +
                                  "', which its definition does not have");
      }
    }
    UnitOutcome out;
    out.variant = last_index;
    Attribute(sales, units->Find(e.unit), e.first_at, window, repeat_window, out);
    if (data.units.empty() || e.first_at < first_exposure) first_exposure = e.first_at;
    exposed_at.push_back(e.first_at);
    data.units.push_back(out);
    return Status::Ok();
  }));

  const Timestamp start = definition.started_at.value_or(first_exposure);
  for (size_t i = 0; i < data.units.size(); ++i) {
    data.units[i].exposure_day =
        static_cast<int32_t>(std::max<int64_t>(0, (exposed_at[i] - start) / kSecondsPerDay));
  }
  const Timestamp end = definition.stopped_at.value_or(now);
  data.days_running = static_cast<int32_t>(std::max<int64_t>(1, (end - start) / kSecondsPerDay));
  return data;
}

}  // namespace mercato::app
