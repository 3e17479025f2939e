// Attribution: the store's orders valued and grouped by unit (customer, product or session) in one
// stream, then each exposed unit's sales in windows around its first exposure.
#include "app/experiment_data.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <optional>
#include <thread>
#include <unordered_map>
#include <utility>

#include "domain/title_sku_links.h"

namespace mercato::app {
namespace {

using experiment::Definition;
using experiment::ExperimentData;
using experiment::UnitKind;
using experiment::UnitOutcome;

// Groups (unit, sale) pairs by unit, keeping their order within a unit, and sorts each group by
// time.
void Group(const std::vector<std::pair<int32_t, Sale>>& pairs, UnitSales& out) {
  const int32_t units = out.ids.size();
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
}

// What a line's SKU resolves to in the catalog: its cost per unit when known.
class Catalog {
 public:
  static Result<Catalog> Load(Store& store) {
    Catalog c;
    RETURN_IF_ERROR(ScanAll<Product>(store, [&](const Product& p) {
      c.links_.Add(p);
      if (c.skus_.Add(p.sku) == static_cast<int32_t>(c.cost_.size())) c.cost_.push_back(p.cost);
      return Status::Ok();
    }));
    return c;
  }

  // The SKU a line names: a "title:" SKU is the product its title names, when one does (then
  // kept in `linked`, which the answer views).
  std::string_view Resolve(std::string_view sku, std::string& linked) const {
    if (!TitleSkuLinks::IsTitleSku(sku)) return sku;
    std::optional<std::string> product = links_.Link(sku);
    if (!product) return sku;
    linked = std::move(*product);
    return linked;
  }

  const std::optional<double>& Cost(std::string_view resolved_sku) const {
    static const std::optional<double> kUnknown;
    const int32_t id = skus_.Find(resolved_sku);
    return id == IdIndex::kNone ? kUnknown : cost_[static_cast<size_t>(id)];
  }

 private:
  TitleSkuLinks links_;
  IdIndex skus_;
  std::vector<std::optional<double>> cost_;
};

// Quantities and prices as the snapshot holds them (int32 quantities, float prices and
// discounts), so that revenue is computed to the same bits as it always was.
int32_t Quantity(const OrderSaleLine& l) {
  return static_cast<int32_t>(std::clamp<int64_t>(l.quantity, std::numeric_limits<int32_t>::min(),
                                                  std::numeric_limits<int32_t>::max()));
}

double LineGross(const OrderSaleLine& l) {
  if (!l.unit_price) return 0;
  const auto price = static_cast<float>(*l.unit_price);
  return std::isnan(price) ? 0.0 : static_cast<double>(Quantity(l)) * price;
}

double LineCost(const OrderSaleLine& l, const std::optional<double>& cost) {
  return cost ? static_cast<double>(Quantity(l)) * *cost : 0.0;
}

double Discount(const OrderSale& o) {
  if (!o.discount_total || !std::isfinite(*o.discount_total)) return 0;
  return static_cast<double>(static_cast<float>(*o.discount_total));
}

// Accumulates the sales of the unit kinds asked for while the orders stream by.
class SalesCollector {
 public:
  SalesCollector(Store& store, std::span<const UnitKind> kinds, AttributionSales& out)
      : store_(store), out_(out) {
    for (UnitKind k : kinds) {
      customers_ = customers_ || k == UnitKind::kCustomer;
      products_ = products_ || k == UnitKind::kProduct;
      sessions_ = sessions_ || k == UnitKind::kSession;
    }
  }

  Status Collect() {
    ASSIGN_OR_RETURN(catalog_, Catalog::Load(store_));
    if (sessions_) RETURN_IF_ERROR(ReadCarts());
    RETURN_IF_ERROR(store_.ForEachOrderSale([&](const OrderSale& o) {
      Add(o);
      return Status::Ok();
    }));
    FlushCustomerSales();
    if (customers_) Group(customer_pairs_, out_.customers);
    if (products_) Group(product_pairs_, out_.products);
    if (sessions_) GroupSessions();
    return Status::Ok();
  }

 private:
  // The carts that name both a session and an order, in cart order.
  Status ReadCarts() {
    return ScanAll<Cart>(store_, [&](const Cart& cart) {
      if (cart.session_id.empty() || cart.order_id.empty()) return Status::Ok();
      cart_orders_.push_back({cart.session_id, cart.order_id});
      session_orders_.emplace(cart.order_id, std::nullopt);
      return Status::Ok();
    });
  }

