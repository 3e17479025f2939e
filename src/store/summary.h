// What `mercato stats` shows of a store, computed through the Store interface (any back-end).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "store/store.h"

namespace mercato {

struct StoreSummary {
  std::vector<std::pair<std::string, int64_t>> counts;  // entity name -> rows, dependency order
  std::optional<Timestamp> first_order, last_order;     // unset when there are no orders
  std::optional<Timestamp> first_event, last_event;     // unset when there are no events
  /// Top-level categories (the category path before its first " > ") by units sold, most first,
  /// ties by name; by product count when no order line names a product with a category.
  std::vector<std::pair<std::string, int64_t>> top_categories;
};

/// Counts every entity kind, the orders' and events' time spans, and lists at most
/// `top_categories` top-level categories (none when it is 0 or less). Reads the products and
/// order lines once each (Scan), so it takes time in proportion to them.
Result<StoreSummary> SummarizeStore(Store& store, int top_categories);

}  // namespace mercato
