// The minimum-data gate of the buy-till-you-die models: whether a store's purchase summaries hold
// enough customers, history and repeat buying for a fitted model to be trusted, and if not,
// exactly what is missing.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "customers/summary.h"

namespace mercato::customers {

/// The thresholds are Klaviyo's for its predictive analytics (BTYD-based CLV, churn risk and
/// next order date; help.klaviyo.com article 360020919731, "Understanding predictive
/// analytics"): at least 500 customers who placed an order, at least 180 days of order history,
/// orders within the last 30 days, and "some" customers with 3 or more orders, which we read as
/// at least 50 (a tenth of the customer minimum). Below them the dropout parameters are not
/// identified: Fader, Hardie & Lee (2005) fit BG/NBD on 2,357 CDNOW customers over 39 weeks,
/// and on a few hundred customers the maximum sits on a parameter bound (issue 15: a = 1.2e-6,
/// b = 225,081 on 106 customers).
struct DataRequirements {
  int64_t min_customers = 500;
  double min_history_days = 180;
  double max_days_since_last_order = 30;
  int64_t min_customers_with_three_purchases = 50;
};

struct ModelDataCheck {
  bool passed = true;
  /// One sentence per unmet requirement, saying what the data has and what is needed, e.g.
  /// "106 customers with orders; at least 500 are needed".
  std::vector<std::string> missing;
  /// "enough data" or the missing requirements joined with "; ".
  std::string Describe() const;
};

/// Checks `summaries` (one per customer with an order) against `requirements`. `days_per_unit`
/// converts the summaries' time unit to days; without it (a summary file in an unknown unit)
/// the two time requirements are not checked.
ModelDataCheck CheckModelData(std::span<const CustomerSummary> summaries,
                              std::optional<double> days_per_unit,
                              const DataRequirements& requirements = {});

}  // namespace mercato::customers
