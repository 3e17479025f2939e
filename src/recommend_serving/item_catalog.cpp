// Loading the serving catalog from products and inventory levels.
#include "recommend_serving/item_catalog.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <nlohmann/json.hpp>

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

std::vector<std::pair<std::string, std::string>> ParseOptions(std::string_view attributes) {
  std::vector<std::pair<std::string, std::string>> options;
  if (Trim(attributes).empty()) return options;
  const nlohmann::json j = nlohmann::json::parse(attributes, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return options;
  for (const auto& [key, value] : j.items()) {
    if (value.is_string()) {
      options.emplace_back(ToLower(Trim(key)), ToLower(Trim(value.get<std::string>())));
    }
  }
  return options;
}

ItemCatalog::ItemCatalog(const IdIndex* items)
    : items_(items),
      info_(static_cast<size_t>(items->size())),
      brand_(info_.size(), IdIndex::kNone),
      top_category_(info_.size(), IdIndex::kNone),
      item_levels_(info_.size()),
      option_ids_(info_.size()),
      product_of_(info_.size()),
      variants_(info_.size()),
      buyers_(info_.size(), 0) {
  for (size_t i = 0; i < info_.size(); ++i) {
    product_of_[i] = static_cast<int32_t>(i);
    variants_[i] = {static_cast<int32_t>(i)};
  }
}

void ItemCatalog::SetProduct(int32_t item, const std::string& product_id) {
  if (product_id.empty()) return;
  const auto [it, added] = product_ids_.try_emplace(product_id, item);
  if (added || it->second == item) return;
  const int32_t product = it->second;
  variants_[static_cast<size_t>(item)].clear();  // no longer a product of its own
  product_of_[static_cast<size_t>(item)] = product;
  variants_[static_cast<size_t>(product)].push_back(item);
}

void ItemCatalog::LinkProducts(std::string_view shop_url) {
  if (shop_url.empty()) return;
  for (const auto& [handle, product] : product_ids_) {
    const std::string url = ProductPageUrl(shop_url, handle);
    for (int32_t variant : VariantsOf(product)) {
      std::string& own = info_[static_cast<size_t>(variant)].url;
      if (own.empty()) own = url;
    }
  }
}

std::string ProductPageUrl(std::string_view shop_url, std::string_view handle) {
  while (!shop_url.empty() && shop_url.back() == '/') shop_url.remove_suffix(1);
  std::string url(shop_url);
  url += "/products/";
  constexpr char kHex[] = "0123456789ABCDEF";
  for (const char c : handle) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) != 0 && byte < 0x80) {
      url += c;
    } else if (c == '-' || c == '_' || c == '.' || c == '~') {
      url += c;
    } else {
      url += '%';
      url += kHex[byte >> 4];
      url += kHex[byte & 0xF];
    }
  }
  return url;
}

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
  std::vector<int32_t> options;
  for (const auto& [name, value] : info.options) {
    // The name's length first, so that no two different pairs share a key.
    options.push_back(option_values_.Add(std::to_string(name.size()) + ':' + name + value));
  }
  std::sort(options.begin(), options.end());
  options.erase(std::unique(options.begin(), options.end()), options.end());
  option_ids_[i] = std::move(options);
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
    catalog.Set(id,
                {c.title[i], Snapshot::NameOf(snapshot.brands, c.brand[i]),
                 Snapshot::NameOf(snapshot.category_paths, c.category[i]), c.price[i], c.url[i],
                 Stock::kUnknown, c.image_url[i], Snapshot::NameOf(snapshot.statuses, c.status[i]),
                 ParseOptions(c.attributes[i])});
    catalog.SetProduct(id, c.product_id[i]);
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
