// The ranker's top lists ranked at training for every customer it knew, served by lookup (as
// gorse caches offline recommendations): per customer its best items, their scores and reasons.
#pragma once

#include <cstdint>
#include <vector>

#include "common/status.h"
#include "recommend/bytes.h"
#include "recommend/erasure.h"
#include "recommend/recommender.h"

namespace mercato::recommend {

class StoredLists {
 public:
  /// No customer has a list.
  StoredLists() = default;
  /// One list per customer, in dense customer order; each sorted as ScoredItem lists are
  /// (descending score, ties by ascending item id), empty for a customer without one.
  explicit StoredLists(const std::vector<std::vector<ScoredItem>>& lists);

  /// Customer rows kept (0 when nothing was stored).
  int32_t num_customers() const { return static_cast<int32_t>(start_.size()) - 1; }
  /// The first min(k, stored) items of the customer's list; empty for k <= 0, for a customer
  /// outside [0, num_customers) and for one without a list.
  std::vector<ScoredItem> Top(int32_t customer, int k) const;

  /// Appends the lists to `w`.
  void Serialize(ByteWriter& w) const;
  /// Reads what Serialize wrote for a model of `num_items` items and `num_customers` customers
  /// (or no rows at all); InvalidArgument naming what is wrong on truncated or corrupt bytes
  /// (offsets, item ids, reason kinds and anchors, NaN or unsorted scores, row count).
  static Result<StoredLists> Deserialize(ByteReader& r, int32_t num_items, int32_t num_customers);

  /// Drops the erased customers' lists (see Recommender::EraseCustomers).
  void EraseCustomers(const RowErasure& customers);

 private:
  std::vector<int64_t> start_{0};  // customers + 1 offsets into the per-entry arrays
  std::vector<int32_t> item_;
  std::vector<float> score_;
  std::vector<uint8_t> reason_kind_;  // ReasonKind
  std::vector<int32_t> anchor_, count_, delay_days_;
};

}  // namespace mercato::recommend
