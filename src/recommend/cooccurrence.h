// Item-item co-occurrence over sets of items (a customer's history, an order's basket): the
// counts behind SAR similarities and frequently-bought-together, kept as top-N neighbour lists.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "dataset/snapshot.h"
#include "recommend/bytes.h"
#include "recommend/recommender.h"

namespace mercato::recommend {

/// Rows of distinct item ids in ascending order (compressed sparse rows).
struct ItemSets {
  std::vector<int64_t> start{0};  // rows + 1 offsets
  std::vector<int32_t> item;
  int32_t num_items = 0;

  int32_t rows() const { return static_cast<int32_t>(start.size()) - 1; }
  std::span<const int32_t> Row(int32_t r) const {
    return {item.data() + start[static_cast<size_t>(r)],
            static_cast<size_t>(start[static_cast<size_t>(r) + 1] - start[static_cast<size_t>(r)])};
  }
};

/// One set per customer: the items in their interaction row.
ItemSets ItemSetsOfCustomers(const Snapshot& snapshot);
/// One set per order: the distinct items of its lines.
ItemSets ItemSetsOfOrders(const Snapshot& snapshot);
/// One set per customer: the distinct items of their latest order (empty without orders).
ItemSets LatestOrderOfCustomers(const Snapshot& snapshot);
/// In how many sets each item appears.
std::vector<int32_t> ItemSupport(const ItemSets& sets);

/// Per item, its best neighbours (descending score, ties by ascending id), self excluded.
struct Neighbours {
  std::vector<int64_t> start;  // num_items + 1 offsets
  std::vector<int32_t> item;
  std::vector<float> score;
  std::vector<int32_t> count;  // co-occurrence count

  int32_t num_items() const { return static_cast<int32_t>(start.size()) - 1; }
  int64_t Begin(int32_t i) const { return start[static_cast<size_t>(i)]; }
  int64_t End(int32_t i) const { return start[static_cast<size_t>(i) + 1]; }
};

/// Scores a pair from (item i, item j, sets holding both); pairs scoring <= 0 are dropped.
using PairScore = std::function<float(int32_t i, int32_t j, int32_t both)>;

/// Counts co-occurrences of every item pair over `sets` (pairs in fewer than `min_count` sets
/// are dropped) and keeps the `keep` best neighbours of each item by `score`. Runs items in
/// parallel with `threads` OpenMP threads (0 = all); the result does not depend on it.
Neighbours TopNeighbours(const ItemSets& sets, int keep, int min_count, const PairScore& score,
                         int threads);

void PutItemSets(ByteWriter& w, const ItemSets& sets);
/// Reads item sets, checking ids are below `num_items`.
Status GetItemSets(ByteReader& r, int32_t num_items, ItemSets& sets);

void PutNeighbours(ByteWriter& w, const Neighbours& nb);
/// Reads neighbour lists, checking they are consistent with `num_items`.
Status GetNeighbours(ByteReader& r, int32_t num_items, Neighbours& nb);

/// A seed of a neighbourhood query: an item, its weight and the reason it lends.
struct Seed {
  int32_t item;
  float weight;
  ReasonKind reason;
};

/// Scores items by summing weight x similarity over the seeds' neighbour lists; each result's
/// reason names the seed that contributed most (with its co-occurrence count).
std::vector<ScoredItem> ScoreByNeighbours(const Neighbours& nb, std::span<const Seed> seeds, int k);

}  // namespace mercato::recommend
