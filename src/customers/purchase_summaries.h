// Buy-till-you-die summaries (x, t_x, T in weeks, mean repeat spend) of the store's customers as
// of a calibration end, with the purchases they made afterwards for holdout evaluation.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "common/time.h"
#include "customers/order_history.h"
#include "customers/summary.h"

namespace mercato::customers {

/// Time unit of every summary built from the store.
inline constexpr double kDaysPerSummaryUnit = 7.0;

struct PurchaseSummaries {
  /// Dense customer id (OrderHistory / Snapshot) of each summary.
  std::vector<int32_t> customer;
  /// One per customer with a purchase before the calibration end. A purchase is a day with at
  /// least one order (the convention of Fader & Hardie's CDNOW summaries): x = purchase days
  /// - 1, t_x and T from the first purchase day to the last one and to the calibration end, in
  /// weeks; monetary = mean value of the repeat purchase days (0 when x = 0).
  std::vector<CustomerSummary> summaries;
  /// Purchase days in [calibration end, holdout end), per summary; empty without a holdout.
  std::vector<double> holdout_purchases;
  double holdout_weeks = 0;
  Timestamp calibration_end = 0;
};

/// Summaries as of `calibration_end` (exclusive; use the day after the last calibration date)
/// and, with `holdout_end` (exclusive), the purchases in between.
PurchaseSummaries SummarizePurchases(const OrderHistory& history, Timestamp calibration_end,
                                     std::optional<Timestamp> holdout_end = std::nullopt);

}  // namespace mercato::customers
