// Per-customer frequency/recency/age(/monetary) summaries and the CSV files that hold them.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"

namespace mercato::customers {

/// One customer's calibration-period summary, in any time unit (weeks for CDNOW).
struct CustomerSummary {
  std::string id;
  /// Number of repeat purchases x (purchases after the first).
  double frequency = 0;
  /// t_x: time of the last purchase, measured from the first one; 0 when x = 0.
  double recency = 0;
  /// T: time from the first purchase to the end of the calibration period.
  double age = 0;
  /// zbar: mean value of the repeat purchases (0 when unknown or x = 0).
  double monetary = 0;
};

struct SummaryTable {
  std::vector<CustomerSummary> customers;
  /// The file had a monetary column (`monetary_value` or `zbar`).
  bool has_monetary = false;
};

/// Reads a CSV with a header naming `frequency, recency, T` (or Fader & Hardie's `x, t_x, T`),
/// optionally `monetary_value` (or `zbar`) and an id column (`id`, `customer_id`; otherwise the
/// row number). Requires x a whole number >= 0, 0 <= t_x <= T, T > 0, and zbar > 0 when x > 0.
/// Errors name the file, the line and the column.
Result<SummaryTable> ReadSummaryCsv(const std::string& path);

/// Checks one summary against the rules above; the message names the offending field.
Status ValidateSummary(const CustomerSummary& c, bool has_monetary);

}  // namespace mercato::customers
