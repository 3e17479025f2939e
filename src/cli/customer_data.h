// What the customer commands (`clv --db`, `customers ...`) load from a store: the snapshot and
// every customer's order history.
#pragma once

#include <memory>
#include <string>

#include "common/status.h"
#include "customers/order_history.h"
#include "dataset/snapshot.h"
#include "store/store.h"

namespace mercato::cli {

struct CustomerData {
  std::unique_ptr<Store> store;
  Snapshot snapshot;
  customers::OrderHistory history;
};

/// Opens the store at `db` (which must exist) and loads the snapshot and order histories; fails
/// with an actionable message when the store holds no orders from known customers.
Result<CustomerData> LoadCustomerData(const std::string& db);

/// The start of the day after `date` (YYYY-MM-DD or any format ParseTimestamp reads): the
/// exclusive end of a period that includes `date`. `option` names the flag in errors.
Result<Timestamp> DayAfter(const std::string& date, const std::string& option);

}  // namespace mercato::cli
