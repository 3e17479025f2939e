// The dataset snapshot: a read-only, columnar, in-memory copy of the store with dense integer
// ids, the customer x item interaction matrix and per-SKU demand panels. Every model trains on
// it; models never query the store row by row.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "dataset/id_index.h"
#include "dataset/sparse_rows.h"
#include "store/store.h"

namespace mercato {

struct SnapshotOptions {
  /// Only data strictly before this time (for time splits: train on the past).
  std::optional<Timestamp> until;
};

/// Order lines, one entry per line, grouped by order (columnar).
struct LineColumns {
  std::vector<int32_t> order;     // dense order id
  std::vector<int32_t> customer;  // dense customer id, IdIndex::kNone for guests
  std::vector<int32_t> item;      // dense item id
  std::vector<Timestamp> ts;      // order time
  std::vector<int32_t> quantity;
  std::vector<float> unit_price;  // NaN when unknown
  size_t size() const { return item.size(); }
};

/// Returns, one entry per returned line (order-level refunds have item kNone).
struct ReturnColumns {
  std::vector<int32_t> customer, item;
  std::vector<Timestamp> ts;
  std::vector<int32_t> quantity;
  std::vector<float> amount;
  size_t size() const { return ts.size(); }
};

struct Snapshot {
  IdIndex customers;  // every customer, then guests' ids never appear
  IdIndex items;      // every SKU in the catalog or in a line, return or interaction
  IdIndex orders;
  IdIndex categories;                  // top-level categories
  std::vector<int32_t> item_category;  // per item, IdIndex::kNone when unknown
  std::vector<float> item_price;       // per item, NaN when unknown

  std::vector<int32_t> order_customer;  // per order
  std::vector<Timestamp> order_ts;      // per order
  LineColumns lines;
  ReturnColumns returns;

  /// customers x items: value = purchase lines + interaction-event weights; last_ts = latest.
  SparseRows interactions;
  /// items x days (column = day index since epoch): units sold. Returns are not netted out.
  SparseRows daily_demand;
  /// items x weeks (column = WeekOf index, Monday-based): units sold.
  SparseRows weekly_demand;

  std::optional<Timestamp> first_ts, last_ts;  // of orders and interactions
  std::optional<Timestamp> until;              // the cut-off it was loaded with
};

/// Loads a snapshot of `store`.
Result<Snapshot> LoadSnapshot(Store& store, const SnapshotOptions& options = {});

}  // namespace mercato
