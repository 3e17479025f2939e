// What serving needs to know about each item the models rank: SKU, title, brand, category
// levels, price, URL and stock, taken from a fresh catalog snapshot of the store (stock and prices
// change between trainings) and aligned with the dense item ids of the trained models.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "dataset/id_index.h"
#include "dataset/snapshot.h"

namespace mercato::serving {

enum class Stock : uint8_t { kUnknown, kInStock, kOutOfStock };

struct ItemInfo {
  std::string title;
  std::string brand;
  std::string category;  // full path, levels separated by " > "
  std::optional<double> price;
  std::string url;
  Stock stock = Stock::kUnknown;
};

class ItemCatalog {
 public:
  /// An empty catalog over `items` (what every item is known as: its SKU only).
  explicit ItemCatalog(const IdIndex* items);

  const IdIndex& items() const { return *items_; }
  int32_t size() const { return items_->size(); }
  const std::string& Sku(int32_t item) const { return items_->Key(item); }
  const ItemInfo& Info(int32_t item) const { return info_[static_cast<size_t>(item)]; }

  /// Dense id of a brand / top-level category, kNone when the item has none.
  int32_t BrandOf(int32_t item) const { return brand_[static_cast<size_t>(item)]; }
  int32_t TopCategoryOf(int32_t item) const { return top_category_[static_cast<size_t>(item)]; }
  /// Whether any level of the item's category path, or a path prefix, is `level` (an id from
  /// CategoryLevel).
  bool HasCategoryLevel(int32_t item, int32_t level) const;
  /// Id of a category level name or path prefix ("Home > Mugs"), case-insensitive;
  /// IdIndex::kNone when no item has it.
  int32_t CategoryLevel(std::string_view name) const;

  /// Sets what is known about `item`.
  void Set(int32_t item, ItemInfo info);
  void SetStock(int32_t item, Stock stock) { info_[static_cast<size_t>(item)].stock = stock; }

 private:
  const IdIndex* items_;
  std::vector<ItemInfo> info_;
  IdIndex brands_, top_categories_, levels_;
  std::vector<int32_t> brand_, top_category_;
  std::vector<std::vector<int32_t>> item_levels_;
};

/// The catalog of the items of `items` from the products and stock levels of `snapshot` (one
/// loaded with catalog_only suffices). Stock: the sum of the latest on-hand quantity per location
/// when stock levels exist, else the product's inventory_quantity, else unknown (unknown counts
/// as in stock for the in-stock filter).
ItemCatalog LoadItemCatalog(const Snapshot& snapshot, const IdIndex& items);

}  // namespace mercato::serving
