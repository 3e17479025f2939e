// Loading the snapshot: one scan per table — the catalog and customers, a merge join of orders and
// lines (both scanned in order-id order), returns and events aggregated into sparse rows, then
// stock levels, purchase orders, suppliers, promotions and competitor prices. Lines and returns
// without a SKU
// ("title:<slug>") are joined to the product their title names here, at load time rather than at
// import, so the link holds whichever was imported first (orders before products, a webhook's line
// before the product export) and the stored rows stay as the source sent them.
#include "dataset/snapshot.h"

#include <cmath>
#include <limits>

#include "domain/title_sku_links.h"

namespace mercato {
namespace {

constexpr float kUnknown = std::numeric_limits<float>::quiet_NaN();

std::string TopCategory(const std::string& path) {
  const size_t sep = path.find(" > ");
  return sep == std::string::npos ? path : path.substr(0, sep);
}

bool Included(const SnapshotOptions& options, Timestamp ts) {
  return !options.until || ts < *options.until;
}

void Widen(Snapshot& s, Timestamp ts) {
  if (!s.first_ts || ts < *s.first_ts) s.first_ts = ts;
  if (!s.last_ts || ts > *s.last_ts) s.last_ts = ts;
}

/// The id of `name` in `names`, kNone for "".
int32_t Intern(IdIndex& names, const std::string& name) {
  return name.empty() ? IdIndex::kNone : names.Add(name);
}

Status LoadCatalog(Store& store, Snapshot& s, TitleSkuLinks& links) {
  CatalogColumns& c = s.catalog;
  RETURN_IF_ERROR(ScanAll<Product>(store, [&](const Product& p) {
    s.items.Add(p.sku);
    links.Add(p);
    c.product_id.push_back(p.product_id);
    s.item_category.push_back(p.category.empty() ? IdIndex::kNone
                                                 : s.categories.Add(TopCategory(p.category)));
    s.item_price.push_back(p.price ? static_cast<float>(*p.price) : kUnknown);
    c.title.push_back(p.title);
    c.description.push_back(p.description);
    c.attributes.push_back(p.attributes);
    c.tags.push_back(p.tags);
    c.url.push_back(p.url);
    c.image_url.push_back(p.image_url);
    c.brand.push_back(Intern(s.brands, p.brand));
    c.category.push_back(Intern(s.category_paths, p.category));
    c.status.push_back(Intern(s.statuses, p.status));
    c.price.push_back(p.price);
    c.compare_at_price.push_back(p.compare_at_price);
    c.cost.push_back(p.cost);
    c.inventory_quantity.push_back(p.inventory_quantity);
    return Status::Ok();
  }));
  c.products = s.items.size();
  RETURN_IF_ERROR(ScanAll<Customer>(store, [&](const Customer& customer) {
    s.customers.Add(customer.id);
    s.customer_email.push_back(customer.email);
    s.customer_country.push_back(Intern(s.countries, customer.country));
    return Status::Ok();
  }));
  s.customer_records = s.customers.size();
  return Status::Ok();
}

/// Gives the items and customers that only orders, lines, returns or events named their (empty)
/// catalog and customer entries.
void PadPerItemAndCustomerColumns(Snapshot& s) {
  CatalogColumns& c = s.catalog;
  const auto n = static_cast<size_t>(s.items.size());
  for (auto* column :
       {&c.product_id, &c.title, &c.description, &c.attributes, &c.tags, &c.url, &c.image_url}) {
    column->resize(n);
  }
  for (auto* column : {&c.brand, &c.category, &c.status}) column->resize(n, IdIndex::kNone);
  for (auto* column : {&c.price, &c.compare_at_price, &c.cost}) column->resize(n);
  c.inventory_quantity.resize(n);
  s.customer_email.resize(static_cast<size_t>(s.customers.size()));
  s.customer_country.resize(static_cast<size_t>(s.customers.size()), IdIndex::kNone);
}

/// The dense id of a SKU in stock levels or purchase orders (see Snapshot::supply_skus).
int32_t SupplyId(Snapshot& s, const std::string& sku) {
  const int32_t item = s.items.Find(sku);
  return item != IdIndex::kNone ? item : s.items.size() + s.supply_skus.Add(sku);
}

Status LoadSupply(Store& store, const SnapshotOptions& options, Snapshot& s) {
  RETURN_IF_ERROR(ScanAll<InventoryLevel>(store, [&](const InventoryLevel& l) {
    if (!Included(options, l.ts)) return Status::Ok();
    s.stock.item.push_back(SupplyId(s, l.sku));
    s.stock.location.push_back(s.locations.Add(l.location));
    s.stock.ts.push_back(l.ts);
    s.stock.on_hand.push_back(l.on_hand);
    s.stock.on_order.push_back(l.on_order);
    return Status::Ok();
  }));
  RETURN_IF_ERROR(ScanAll<PurchaseOrder>(store, [&](const PurchaseOrder& po) {
    if (!Included(options, po.ordered_at)) return Status::Ok();
    s.purchase_order_item.push_back(SupplyId(s, po.sku));
    s.purchase_orders.push_back(po);
    return Status::Ok();
  }));
  RETURN_IF_ERROR(ScanAll<Supplier>(store, [&](const Supplier& supplier) {
    s.suppliers.push_back(supplier);
    return Status::Ok();
  }));
  return ScanAll<Promotion>(store, [&](const Promotion& p) {
    const int32_t item = s.items.Find(p.sku);
    if (item == IdIndex::kNone) return Status::Ok();
    s.promotions.item.push_back(item);
    s.promotions.start.push_back(p.start);
    s.promotions.end.push_back(p.end);
    s.promotions.price.push_back(p.price);
    s.promotions.discount_pct.push_back(p.discount_pct);
    return Status::Ok();
  });
}

Status LoadCompetitorPrices(Store& store, const SnapshotOptions& options, Snapshot& s) {
  CompetitorPriceColumns& c = s.competitor_prices;
  return ScanAll<CompetitorPrice>(store, [&](const CompetitorPrice& p) {
    const int32_t item = s.items.Find(p.sku);
    if (item == IdIndex::kNone || !Included(options, p.ts)) return Status::Ok();
    c.item.push_back(item);
    c.competitor.push_back(s.competitors.Add(p.competitor));
    c.ts.push_back(p.ts);
    c.price.push_back(p.price);
    return Status::Ok();
  });
}

int32_t ItemId(Snapshot& s, const TitleSkuLinks& links, const std::string& sku) {
  const std::optional<std::string> linked = links.Link(sku);
  const int32_t before = s.items.size();
  const int32_t id = s.items.Add(linked ? *linked : sku);
  if (id == before) {  // a SKU that is not in the catalog
    s.item_category.push_back(IdIndex::kNone);
    s.item_price.push_back(kUnknown);
  }
  return id;
}

int32_t CustomerId(Snapshot& s, const std::string& id) {
  return id.empty() ? IdIndex::kNone : s.customers.Add(id);
}

Status LoadOrdersAndLines(Store& store, const SnapshotOptions& options, const TitleSkuLinks& links,
                          Snapshot& s) {
  // Orders first: they are scanned in id order, and so are lines, so a cursor joins them.
  std::vector<std::string> order_keys;
  RETURN_IF_ERROR(ScanAll<Order>(store, [&](const Order& o) {
    if (!Included(options, o.ts) || o.cancelled_at) return Status::Ok();
    s.orders.Add(o.id);
    order_keys.push_back(o.id);
    s.order_customer.push_back(CustomerId(s, o.customer_id));
    s.order_ts.push_back(o.ts);
    s.order_channel.push_back(Intern(s.channels, o.channel));
    s.order_country.push_back(Intern(s.countries, o.country));
    s.order_discount.push_back(o.discount_total && std::isfinite(*o.discount_total)
                                   ? static_cast<float>(*o.discount_total)
                                   : kUnknown);
    Widen(s, o.ts);
    return Status::Ok();
  }));
  size_t cursor = 0;
  return ScanAll<OrderLine>(store, [&](const OrderLine& l) {
    while (cursor < order_keys.size() && order_keys[cursor] < l.order_id) ++cursor;
    if (cursor == order_keys.size() || order_keys[cursor] != l.order_id) {
      return Status::Ok();  // its order is cancelled or after the cut-off
    }
    const auto order = static_cast<int32_t>(cursor);
    s.lines.order.push_back(order);
    s.lines.customer.push_back(s.order_customer[cursor]);
    s.lines.item.push_back(ItemId(s, links, l.sku));
    s.lines.ts.push_back(s.order_ts[cursor]);
    s.lines.quantity.push_back(static_cast<int32_t>(std::clamp<int64_t>(
        l.quantity, std::numeric_limits<int32_t>::min(), std::numeric_limits<int32_t>::max())));
    s.lines.unit_price.push_back(l.unit_price ? static_cast<float>(*l.unit_price) : kUnknown);
    return Status::Ok();
  });
}

Status LoadReturns(Store& store, const SnapshotOptions& options, const TitleSkuLinks& links,
                   Snapshot& s) {
  return ScanAll<Return>(store, [&](const Return& r) {
    if (!Included(options, r.ts)) return Status::Ok();
    s.returns.customer.push_back(CustomerId(s, r.customer_id));
    s.returns.item.push_back(r.sku.empty() ? IdIndex::kNone : ItemId(s, links, r.sku));
    s.returns.ts.push_back(r.ts);
    s.returns.quantity.push_back(static_cast<int32_t>(std::clamp<int64_t>(r.quantity, 0, 1 << 30)));
    s.returns.amount.push_back(r.amount ? static_cast<float>(*r.amount) : kUnknown);
    return Status::Ok();
  });
}

}  // namespace

const std::string& Snapshot::NameOf(const IdIndex& names, int32_t id) {
  static const std::string kEmpty;
  return id == IdIndex::kNone ? kEmpty : names.Key(id);
}

Result<Snapshot> LoadSnapshot(Store& store, const SnapshotOptions& options) {
  Snapshot s;
  s.until = options.until;
  TitleSkuLinks links;
  RETURN_IF_ERROR(LoadCatalog(store, s, links));
  if (!options.catalog_only) {
    RETURN_IF_ERROR(LoadOrdersAndLines(store, options, links, s));
    RETURN_IF_ERROR(LoadReturns(store, options, links, s));
  }

  std::vector<SparseRecord> interactions, daily, weekly;
  interactions.reserve(s.lines.size());
  daily.reserve(s.lines.size());
  weekly.reserve(s.lines.size());
  for (size_t i = 0; i < s.lines.size(); ++i) {
    const Timestamp ts = s.lines.ts[i];
    const int32_t item = s.lines.item[i];
    if (s.lines.customer[i] != IdIndex::kNone) {
      interactions.push_back({s.lines.customer[i], item, 1.0, ts});
    }
    if (s.lines.quantity[i] > 0) {
      daily.push_back({item, DayOf(ts), static_cast<double>(s.lines.quantity[i]), ts});
      weekly.push_back({item, WeekOf(ts), static_cast<double>(s.lines.quantity[i]), ts});
    }
  }
  if (!options.catalog_only) {
    RETURN_IF_ERROR(store.ScanEventsOfType("interaction", [&](const Event& e) {
      if (!Included(options, e.ts) || e.customer_id.empty() || e.sku.empty()) return Status::Ok();
      interactions.push_back(
          {CustomerId(s, e.customer_id), ItemId(s, links, e.sku), e.value.value_or(1.0), e.ts});
      Widen(s, e.ts);
      return Status::Ok();
    }));
  }
  PadPerItemAndCustomerColumns(s);
  RETURN_IF_ERROR(LoadSupply(store, options, s));
  if (!options.catalog_only) RETURN_IF_ERROR(LoadCompetitorPrices(store, options, s));
  const int64_t day_bound = s.last_ts ? DayOf(*s.last_ts) + 1 : 0;
  const int64_t week_bound = s.last_ts ? WeekOf(*s.last_ts) + 1 : 0;
  s.interactions = BuildSparseRows(std::move(interactions), s.customers.size(), s.items.size());
  s.daily_demand = BuildSparseRows(std::move(daily), s.items.size(), day_bound);
  s.weekly_demand = BuildSparseRows(std::move(weekly), s.items.size(), week_bound);
  return s;
}

}  // namespace mercato
