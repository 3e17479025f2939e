// What serving needs to know about each item the models rank: SKU, title, brand, category
// levels, price, URLs, status, option values and stock, taken from a fresh catalog snapshot of
// the store (stock and prices change between trainings) and aligned with the dense item ids of
// the trained models; and the product each item (a variant) belongs to.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
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
  std::string image_url;
  std::string status;  // active, draft, archived; "" when not known
  /// Option values (from the product's attributes JSON), lower-cased: {"size", "m"}, ...
  std::vector<std::pair<std::string, std::string>> options;

  /// Whether the item may be recommended at all: only active products (or ones without a status)
  /// are; draft and archived ones never are, whatever the filters.
  bool Recommendable() const { return status.empty() || status == "active"; }
};

/// The option values of a product's attributes JSON object ({"color":"Red","size":"M"}), keys and
/// values lower-cased; non-string values are skipped, and anything but an object gives none.
std::vector<std::pair<std::string, std::string>> ParseOptions(std::string_view attributes);

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

  /// The product `item` is a variant of, as the id of its first variant; an item without a
  /// product id is a product of its own.
  int32_t ProductOf(int32_t item) const { return product_of_[static_cast<size_t>(item)]; }
  /// Every variant of `product` (an id from ProductOf), first the one it is named by.
  std::span<const int32_t> VariantsOf(int32_t product) const {
    return variants_[static_cast<size_t>(product)];
  }
  /// The item's option values (ItemInfo::options) as dense ids, sorted ascending: one id per
  /// distinct (name, value) pair across the catalog, so rules compare option values without
  /// touching their strings.
  std::span<const int32_t> OptionIdsOf(int32_t item) const {
    return option_ids_[static_cast<size_t>(item)];
  }
  /// Customers who bought the item (in the trained data): which variant sells best.
  int32_t Buyers(int32_t item) const { return buyers_[static_cast<size_t>(item)]; }

  /// Sets what is known about `item`.
  void Set(int32_t item, ItemInfo info);
  void SetStock(int32_t item, Stock stock) { info_[static_cast<size_t>(item)].stock = stock; }
  /// Makes `item` a variant of `product_id` (a handle; "" leaves it a product of its own). Call
  /// once per item.
  void SetProduct(int32_t item, const std::string& product_id);
  /// Gives every variant of a product that has no URL of its own the product's page on the
  /// storefront at `shop_url` (ProductPageUrl); nothing when `shop_url` is empty.
  void LinkProducts(std::string_view shop_url);
  void SetBuyers(int32_t item, int32_t buyers) { buyers_[static_cast<size_t>(item)] = buyers; }

 private:
  const IdIndex* items_;
  std::vector<ItemInfo> info_;
  IdIndex brands_, top_categories_, levels_, option_values_;
  std::vector<int32_t> brand_, top_category_;
  std::vector<std::vector<int32_t>> item_levels_;
  std::vector<std::vector<int32_t>> option_ids_;
  std::vector<int32_t> product_of_;
  std::vector<std::vector<int32_t>> variants_;  // per product (its first variant's id)
  std::unordered_map<std::string, int32_t> product_ids_;
  std::vector<int32_t> buyers_;
};

/// A product's page on a Shopify storefront: `{shop_url}/products/{handle}` (a trailing slash of
/// `shop_url` dropped, the handle percent-encoded where it is not a URL-safe character).
std::string ProductPageUrl(std::string_view shop_url, std::string_view handle);

/// The catalog of the items of `items` from the products and stock levels of `snapshot` (one
/// loaded with catalog_only suffices). Stock: the sum of the latest on-hand quantity per location
/// when stock levels exist, else the product's inventory_quantity, else unknown (unknown counts
/// as in stock for the in-stock filter). Variants are grouped by their product_id.
ItemCatalog LoadItemCatalog(const Snapshot& snapshot, const IdIndex& items);

}  // namespace mercato::serving
