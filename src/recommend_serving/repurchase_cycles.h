// Learned repurchase cycles: from the trained order history, per product (its variants together)
// the share of its buyers who bought it again and the median interval between their purchases,
// falling back to the product's top-level category when the product has too few buyers. A
// purchased product comes back into a customer's recommendations once it is repurchasable (its
// rate reaches a threshold) and their last purchase is about one interval ago.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "common/time.h"
#include "recommend_serving/item_catalog.h"
#include "recommend_serving/serving_index.h"

namespace mercato::serving {

/// What was learned for one product.
struct RepurchaseCycle {
  int32_t buyers = 0;         // customers who bought it (or its category, when from_category)
  int32_t repeat_buyers = 0;  // of them, who bought it again in a later order
  std::optional<double> interval_days;  // median days between one purchase and the next
  bool from_category = false;           // the product had too few buyers of its own

  double rate() const { return buyers > 0 ? static_cast<double>(repeat_buyers) / buyers : 0.0; }
};

class RepurchaseCycles {
 public:
  /// A product (or category) needs this many buyers for its figures to count.
  static constexpr int32_t kMinBuyers = 5;
  /// A purchase comes back this share of the interval after it ("about the learned interval").
  static constexpr double kDueShare = 0.9;

  RepurchaseCycles() = default;
  /// Learns the cycles from the index's orders (their customers, times and items), grouping
  /// variants by the catalog's products. An index without order times learns nothing.
  RepurchaseCycles(const ServingIndex& index, const ItemCatalog& catalog);

  /// The figures of `product` (an id from ItemCatalog::ProductOf): its own with at least
  /// kMinBuyers buyers, else its category's with as many, else none (nullopt).
  std::optional<RepurchaseCycle> Of(int32_t product) const;

  /// Whether a customer who last bought `product` at `last` may be offered it again at `now`:
  /// its rate is at least `min_rate` and at least kDueShare of its interval has passed.
  bool Due(int32_t product, Timestamp last, Timestamp now, double min_rate) const;

 private:
  std::vector<RepurchaseCycle> product_;   // per product id (unused ids stay empty)
  std::vector<RepurchaseCycle> category_;  // per top-level category id of the catalog
  const ItemCatalog* catalog_ = nullptr;
};

/// Keeps the latest time of each product in (product, time) pairs, sorted by product.
void KeepLatestPerProduct(std::vector<std::pair<int32_t, Timestamp>>& purchases);

/// When the customer last bought each product, from the index's orders of `customer_orders`
/// (the customer's order ids): (product, time) pairs sorted by product.
std::vector<std::pair<int32_t, Timestamp>> LastPurchases(const ServingIndex& index,
                                                         const ItemCatalog& catalog,
                                                         std::span<const int32_t> customer_orders);

}  // namespace mercato::serving
