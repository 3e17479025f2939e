// Loading a store's snapshot, order histories and customer insights for the customer actions.
#include "app/customer_data.h"

#include <filesystem>

#include "store/open_store.h"

namespace mercato::app {

Result<CustomerData> LoadCustomerData(const std::string& db) {
  if (!std::filesystem::exists(db)) {
    return NotFound(db + ": no such store (create it with `mercato import --db " + db + " ...`)");
  }
  CustomerData data;
  ASSIGN_OR_RETURN(data.store, OpenStore(db));
  ASSIGN_OR_RETURN(data.snapshot, LoadSnapshot(*data.store));
  data.history = customers::LoadOrderHistory(data.snapshot);
  if (data.history.ts.empty()) {
    return InvalidArgument(db +
                           ": the store holds no orders from known customers (import "
                           "orders with customer ids first)");
  }
  return data;
}

Result<StoreInsights> LoadStoreInsights(const Snapshot& snapshot,
                                        const customers::InsightOptions& options) {
  const customers::OrderHistory history = customers::LoadOrderHistory(snapshot);
  StoreInsights out;
  if (history.ts.empty()) {
    out.missing = "the store holds no orders from known customers";
    return out;
  }
  auto insights = customers::ComputeInsights(history, options);
  if (!insights.ok()) {
    out.missing = "customer insights could not be computed: " + insights.status().message();
    out.failed = true;
    return out;
  }
  out.insights = std::move(insights).value();
  return out;
}

Result<Timestamp> DayAfter(const std::string& date, const std::string& option) {
  auto ts = ParseTimestamp(date);
  if (!ts.ok()) {
    return InvalidArgument(option + " " + date + ": expected a date such as 2011-06-30");
  }
  return (DayOf(*ts) + 1) * kSecondsPerDay;
}

}  // namespace mercato::app
