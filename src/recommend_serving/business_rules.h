// Business rules on candidate lists: one card per product (the variant chosen for the customer),
// never a draft or archived product nor a variant of what is in context, in stock only, exclude
// purchased products (except repurchasable categories and consumables due again on their learned
// cycle), exclude given items, categories, price range and diversity (at most N per brand or per
// category), with backfill so k is met whenever enough items pass.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "recommend/recommender.h"
#include "recommend_serving/item_catalog.h"
#include "recommend_serving/repurchase_cycles.h"

namespace mercato::serving {

/// What the caller asks for. The safe rules are on by default (in stock, exclude purchased, one
/// card per product); the others are off.
struct Filters {
  bool in_stock = true;           // drop items known to be out of stock (unknown stock passes)
  bool exclude_purchased = true;  // drop products the customer bought before, unless due again
  /// Categories (any level or path prefix, case-insensitive) exempt from exclude_purchased.
  std::vector<std::string> repurchasable_categories;
  /// A purchased product comes back once its learned repurchase rate (share of its buyers who
  /// bought it again) is at least this and about its learned interval has passed; above 1: never.
  double repurchase_min_rate = 0.2;
  bool one_per_product = true;          // one card per product; false: every variant may be listed
  std::vector<std::string> exclude;     // SKUs never to return
  std::vector<std::string> categories;  // when given, only items in one of them (same matching)
  std::optional<double> min_price, max_price;  // items without a price fail a price bound
  int max_per_brand = 0;                       // 0 = no limit
  int max_per_category = 0;                    // per top-level category; 0 = no limit
};

/// Fails with InvalidArgument on a filter that cannot be met by construction (negative limits,
/// min price above max price, a negative repurchase rate).
Status ValidateFilters(const Filters& filters);

/// When the customer's purchases may come back: the learned cycles, when the customer last
/// bought each product and the time of the request. Without cycles nothing comes back.
struct RepurchaseClock {
  const RepurchaseCycles* cycles = nullptr;
  std::span<const std::pair<int32_t, Timestamp>> last_bought;  // (product, time), by product
  Timestamp now = 0;
};

/// The filters bound to a catalog and a request: which items pass, and the diversity caps.
class RuleSet {
 public:
  /// `purchased` (sorted ascending) is the customer's history: with exclude_purchased their
  /// products are excluded (unless exempt or due again by `clock`), and their option values
  /// choose the variant shown. `context` items (the item in view, the cart, the order) are
  /// always excluded with every variant of their product.
  RuleSet(const Filters& filters, const ItemCatalog& catalog, std::span<const int32_t> purchased,
          std::span<const int32_t> context, const RepurchaseClock& clock = {});

  /// Whether `item` passes every per-item rule (not diversity).
  bool Passes(int32_t item) const;

  /// The variant of `item`'s product to show, kNone when none passes: in stock (or stock not
  /// known) first, then the most option values the customer bought before (e.g. their size),
  /// then the best-selling, then `item` itself.
  int32_t CardVariant(int32_t item) const;

  /// Appends to `out` the candidates (in order) that pass the rules, are not already in `out`
  /// and keep within the diversity caps, until `out` holds k items. Returns whether it is full.
  /// With one_per_product a candidate stands for its product: it is skipped when its product is
  /// already in `out`, and otherwise appended as CardVariant with the candidate's score and
  /// reason (candidates come best first, so the product keeps its best variant's score).
  bool Fill(std::span<const recommend::ScoredItem> candidates, int k,
            std::vector<recommend::ScoredItem>& out) const;

 private:
  bool WithinCaps(int32_t item, const std::vector<recommend::ScoredItem>& chosen) const;
  void Block(int32_t product);

  const Filters& filters_;
  const ItemCatalog& catalog_;
  std::vector<int32_t> blocked_;         // sorted: excluded, context, purchased (not exempt)
  std::vector<int32_t> wanted_levels_;   // category level ids of filters.categories
  std::vector<int32_t> bought_options_;  // ItemCatalog::OptionIdsOf of purchases: sorted, distinct
  bool category_filter_ = false;
};

}  // namespace mercato::serving
