// The per-item rules, the card variant of a product and the diversity-capped fill of a list.
#include "recommend_serving/business_rules.h"

#include <algorithm>
#include <tuple>

namespace mercato::serving {

Status ValidateFilters(const Filters& f) {
  if (f.max_per_brand < 0 || f.max_per_category < 0) {
    return InvalidArgument("--max-per-brand and --max-per-category must be >= 0 (0: no limit)");
  }
  if (f.min_price && f.max_price && *f.min_price > *f.max_price) {
    return InvalidArgument("--min-price is above --max-price: no item can pass");
  }
  if (!(f.repurchase_min_rate >= 0)) {
    return InvalidArgument("--repurchase-min-rate must be >= 0 (above 1: purchases never return)");
  }
  return Status::Ok();
}

RuleSet::RuleSet(const Filters& filters, const ItemCatalog& catalog,
                 std::span<const int32_t> purchased, std::span<const int32_t> context,
                 const RepurchaseClock& clock)
    : filters_(filters), catalog_(catalog), category_filter_(!filters.categories.empty()) {
  for (const std::string& sku : filters.exclude) {
    const int32_t item = catalog.items().Find(sku);
    if (item != IdIndex::kNone) blocked_.push_back(item);
  }
  for (int32_t item : context) {
    if (item >= 0 && item < catalog.size()) Block(catalog.ProductOf(item));
  }
  if (filters.exclude_purchased) {
    std::vector<int32_t> exempt;
    for (const std::string& name : filters.repurchasable_categories) {
      const int32_t level = catalog.CategoryLevel(name);
      if (level != IdIndex::kNone) exempt.push_back(level);
    }
    for (int32_t item : purchased) {
      if (item < 0 || item >= catalog.size()) continue;
      const bool repurchasable = std::any_of(exempt.begin(), exempt.end(), [&](int32_t level) {
        return catalog.HasCategoryLevel(item, level);
      });
      if (repurchasable) continue;
      const int32_t product = catalog.ProductOf(item);
      const auto last = std::lower_bound(
          clock.last_bought.begin(), clock.last_bought.end(), product,
          [](const std::pair<int32_t, Timestamp>& e, int32_t p) { return e.first < p; });
      const bool due =
          clock.cycles != nullptr && last != clock.last_bought.end() && last->first == product &&
          clock.cycles->Due(product, last->second, clock.now, filters.repurchase_min_rate);
      if (!due) Block(product);
    }
  }
  std::sort(blocked_.begin(), blocked_.end());
  for (int32_t item : purchased) {
    if (item < 0 || item >= catalog.size()) continue;
    const std::span<const int32_t> options = catalog.OptionIdsOf(item);
    bought_options_.insert(bought_options_.end(), options.begin(), options.end());
  }
  std::sort(bought_options_.begin(), bought_options_.end());
  bought_options_.erase(std::unique(bought_options_.begin(), bought_options_.end()),
                        bought_options_.end());
  for (const std::string& name : filters.categories) {
    const int32_t level = catalog.CategoryLevel(name);
    if (level != IdIndex::kNone) wanted_levels_.push_back(level);
  }
}

void RuleSet::Block(int32_t product) {
  for (int32_t variant : catalog_.VariantsOf(product)) blocked_.push_back(variant);
}

bool RuleSet::Passes(int32_t item) const {
  if (item < 0 || item >= catalog_.size()) return false;
  if (std::binary_search(blocked_.begin(), blocked_.end(), item)) return false;
  const ItemInfo& info = catalog_.Info(item);
  if (!info.Recommendable()) return false;
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

int32_t RuleSet::CardVariant(int32_t item) const {
  if (item < 0 || item >= catalog_.size()) return IdIndex::kNone;
  // Unknown stock counts as in stock, as in the in_stock filter.
  auto stock_rank = [&](int32_t v) { return catalog_.Info(v).stock == Stock::kOutOfStock ? 0 : 1; };
  auto bought_options = [&](int32_t v) {
    const std::span<const int32_t> options = catalog_.OptionIdsOf(v);
    return std::count_if(options.begin(), options.end(), [&](int32_t o) {
      return std::binary_search(bought_options_.begin(), bought_options_.end(), o);
    });
  };
  int32_t best = IdIndex::kNone;
  // (stock rank, options bought, buyers, is the candidate itself), higher is better.
  std::tuple<int, std::ptrdiff_t, int32_t, bool> best_key;
  for (int32_t v : catalog_.VariantsOf(catalog_.ProductOf(item))) {
    if (!Passes(v)) continue;
    const auto key =
        std::make_tuple(stock_rank(v), bought_options(v), catalog_.Buyers(v), v == item);
    if (best == IdIndex::kNone || key > best_key) {
      best = v;
      best_key = key;
    }
  }
  return best;
}

bool RuleSet::Fill(std::span<const recommend::ScoredItem> candidates, int k,
                   std::vector<recommend::ScoredItem>& out) const {
  const auto want = static_cast<size_t>(std::max(k, 0));
  for (const recommend::ScoredItem& c : candidates) {
    if (out.size() >= want) break;
    if (c.item < 0 || c.item >= catalog_.size()) continue;
    int32_t item = c.item;
    if (filters_.one_per_product) {
      const int32_t product = catalog_.ProductOf(c.item);
      const bool listed = std::any_of(out.begin(), out.end(), [&](const recommend::ScoredItem& o) {
        return catalog_.ProductOf(o.item) == product;
      });
      if (listed) continue;
      item = CardVariant(c.item);
      if (item == IdIndex::kNone) continue;
    } else if (!Passes(item)) {
      continue;
    }
    if (!WithinCaps(item, out)) continue;
    const bool seen = std::any_of(out.begin(), out.end(),
                                  [&](const recommend::ScoredItem& o) { return o.item == item; });
    if (!seen) out.push_back({item, c.score, c.reason});
  }
  return out.size() >= want;
}

}  // namespace mercato::serving
