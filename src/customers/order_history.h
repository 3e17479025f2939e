// Customers' order histories: each known customer's orders by time with value, basket,
// discount, channel, country and category mix, and their returns. The input of the VIP model and
// of behavioural clustering.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "dataset/snapshot.h"

namespace mercato::customers {

/// Top-level categories broken out per order (those with the most value sold).
inline constexpr int kHistoryCategories = 8;

/// Each known customer's orders by time, with their value, basket, discount, channel, country
/// and category mix, and their returns; columnar. Built once from a snapshot.
struct OrderHistory {
  /// Per dense customer id c: its orders are [customer_start[c], customer_start[c + 1]) of the
  /// per-order columns below, sorted by time (then order id).
  std::vector<int32_t> customer_start;
  std::vector<Timestamp> ts;
  std::vector<float> value;        // merchandise value: sum of quantity x unit price of its lines
  std::vector<float> discount;     // discount total (0 when none)
  std::vector<float> units;        // items bought (sum of quantities)
  std::vector<int32_t> lines;      // order lines
  std::vector<int32_t> new_items;  // SKUs not in the customer's earlier orders
  std::vector<int32_t> new_categories;  // top-level categories not in their earlier orders
  std::vector<float> max_price;         // highest unit price on the order
  std::vector<int32_t> channel;         // index into `channels`
  std::vector<int32_t> country;         // index into `countries`
  /// Per order, the value of its lines in each top-level category: row-major, orders x
  /// categories.size().
  std::vector<float> category_value;
  /// Distinct channels and countries, most orders first ("" when unknown).
  std::vector<std::string> channels, countries;
  /// The top-level categories with the most value sold, at most kHistoryCategories of them (the
  /// rest are not broken out).
  std::vector<std::string> categories;
  /// Per dense customer id, its returns' times and amounts, by time.
  std::vector<int32_t> return_start;
  std::vector<Timestamp> return_ts;
  std::vector<float> return_amount;
  /// Customer keys by dense id (from the snapshot).
  std::vector<std::string> customer_ids;
  /// The latest order time: the end of the observed data.
  Timestamp end = 0;

  int32_t num_customers() const { return static_cast<int32_t>(customer_start.size()) - 1; }
  int32_t num_orders(int32_t c) const { return customer_start[c + 1] - customer_start[c]; }
  /// Time of customer c's first order; c must have one.
  Timestamp first_order(int32_t c) const { return ts[static_cast<size_t>(customer_start[c])]; }
};

/// Builds the histories from `snapshot`. Guests' orders are left out.
OrderHistory LoadOrderHistory(const Snapshot& snapshot);

}  // namespace mercato::customers
