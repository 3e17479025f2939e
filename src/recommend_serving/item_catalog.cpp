// Loading the serving catalog from products and inventory levels.
#include "recommend_serving/item_catalog.h"

#include <map>

#include "common/text.h"

namespace mercato::serving {
namespace {

constexpr std::string_view kLevelSeparator = " > ";

std::vector<std::string> LevelsOf(std::string_view path) {
  std::vector<std::string> levels;
  while (!path.empty()) {
    const size_t sep = path.find(kLevelSeparator);
    const std::string_view level = Trim(path.substr(0, sep));
    if (!level.empty()) levels.push_back(ToLower(level));
    if (sep == std::string_view::npos) break;
    path.remove_prefix(sep + kLevelSeparator.size());
  }
  return levels;
}

}  // namespace

ItemCatalog::ItemCatalog(const IdIndex* items)
    : items_(items),
      info_(static_cast<size_t>(items->size())),
      brand_(info_.size(), IdIndex::kNone),
      top_category_(info_.size(), IdIndex::kNone),
      item_levels_(info_.size()) {}

bool ItemCatalog::HasCategoryLevel(int32_t item, int32_t level) const {
  for (int32_t l : item_levels_[static_cast<size_t>(item)]) {
    if (l == level) return true;
  }
  return false;
}

int32_t ItemCatalog::CategoryLevel(std::string_view name) const {
  return levels_.Find(ToLower(Trim(name)));
}

void ItemCatalog::Set(int32_t item, ItemInfo info) {
  const auto i = static_cast<size_t>(item);
  brand_[i] = info.brand.empty() ? IdIndex::kNone : brands_.Add(ToLower(info.brand));
  const std::vector<std::string> names = LevelsOf(info.category);
  std::vector<int32_t> levels;  // each level's name, and each path prefix ("home > mugs")
  std::string prefix;
  for (const std::string& level : names) {
    levels.push_back(levels_.Add(level));
    if (!prefix.empty()) {
      prefix += kLevelSeparator;
      prefix += level;
      levels.push_back(levels_.Add(prefix));
    } else {
      prefix = level;
    }
  }
  top_category_[i] = names.empty() ? IdIndex::kNone : top_categories_.Add(names[0]);
  item_levels_[i] = std::move(levels);
  info_[i] = std::move(info);
}

ItemCatalog LoadItemCatalog(const Snapshot& snapshot, const IdIndex& items) {
  ItemCatalog catalog(&items);
  const CatalogColumns& c = snapshot.catalog;
  std::vector<std::optional<int64_t>> product_quantity(static_cast<size_t>(items.size()));
  for (int32_t p = 0; p < c.products; ++p) {
    const int32_t id = items.Find(snapshot.items.Key(p));
    if (id == IdIndex::kNone) continue;  // not in the trained data
    const auto i = static_cast<size_t>(p);
    product_quantity[static_cast<size_t>(id)] = c.inventory_quantity[i];
    catalog.Set(id, {c.title[i], Snapshot::NameOf(snapshot.brands, c.brand[i]),
                     Snapshot::NameOf(snapshot.category_paths, c.category[i]), c.price[i], c.url[i],
                     Stock::kUnknown});
  }
  // Latest on-hand per (sku, location), summed per SKU.
  std::map<std::pair<int32_t, int32_t>, std::pair<Timestamp, int64_t>> latest;
  for (size_t l = 0; l < snapshot.stock.size(); ++l) {
    const int32_t id = items.Find(snapshot.SkuOf(snapshot.stock.item[l]));
    if (id == IdIndex::kNone) continue;
    const Timestamp ts = snapshot.stock.ts[l];
    const int64_t on_hand = snapshot.stock.on_hand[l];
    auto [it, added] = latest.try_emplace({id, snapshot.stock.location[l]}, ts, on_hand);
    if (!added && ts >= it->second.first) it->second = {ts, on_hand};
  }
  std::vector<std::optional<int64_t>> on_hand(product_quantity.size());
  for (const auto& [key, value] : latest) {
    auto& total = on_hand[static_cast<size_t>(key.first)];
    total = total.value_or(0) + value.second;
  }
  for (int32_t item = 0; item < items.size(); ++item) {
    const auto i = static_cast<size_t>(item);
    const std::optional<int64_t> quantity = on_hand[i] ? on_hand[i] : product_quantity[i];
    if (!quantity) continue;
    catalog.SetStock(item, *quantity > 0 ? Stock::kInStock : Stock::kOutOfStock);
  }
  return catalog;
}

}  // namespace mercato::serving
