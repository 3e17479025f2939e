// What inventory planning reads from the dataset snapshot: the SKU demand panel, stock levels per
// SKU × location, purchase orders, suppliers, unit costs, titles and vendors.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/status.h"
#include "dataset/id_index.h"
#include "dataset/snapshot.h"
#include "dataset/sparse_rows.h"
#include "domain/entities.h"

namespace mercato::inventory {

/// One recorded stock level; it holds until the next one.
struct StockLevel {
  Timestamp ts = 0;
  int64_t on_hand = 0;
  std::optional<int64_t> on_order;
};

/// The stock history of one SKU at one location, by time.
struct StockHistory {
  int32_t item = 0;
  std::string location;
  std::vector<StockLevel> levels;
};

/// The location of stock taken from the product catalog (InventoryData::stock_source "catalog").
inline constexpr std::string_view kCatalogLocation = "all";

struct InventoryData {
  IdIndex items;                // the snapshot's SKUs, then SKUs known only from stock or POs
  SparseRows daily_demand;      // items × day (days since epoch): units sold; may have fewer rows
  int64_t first_sales_day = 0;  // sales cover the days [first_sales_day, end_day)
  int64_t end_day = 0;          // the day after the last sale, stock level or purchase order
  std::vector<double> unit_cost;         // per item: product cost, else latest PO unit cost; NaN
  std::vector<std::string> supplier_of;  // per item: of its latest PO, or ""
  std::vector<std::string> title;        // per item: the product's title, or ""
  std::vector<std::string> vendor;       // per item: the product's brand (Shopify's Vendor), or ""
  std::vector<std::vector<PurchaseOrder>> purchase_orders;  // per item, by order time
  std::vector<StockHistory> stock;                          // by item, then location
  std::unordered_map<std::string, Supplier> suppliers;
  /// Where `stock` comes from: "levels" (imported stock levels) or "catalog" (no levels were
  /// imported: each product's inventory quantity, at location kCatalogLocation, as of the end of
  /// the last day with sales).
  std::string stock_source = "levels";

  /// Units sold of `item` on each day of [from, to).
  std::vector<double> DailySales(int32_t item, int64_t from, int64_t to) const;
  /// The first day `item` sold anything, or -1.
  int64_t FirstSaleDay(int32_t item) const;
  /// Whether `item` ended each day of [from, to) with nothing on hand at any location (days
  /// before its first recorded level are not out).
  std::vector<bool> OutOfStock(int32_t item, int64_t from, int64_t to) const;
  /// The latest level of `history` recorded before `ts`, or nullptr.
  static const StockLevel* LevelBefore(const StockHistory& history, Timestamp ts);
};

/// Takes the demand panel, stock levels, purchase orders, suppliers and product costs of
/// `snapshot` (of the whole store). FailedPrecondition, saying what to import, when the store has
/// no sales, or neither stock levels nor products with an inventory quantity.
Result<InventoryData> LoadInventoryData(Snapshot snapshot);

}  // namespace mercato::inventory
