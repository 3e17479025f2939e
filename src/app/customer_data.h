// What the customer actions load from a store: the snapshot, every customer's order history and,
// from them, every customer's insights. The CLI's customer commands and the server's served
// models load them here, in one way.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "common/status.h"
#include "customers/insights.h"
#include "customers/order_history.h"
#include "dataset/snapshot.h"
#include "store/store.h"

namespace mercato::app {

struct CustomerData {
  std::unique_ptr<Store> store;
  Snapshot snapshot;
  customers::OrderHistory history;
};

/// Opens the store at `db` (which must exist) and loads the snapshot and order histories; fails
/// with an actionable message when the store holds no orders from known customers.
Result<CustomerData> LoadCustomerData(const std::string& db);

/// Every customer's insights on an open store, or why there are none.
struct StoreInsights {
  std::optional<customers::CustomerInsights> insights;
  /// Empty when `insights` holds a value; else why not: the store holds no orders from known
  /// customers, or the error computing them (which the caller must report, not drop).
  std::string missing;
  /// True when `missing` is an error computing the insights (not merely an empty store).
  bool failed = false;
};

/// Loads the order histories of `snapshot` and computes every customer's insights with
/// `options`. An empty store or insights that cannot be computed are reported in the result's
/// `missing`.
Result<StoreInsights> LoadStoreInsights(const Snapshot& snapshot,
                                        const customers::InsightOptions& options);

/// The start of the day after `date` (YYYY-MM-DD or any format ParseTimestamp reads): the
/// exclusive end of a period that includes `date`. `option` names the option in errors.
Result<Timestamp> DayAfter(const std::string& date, const std::string& option);

}  // namespace mercato::app