  void Add(const OrderSale& o) {
    double gross = 0, cost = 0;
    if (linked_.size() < o.lines.size()) linked_.resize(o.lines.size());
    resolved_.resize(o.lines.size());
    for (size_t i = 0; i < o.lines.size(); ++i) {
      resolved_[i] = catalog_.Resolve(o.lines[i].sku, linked_[i]);
      gross += LineGross(o.lines[i]);
      cost += LineCost(o.lines[i], catalog_.Cost(resolved_[i]));
    }
    const double discount = Discount(o);
    const double revenue = gross - discount;
    const Sale sale{o.ts, revenue, revenue - cost};
    if (customers_ && !o.customer_id.empty()) {
      batch_customers_[batch_size_].assign(o.customer_id);
      batch_sales_[batch_size_] = sale;
      if (++batch_size_ == kCustomerBatch) FlushCustomerSales();
    }
    if (!session_orders_.empty()) {
      const auto named = session_orders_.find(std::string(o.id));
      if (named != session_orders_.end()) named->second = sale;
    }
    if (products_) AddProductSales(o, gross, discount);
  }

  // Each of the order's SKUs: its lines summed, bearing the discount in proportion to value.
  void AddProductSales(const OrderSale& o, double gross, double discount) {
    const size_t order_first_pair = product_pairs_.size();
    for (size_t i = 0; i < o.lines.size(); ++i) {
      const OrderSaleLine& l = o.lines[i];
      const int32_t item = out_.products.ids.Add(resolved_[i]);
      const double line_gross = LineGross(l);
      const double share = gross > 0 ? line_gross / gross : 0.0;
      const double revenue = line_gross - share * discount;
      const double margin = revenue - LineCost(l, catalog_.Cost(resolved_[i]));
      const auto same_item =
          std::find_if(product_pairs_.begin() + static_cast<int64_t>(order_first_pair),
                       product_pairs_.end(), [&](const auto& p) { return p.first == item; });
      if (same_item != product_pairs_.end()) {  // another line of the SKU: one sale per order
        same_item->second.revenue += revenue;
        same_item->second.margin += margin;
      } else {
        product_pairs_.push_back({item, {o.ts, revenue, margin}});
      }
    }
  }

  // The batch's customers get their ids together (their cache misses overlap), in order.
  void FlushCustomerSales() {
    std::array<std::string_view, kCustomerBatch> keys;
    std::array<int32_t, kCustomerBatch> ids;
    for (size_t i = 0; i < batch_size_; ++i) keys[i] = batch_customers_[i];
    out_.customers.ids.AddAll({keys.data(), batch_size_}, {ids.data(), batch_size_});
    for (size_t i = 0; i < batch_size_; ++i) customer_pairs_.push_back({ids[i], batch_sales_[i]});
    batch_size_ = 0;
  }

  void GroupSessions() {
    std::vector<std::pair<int32_t, Sale>> pairs;
    for (const auto& [session, order] : cart_orders_) {
      const std::optional<Sale>& sale = session_orders_.at(order);
      if (sale) pairs.push_back({out_.sessions.ids.Add(session), *sale});
    }
    Group(pairs, out_.sessions);
  }

