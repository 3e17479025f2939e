// Tiny hand-made stores for the inventory tests: SKUs with known daily sales, stock levels,
// suppliers and purchase orders.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "store/store.h"

namespace mercato::inventory::testing {

/// Day 0 of the test stores: 2024-01-01.
constexpr int64_t kDay0 = 19723;

/// Builds a store through Store::Put.
class StoreBuilder {
 public:
  explicit StoreBuilder(Store& store) : store_(store) {}
  /// A product with a unit cost.
  Status AddProduct(const std::string& sku, double cost);
  Status AddSupplier(const std::string& id, double lead_time_days, int64_t moq, int64_t case_pack);
  /// One order of `units` of `sku` at noon of each day in [from, to) (days after kDay0).
  Status AddDailySales(const std::string& sku, int64_t from, int64_t to, int64_t units);
  /// An end-of-day stock level on day `day`.
  Status AddLevel(const std::string& sku, int64_t day, int64_t on_hand,
                  std::optional<int64_t> on_order = std::nullopt);
  /// A purchase order placed at 18:00 of `ordered_day`, received at 18:00 of `received_day`.
  Status AddPurchaseOrder(const std::string& sku, const std::string& supplier, int64_t ordered_day,
                          std::optional<int64_t> received_day, int64_t quantity);

 private:
  Store& store_;
  int64_t next_order_ = 0;
  int64_t next_po_ = 0;
};

}  // namespace mercato::inventory::testing
