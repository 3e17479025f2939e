// The ids and histories serving needs beside the models, saved with them at training time: the
// dense customer, item and order ids of the trained snapshot, each customer's purchased items
// (for "exclude purchased"), each order's items (for post-purchase queries) and time (for the
// learned repurchase cycles).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "dataset/id_index.h"
#include "dataset/snapshot.h"

namespace mercato::serving {

struct ServingIndex {
  IdIndex customers, items, orders;
  std::vector<int32_t> order_customer;  // per order, IdIndex::kNone for guests
  /// Per order, its time; empty in an index written before order times were kept (its
  /// repurchase cycles are then unknown).
  std::vector<Timestamp> order_ts;

  /// Distinct items the customer bought, ascending.
  std::span<const int32_t> PurchasesOf(int32_t customer) const;
  /// Distinct items of the order, in line order.
  std::span<const int32_t> ItemsOf(int32_t order) const;

  std::vector<int64_t> purchase_start;  // customers + 1 offsets into purchase_item
  std::vector<int32_t> purchase_item;
  std::vector<int64_t> order_start;  // orders + 1 offsets into order_item
  std::vector<int32_t> order_item;
};

/// Builds the index of a snapshot (the one the models are trained on).
ServingIndex BuildServingIndex(const Snapshot& snapshot);

/// Appends the index to `out`.
void SerializeServingIndex(const ServingIndex& index, std::string& out);
/// Reads bytes written by SerializeServingIndex; fails on truncated or inconsistent bytes.
Result<ServingIndex> DeserializeServingIndex(std::string_view bytes);

}  // namespace mercato::serving
