// Test helpers: small in-memory snapshots built from purchase records, without a store.
#pragma once

#include <string>
#include <vector>

#include "dataset/snapshot.h"

namespace mercato::recommend::testing {

/// One purchased line: customer "c<customer>", item "i<item>", order "o<order>", day offset.
struct Purchase {
  int customer;
  int item;
  int order;
  int day;
};

/// A snapshot with `num_items` catalog items ("i0"...), `num_customers` customers, the given
/// purchases (orders at day * 86400 + 1.7e9) and item categories (item % num_categories).
Snapshot MakeSnapshot(int num_customers, int num_items, const std::vector<Purchase>& purchases,
                      int num_categories = 1);

}  // namespace mercato::recommend::testing