  Store& store_;
  AttributionSales& out_;
  bool customers_ = false, products_ = false, sessions_ = false;
  Catalog catalog_;
  std::vector<std::string_view> resolved_;  // the current order's lines' SKUs, resolved
  std::vector<std::string> linked_;         // what the resolved title SKUs view
  std::vector<std::pair<int32_t, Sale>> customer_pairs_, product_pairs_;
  // Customer sales not yet in customer_pairs_ (their customers' ids are looked up together).
  static constexpr size_t kCustomerBatch = 32;
  std::array<std::string, kCustomerBatch> batch_customers_;  // strings reused: no allocation
  std::array<Sale, kCustomerBatch> batch_sales_;
  size_t batch_size_ = 0;
  std::vector<std::pair<std::string, std::string>> cart_orders_;         // (session, order)
  std::unordered_map<std::string, std::optional<Sale>> session_orders_;  // the carts' orders
};

const UnitSales* SalesOf(const AttributionSales& sales, UnitKind kind) {
  if (std::find(sales.kinds.begin(), sales.kinds.end(), kind) == sales.kinds.end()) return nullptr;
  switch (kind) {
    case UnitKind::kCustomer:
      return &sales.customers;
    case UnitKind::kProduct:
      return &sales.products;
    case UnitKind::kSession:
      return &sales.sessions;
  }
  return nullptr;
}

void Attribute(const UnitSales& sales, int32_t unit, Timestamp first_at, int64_t window,
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

// The most exposures ReadExposures reserves room for before reading (more still fit).
constexpr int64_t kMaxReservedUnits = int64_t{1} << 27;

// Attributes exposures [first, last) a batch at a time into units[first, last): each batch's
// units are looked up together and their sales asked of the memory before any is summed, so the
// cache misses of a batch overlap instead of following one another.
void AttributeRange(const UnitSales& sales, const ExposedUnits& exposed, size_t first, size_t last,
                    int64_t window, int64_t repeat_window, std::vector<UnitOutcome>& units) {
  constexpr size_t kBatch = 32;
  std::array<std::string_view, kBatch> keys;
  std::array<int32_t, kBatch> ids;
  for (size_t b = first; b < last; b += kBatch) {
    const size_t n = std::min(kBatch, last - b);
    for (size_t i = 0; i < n; ++i) keys[i] = exposed.Unit(b + i);
    sales.ids.FindAll({keys.data(), n}, {ids.data(), n});
    for (size_t i = 0; i < n; ++i) {
      if (ids[i] != IdIndex::kNone) __builtin_prefetch(&sales.begin[static_cast<size_t>(ids[i])]);
    }
    for (size_t i = 0; i < n; ++i) {
      if (ids[i] == IdIndex::kNone) continue;
      __builtin_prefetch(sales.sales.data() + sales.begin[static_cast<size_t>(ids[i])]);
    }
    for (size_t i = 0; i < n; ++i) {
      UnitOutcome& out = units[b + i];
      out.variant = exposed.variant[b + i];
      Attribute(sales, ids[i], exposed.first_at[b + i], window, repeat_window, out);
    }
  }
}

}  // namespace

Result<AttributionSales> LoadAttributionSales(Store& store, std::span<const UnitKind> kinds) {
  AttributionSales sales;
  sales.kinds.assign(kinds.begin(), kinds.end());
  RETURN_IF_ERROR(SalesCollector(store, kinds, sales).Collect());
  return sales;
}

Result<ExposedUnits> ReadExposures(Store& store, const Definition& definition,
                                   int64_t expected_units) {
  ExposedUnits exposed;
  const auto reserved =
      static_cast<size_t>(std::clamp<int64_t>(expected_units, 0, kMaxReservedUnits));
  exposed.unit_ends.reserve(reserved);
  exposed.first_at.reserve(reserved);
  exposed.variant.reserve(reserved);
  // Variant names resolve through the last one seen: exposures come in unit order, variants mixed.
  std::string last_variant;
  int32_t last_index = -1;
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
    exposed.units += e.unit;
    exposed.unit_ends.push_back(exposed.units.size());
    exposed.first_at.push_back(e.first_at);
    exposed.variant.push_back(last_index);
    return Status::Ok();
  }));
  return exposed;
}

Result<ExperimentData> AttributeExposures(const AttributionSales& sales,
                                          const ExposedUnits& exposed, const Definition& definition,
                                          Timestamp now) {
  const UnitSales* units = SalesOf(sales, definition.unit);
  if (units == nullptr) {
    return InvalidArgument("the orders were not read for experiments whose unit is " +
                           std::string(experiment::UnitKindName(definition.unit)));
  }
  ExperimentData data;
  for (const auto& v : definition.variants) data.variants.push_back({v.name, v.weight});
  data.control = definition.ControlIndex();
  const size_t n = exposed.first_at.size();
  data.units.resize(n);
  const int64_t window = int64_t{definition.attribution_days} * kSecondsPerDay;
  const int64_t repeat_window = int64_t{definition.repeat_days} * kSecondsPerDay;
  // Two cores: the second half of the units in a second thread (each writes only its own).
  std::thread second_half(
      [&] { AttributeRange(*units, exposed, n / 2, n, window, repeat_window, data.units); });
  AttributeRange(*units, exposed, 0, n / 2, window, repeat_window, data.units);
  second_half.join();

  const Timestamp first_exposure =
      n == 0 ? 0 : *std::min_element(exposed.first_at.begin(), exposed.first_at.end());
  const Timestamp start = definition.started_at.value_or(first_exposure);
  for (size_t i = 0; i < n; ++i) {
    data.units[i].exposure_day =
        static_cast<int32_t>(std::max<int64_t>(0, (exposed.first_at[i] - start) / kSecondsPerDay));
  }
  const Timestamp end = definition.stopped_at.value_or(now);
  data.days_running = static_cast<int32_t>(std::max<int64_t>(1, (end - start) / kSecondsPerDay));
  return data;
}

Result<ExperimentData> BuildExperimentData(Store& store, const AttributionSales& sales,
                                           const Definition& definition, Timestamp now,
                                           int64_t expected_units) {
  ASSIGN_OR_RETURN(ExposedUnits exposed, ReadExposures(store, definition, expected_units));
  return AttributeExposures(sales, exposed, definition, now);
}

}  // namespace mercato::app
