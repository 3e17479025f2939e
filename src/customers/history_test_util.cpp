// Test support: generic CSV import into a fresh store, then snapshot and order histories.
#include "customers/history_test_util.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "ingest/import_test_util.h"

namespace mercato::customers::testing {

LoadedHistory LoadHistory(const std::string& dir) {
  LoadedHistory l{mercato::testing::FreshStore(dir), {}};
  EXPECT_TRUE(mercato::testing::Import(*l.store, "generic", {dir}).ok());
  auto snapshot = LoadSnapshot(*l.store);
  EXPECT_TRUE(snapshot.ok()) << snapshot.status().ToString();
  if (!snapshot.ok()) return l;
  l.history = LoadOrderHistory(*snapshot);
  return l;
}

int32_t CustomerIndex(const OrderHistory& history, const std::string& id) {
  const auto it = std::find(history.customer_ids.begin(), history.customer_ids.end(), id);
  return it == history.customer_ids.end() ? -1
                                          : static_cast<int32_t>(it - history.customer_ids.begin());
}

}  // namespace mercato::customers::testing
