// Test helpers: small in-memory snapshots built from purchase records, without a store.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "dataset/snapshot.h"
#include "recommend/recommender.h"
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

/// Three visits 9 days apart by each of customers 0..`buyers`-1, two items each: customer c's
/// visit v holds items (c + 3v) and (c + 3v + `stride`), modulo `sold_items`. The catalog has
/// `customers` customers (those from `buyers` on have no history) and `items` items (those from
/// `sold_items` on never sold) in `categories` categories.
Snapshot ThreeVisits(int buyers, int customers, int sold_items, int items, int stride,
                     int categories);

/// A model configuration small enough for these snapshots: 4 ALS factors over 3 iterations, 2
/// threads, a follow-up pair counted once.
RecommendConfig SmallConfig();

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
