// Test support for the snapshot-based customer models: a store imported from generic CSV files
// and its order histories.
#pragma once

#include <memory>
#include <string>

#include "customers/order_history.h"

namespace mercato::customers::testing {

struct LoadedHistory {
  std::unique_ptr<Store> store;
  OrderHistory history;
};

/// Imports the generic-format CSV files in `dir` into a fresh store there and loads the order
/// histories of its snapshot (failing the test on any error).
LoadedHistory LoadHistory(const std::string& dir);

/// Dense id of customer `id` in `history`, or -1.
int32_t CustomerIndex(const OrderHistory& history, const std::string& id);

}  // namespace mercato::customers::testing
