// The per-item rules and the diversity-capped fill of a recommendation list.
#include "recommend_serving/business_rules.h"

#include <algorithm>

namespace mercato::serving {

Status ValidateFilters(const Filters& f) {
  if (f.max_per_brand < 0 || f.max_per_category < 0) {
    return InvalidArgument("--max-per-brand and --max-per-category must be >= 0 (0: no limit)");
  }
  if (f.min_price && f.max_price && *f.min_price > *f.max_price) {
    return InvalidArgument("--min-price is above --max-price: no item can pass");
  }
  return Status::Ok();
}

RuleSet::RuleSet(const Filters& filters, const ItemCatalog& catalog,
                 std::span<const int32_t> purchased, std::span<const int32_t> context)
    : filters_(filters), catalog_(catalog), category_filter_(!filters.categories.empty()) {
  for (const std::string& sku : filters.exclude) {
    const int32_t item = catalog.items().Find(sku);
    if (item != IdIndex::kNone) blocked_.push_back(item);
  }
  blocked_.insert(blocked_.end(), context.begin(), context.end());
  if (filters.exclude_purchased) {
    std::vector<int32_t> exempt;
    for (const std::string& name : filters.repurchasable_categories) {
      const int32_t level = catalog.CategoryLevel(name);
      if (level != IdIndex::kNone) exempt.push_back(level);
    }
    for (int32_t item : purchased) {
      const bool repurchasable = std::any_of(exempt.begin(), exempt.end(), [&](int32_t level) {
        return catalog.HasCategoryLevel(item, level);
      });
      if (!repurchasable) blocked_.push_back(item);
    }
  }
  std::sort(blocked_.begin(), blocked_.end());
  for (const std::string& name : filters.categories) {
    const int32_t level = catalog.CategoryLevel(name);
    if (level != IdIndex::kNone) wanted_levels_.push_back(level);
  }
}

bool RuleSet::Passes(int32_t item) const {
  if (item < 0 || item >= catalog_.size()) return false;
  if (std::binary_search(blocked_.begin(), blocked_.end(), item)) return false;
  const ItemInfo& info = catalog_.Info(item);
  if (filters_.in_stock && info.stock == Stock::kOutOfStock) return false;
  if (filters_.min_price && !(info.price && *info.price >= *filters_.min_price)) return false;
  if (filters_.max_price && !(info.price && *info.price <= *filters_.max_price)) return false;
  if (category_filter_) {
    return std::any_of(wanted_levels_.begin(), wanted_levels_.end(),
                       [&](int32_t level) { return catalog_.HasCategoryLevel(item, level); });
  }
  return true;
}

bool RuleSet::WithinCaps(int32_t item, const std::vector<recommend::ScoredItem>& chosen) const {
  auto within = [&](int cap, auto group_of) {
    const int32_t group = group_of(item);
    if (cap == 0 || group == IdIndex::kNone) return true;
    const auto same = std::count_if(chosen.begin(), chosen.end(),
                                    [&](const auto& c) { return group_of(c.item) == group; });
    return same < cap;
  };
  return within(filters_.max_per_brand, [&](int32_t i) { return catalog_.BrandOf(i); }) &&
         within(filters_.max_per_category, [&](int32_t i) { return catalog_.TopCategoryOf(i); });
}

bool RuleSet::Fill(std::span<const recommend::ScoredItem> candidates, int k,
                   std::vector<recommend::ScoredItem>& out) const {
  const auto want = static_cast<size_t>(std::max(k, 0));
  for (const recommend::ScoredItem& c : candidates) {
    if (out.size() >= want) break;
    if (!Passes(c.item) || !WithinCaps(c.item, out)) continue;
    const bool seen = std::any_of(out.begin(), out.end(),
                                  [&](const recommend::ScoredItem& o) { return o.item == c.item; });
    if (!seen) out.push_back(c);
  }
  return out.size() >= want;
}

}  // namespace mercato::serving
