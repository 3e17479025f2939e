// Business rules on candidate lists: in stock only, exclude purchased (except repurchasable
// categories), exclude given items, categories, price range and diversity (at most N per brand
// or per category), with backfill so k is met whenever enough items pass.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "recommend/recommender.h"
#include "recommend_serving/item_catalog.h"

namespace mercato::serving {

/// What the caller asks for; every rule is off by default.
struct Filters {
  bool in_stock = false;           // drop items known to be out of stock
  bool exclude_purchased = false;  // drop items the customer bought before
  /// Categories (any level or path prefix, case-insensitive) exempt from exclude_purchased.
  std::vector<std::string> repurchasable_categories;
  std::vector<std::string> exclude;     // SKUs never to return
  std::vector<std::string> categories;  // when given, only items in one of them (same matching)
  std::optional<double> min_price, max_price;  // items without a price fail a price bound
  int max_per_brand = 0;                       // 0 = no limit
  int max_per_category = 0;                    // per top-level category; 0 = no limit
};

/// Fails with InvalidArgument on a filter that cannot be met by construction (negative limits,
/// min price above max price).
Status ValidateFilters(const Filters& filters);

/// The filters bound to a catalog and a request: which items pass, and the diversity caps.
class RuleSet {
 public:
  /// `purchased` (sorted ascending) is the customer's history for exclude_purchased, empty when
  /// not known or not allowed; `context` items (the item in view, the cart) are always excluded.
  RuleSet(const Filters& filters, const ItemCatalog& catalog, std::span<const int32_t> purchased,
          std::span<const int32_t> context);

  /// Whether `item` passes every per-item rule (not diversity).
  bool Passes(int32_t item) const;

  /// Appends to `out` the candidates (in order) that pass the rules, are not already in `out`
  /// and keep within the diversity caps, until `out` holds k items. Returns whether it is full.
  bool Fill(std::span<const recommend::ScoredItem> candidates, int k,
            std::vector<recommend::ScoredItem>& out) const;

 private:
  bool WithinCaps(int32_t item, const std::vector<recommend::ScoredItem>& chosen) const;

  const Filters& filters_;
  const ItemCatalog& catalog_;
  std::vector<int32_t> blocked_;        // sorted: excluded, context, purchased (not exempt)
  std::vector<int32_t> wanted_levels_;  // category level ids of filters.categories
  bool category_filter_ = false;
};

}  // namespace mercato::serving
