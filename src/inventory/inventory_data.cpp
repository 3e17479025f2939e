// Loading of the inventory planning inputs.
#include "inventory/inventory_data.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "dataset/snapshot.h"

namespace mercato::inventory {

std::vector<double> InventoryData::DailySales(int32_t item, int64_t from, int64_t to) const {
  std::vector<double> out(static_cast<size_t>(std::max<int64_t>(to - from, 0)), 0.0);
  if (item < 0 || item >= daily_demand.rows) return out;
  const auto cols = daily_demand.ColsOf(item);
  const auto values = daily_demand.ValuesOf(item);
  auto it = std::lower_bound(cols.begin(), cols.end(), from);
  for (; it != cols.end() && *it < to; ++it) {
    out[static_cast<size_t>(*it - from)] = values[static_cast<size_t>(it - cols.begin())];
  }
  return out;
}

int64_t InventoryData::FirstSaleDay(int32_t item) const {
  if (item < 0 || item >= daily_demand.rows) return -1;
  const auto cols = daily_demand.ColsOf(item);
  return cols.empty() ? -1 : cols.front();
}

const StockLevel* InventoryData::LevelBefore(const StockHistory& history, Timestamp ts) {
  auto it = std::lower_bound(history.levels.begin(), history.levels.end(), ts,
                             [](const StockLevel& l, Timestamp t) { return l.ts < t; });
  return it == history.levels.begin() ? nullptr : &*std::prev(it);
}

std::vector<bool> InventoryData::OutOfStock(int32_t item, int64_t from, int64_t to) const {
  const size_t n = static_cast<size_t>(std::max<int64_t>(to - from, 0));
  std::vector<bool> out(n, false);
  auto first = std::lower_bound(stock.begin(), stock.end(), item,
                                [](const StockHistory& h, int32_t i) { return h.item < i; });
  auto last = first;
  while (last != stock.end() && last->item == item) ++last;
  if (first == last) return out;
  // Walk each location's levels once, summing end-of-day stock.
  std::vector<int64_t> total(n, 0);
  std::vector<bool> known(n, false);
  for (auto h = first; h != last; ++h) {
    const StockLevel* current = LevelBefore(*h, from * kSecondsPerDay);
    auto it = std::lower_bound(h->levels.begin(), h->levels.end(), from * kSecondsPerDay,
                               [](const StockLevel& l, Timestamp t) { return l.ts < t; });
    for (size_t d = 0; d < n; ++d) {
      const Timestamp day_end = (from + static_cast<int64_t>(d) + 1) * kSecondsPerDay;
      while (it != h->levels.end() && it->ts < day_end) current = &*it++;
      if (current) {
        total[d] += current->on_hand;
        known[d] = true;
      }
    }
  }
  for (size_t d = 0; d < n; ++d) out[d] = known[d] && total[d] <= 0;
  return out;
}

Result<InventoryData> LoadInventoryData(Snapshot snapshot) {
  InventoryData data;
  const CatalogColumns& catalog = snapshot.catalog;
  std::vector<double> product_cost;
  std::vector<std::string> titles, vendors;
  std::vector<std::pair<int32_t, int64_t>> catalog_stock;  // (item, the catalog's quantity)
  for (int32_t p = 0; p < catalog.products; ++p) {
    const auto item = static_cast<size_t>(p);
    product_cost.push_back(catalog.cost[item] && *catalog.cost[item] > 0
                               ? *catalog.cost[item]
                               : std::numeric_limits<double>::quiet_NaN());
    titles.push_back(catalog.title[item]);
    vendors.push_back(catalog.brand[item] == IdIndex::kNone
                          ? std::string()
                          : std::string(snapshot.brands.Key(catalog.brand[item])));
    if (catalog.inventory_quantity[item]) {
      catalog_stock.emplace_back(p, *catalog.inventory_quantity[item]);
    }
  }
  data.daily_demand = std::move(snapshot.daily_demand);
  int64_t first = std::numeric_limits<int64_t>::max(), last = -1;
  for (int32_t i = 0; i < data.daily_demand.rows; ++i) {
    const auto cols = data.daily_demand.ColsOf(i);
    if (cols.empty()) continue;
    first = std::min(first, cols.front());
    last = std::max(last, cols.back());
  }
  if (last < 0) {
    return FailedPrecondition(
        "the store has no sales: import orders and order lines before planning inventory");
  }
  data.first_sales_day = first;
  int64_t end = last + 1;

  // Dense ids: the snapshot's items, then the SKUs only stock levels or purchase orders name.
  const StockColumns& stock = snapshot.stock;
  std::map<std::pair<int32_t, std::string>, std::vector<StockLevel>> levels;
  for (size_t l = 0; l < stock.size(); ++l) {
    levels[{stock.item[l], snapshot.locations.Key(stock.location[l])}].push_back(
        {stock.ts[l], stock.on_hand[l], stock.on_order[l]});
    end = std::max(end, DayOf(stock.ts[l]) + 1);
  }
  std::vector<std::vector<PurchaseOrder>> orders;
  for (size_t k = 0; k < snapshot.purchase_orders.size(); ++k) {
    PurchaseOrder& po = snapshot.purchase_orders[k];
    const auto item = static_cast<size_t>(snapshot.purchase_order_item[k]);
    if (orders.size() <= item) orders.resize(item + 1);
    end = std::max(end, DayOf(po.ordered_at) + 1);
    orders[item].push_back(std::move(po));
  }
  data.end_day = end;
  for (Supplier& s : snapshot.suppliers) {
    const std::string id = s.id;
    data.suppliers.emplace(id, std::move(s));
  }
  data.items = std::move(snapshot.items);
  for (int32_t k = 0; k < snapshot.supply_skus.size(); ++k) {
    data.items.Add(snapshot.supply_skus.Key(k));
  }
  // A store without stock levels (a Shopify export, say) may still say on hand per product:
  // taken as the stock at the end of the last day with sales, over all locations.
  if (levels.empty() && !catalog_stock.empty()) {
    const Timestamp at = (last + 1) * kSecondsPerDay - 1;
    for (const auto& [id, quantity] : catalog_stock) {
      levels[{id, std::string(kCatalogLocation)}].push_back({at, quantity, std::nullopt});
    }
    data.stock_source = "catalog";
  }
  if (levels.empty()) {
    return FailedPrecondition(
        "the store has no inventory levels: import stock levels (sku, location, on_hand, "
        "on_order, ts), or products with an inventory quantity (Shopify's Variant Inventory "
        "Qty), before planning inventory");
  }
  for (auto& [key, rows] : levels) {
    std::stable_sort(rows.begin(), rows.end(),
                     [](const StockLevel& a, const StockLevel& b) { return a.ts < b.ts; });
    data.stock.push_back({key.first, key.second, std::move(rows)});
  }

  const auto n = static_cast<size_t>(data.items.size());
  orders.resize(n);
  product_cost.resize(n, std::numeric_limits<double>::quiet_NaN());
  data.unit_cost = std::move(product_cost);
  data.supplier_of.assign(n, "");
  titles.resize(n);
  vendors.resize(n);
  data.title = std::move(titles);
  data.vendor = std::move(vendors);
  for (size_t i = 0; i < n; ++i) {
    std::stable_sort(orders[i].begin(), orders[i].end(),
                     [](const auto& a, const auto& b) { return a.ordered_at < b.ordered_at; });
    if (orders[i].empty()) continue;
    const PurchaseOrder& latest = orders[i].back();
    data.supplier_of[i] = latest.supplier_id;
    if (std::isnan(data.unit_cost[i]) && latest.unit_cost && *latest.unit_cost > 0) {
      data.unit_cost[i] = *latest.unit_cost;
    }
  }
  data.purchase_orders = std::move(orders);
  return data;
}

}  // namespace mercato::inventory
