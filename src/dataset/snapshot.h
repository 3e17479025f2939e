// The dataset snapshot: a read-only, columnar, in-memory copy of the store with dense integer
// ids, the customer x item interaction matrix, per-SKU demand panels, the catalog (products,
// stock levels, promotions), purchase orders, suppliers and competitor prices. It is the only way
// models read data: they never query the store row by row.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "dataset/id_index.h"
#include "dataset/sparse_rows.h"
#include "store/store.h"

namespace mercato {

struct SnapshotOptions {
  /// Only data strictly before this time (for time splits: train on the past): orders and their
  /// lines, returns, interaction events, stock levels, purchase orders and competitor prices. The
  /// catalog, promotions (planned, so known ahead), customers and suppliers are loaded whole.
  std::optional<Timestamp> until = std::nullopt;
  /// Only the catalog part (products, stock levels, promotions), customers, purchase orders and
  /// suppliers: no orders, lines, returns, events or competitor prices (what serving reads
  /// afresh at each load).
  bool catalog_only = false;
};

/// Order lines, one entry per line, grouped by order (columnar). A line without a SKU
/// ("title:<slug>", see domain/title_sku_links.h) has the item of the product its title names,
/// when one does.
struct LineColumns {
  std::vector<int32_t> order;     // dense order id
  std::vector<int32_t> customer;  // dense customer id, IdIndex::kNone for guests
  std::vector<int32_t> item;      // dense item id
  std::vector<Timestamp> ts;      // order time
  std::vector<int32_t> quantity;
  std::vector<float> unit_price;  // NaN when unknown
  size_t size() const { return item.size(); }
};

/// Returns, one entry per returned line (order-level refunds have item kNone).
struct ReturnColumns {
  std::vector<int32_t> customer, item;
  std::vector<Timestamp> ts;
  std::vector<int32_t> quantity;
  std::vector<float> amount;
  size_t size() const { return ts.size(); }
};

/// What the products say, per item (dense id): items [0, products) are the catalog's products in
/// SKU order; later items (known only from lines, returns or events) have empty strings, kNone
/// ids and unset values. Repeated strings are interned: brand, category and status are ids into
/// the Snapshot's `brands`, `category_paths` and `statuses`.
struct CatalogColumns {
  int32_t products = 0;
  std::vector<std::string> title, description, attributes, tags, url, image_url;
  std::vector<std::string>
      product_id;                 // the product (Shopify handle) grouping variants; "" if none
  std::vector<int32_t> brand;     // kNone when empty
  std::vector<int32_t> category;  // the full path ("Home > Mugs"); kNone when empty
  std::vector<int32_t> status;    // active, draft, archived; kNone when empty
  std::vector<std::optional<double>> price, compare_at_price, cost;
  std::vector<std::optional<int64_t>> inventory_quantity;  // the product's own stock figure
  size_t size() const { return title.size(); }
};

/// Stock levels (one entry per recorded level) in the store's key order: by SKU, location, time.
/// `item` is a dense item id; SKUs that are not among the snapshot's items get ids from
/// items.size() on (see Snapshot::supply_skus).
struct StockColumns {
  std::vector<int32_t> item;
  std::vector<int32_t> location;  // id in Snapshot::locations
  std::vector<Timestamp> ts;
  std::vector<int64_t> on_hand;
  std::vector<std::optional<int64_t>> on_order;
  size_t size() const { return item.size(); }
};

/// Promotions of the snapshot's items, in the store's key order (by promotion id); promotions of
/// other SKUs are left out.
struct PromotionColumns {
  std::vector<int32_t> item;
  std::vector<Timestamp> start;
  std::vector<std::optional<Timestamp>> end;
  std::vector<std::optional<double>> price;         // promotional price
  std::vector<std::optional<double>> discount_pct;  // or a percentage off
  size_t size() const { return item.size(); }
};

/// Competitor price observations of the snapshot's items, in the store's key order (by SKU,
/// competitor, time); observations of other SKUs are left out.
struct CompetitorPriceColumns {
  std::vector<int32_t> item;
  std::vector<int32_t> competitor;  // id in Snapshot::competitors
  std::vector<Timestamp> ts;
  std::vector<double> price;
  size_t size() const { return item.size(); }
};

struct Snapshot {
  /// The store's customer records (in id order), then ids only orders, returns or events name;
  /// guests never appear.
  IdIndex customers;
  int32_t customer_records = 0;  // customers [0, customer_records) have a customer record
  std::vector<std::string> customer_email;  // per customer, "" when unknown
  std::vector<int32_t> customer_country;    // per customer, id in `countries`; kNone when empty
  IdIndex items;  // every SKU in the catalog or in a line, return or interaction
  IdIndex orders;
  IdIndex categories;                  // top-level categories
  std::vector<int32_t> item_category;  // per item, IdIndex::kNone when unknown
  std::vector<float> item_price;       // per item, NaN when unknown

  CatalogColumns catalog;  // per item
  StockColumns stock;
  PromotionColumns promotions;
  /// SKUs named only by stock levels or purchase orders (in that order of first appearance):
  /// SKU k here has the dense id items.size() + k in `stock` and `purchase_orders`.
  IdIndex supply_skus;
  /// Purchase order lines and suppliers as stored, in key order (few rows, read whole).
  std::vector<PurchaseOrder> purchase_orders;
  std::vector<int32_t> purchase_order_item;  // per purchase order, dense id as in `stock`
  std::vector<Supplier> suppliers;
  CompetitorPriceColumns competitor_prices;

  std::vector<int32_t> order_customer;  // per order
  std::vector<Timestamp> order_ts;      // per order
  std::vector<int32_t> order_channel;   // per order, id in `channels`; kNone when empty
  std::vector<int32_t> order_country;   // per order (shipping), id in `countries`; kNone if empty
  std::vector<float> order_discount;    // per order, discount total; NaN when unknown or infinite
  LineColumns lines;
  ReturnColumns returns;

  /// customers x items: value = purchase lines + interaction-event weights; last_ts = latest.
  SparseRows interactions;
  /// items x days (column = day index since epoch): units sold. Returns are not netted out.
  SparseRows daily_demand;
  /// items x weeks (column = WeekOf index, Monday-based): units sold.
  SparseRows weekly_demand;

  /// Interned names of the columns above.
  IdIndex brands, category_paths, statuses, locations, channels, countries, competitors;

  std::optional<Timestamp> first_ts, last_ts;  // of orders and interactions
  std::optional<Timestamp> until;              // the cut-off it was loaded with

  /// The SKU of a dense id of `stock` or `purchase_orders` (an item or a supply-only SKU).
  const std::string& SkuOf(int32_t id) const {
    return id < items.size() ? items.Key(id) : supply_skus.Key(id - items.size());
  }
  /// The interned name of `id` in `names`, or "" for kNone.
  static const std::string& NameOf(const IdIndex& names, int32_t id);
};

/// Loads a snapshot of `store`.
Result<Snapshot> LoadSnapshot(Store& store, const SnapshotOptions& options = {});

}  // namespace mercato
