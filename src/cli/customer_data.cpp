// Loading a store's snapshot and order histories for the customer commands.
#include "cli/customer_data.h"

#include <filesystem>

#include "store/open_store.h"

namespace mercato::cli {

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

Result<Timestamp> DayAfter(const std::string& date, const std::string& option) {
  auto ts = ParseTimestamp(date);
  if (!ts.ok()) {
    return InvalidArgument(option + " " + date + ": expected a date such as 2011-06-30");
  }
  return (DayOf(*ts) + 1) * kSecondsPerDay;
}

}  // namespace mercato::cli
