// Test helpers: small in-memory snapshots built from purchase records, without a store.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "dataset/snapshot.h"
#include "store/store.h"

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

/// Two tastes: customers 0..19 buy from items 0..4, customers 20..39 from items 5..9; each
/// customer skips the item (c % 5) of their group, the one a model should recommend them.
Snapshot TwoTastes();

/// A synthetic store (`mercato generate`) of `customers` over `days`, with its catalog,
/// customers, orders and lines imported (not the events) into a fresh SQLite store in a
/// per-process directory, and its truth.json.
struct SyntheticStore {
  std::unique_ptr<Store> store;
  nlohmann::json truth;
};
SyntheticStore MakeSyntheticStore(int64_t customers, int64_t days);

}  // namespace mercato::recommend::testing
