// Slash dates (05/03/2024) written day first or month first: reading them in a given order, and
// finding a file's order from what its rows prove.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "common/status.h"
#include "common/time.h"

namespace mercato {

/// How a slash date is written: month first (US style: 05/03/2024 is May 3) or day first
/// (March 5).
enum class DateOrder { kMonthFirst, kDayFirst };

/// ParseTimestamp with slash dates read in `order` (31/1/2024 13:45 when day first); other forms
/// are read as ParseTimestamp reads them.
Result<Timestamp> ParseTimestamp(std::string_view text, DateOrder order);
/// ParseWrittenTimestamp with slash dates read in `order`.
Result<WrittenTimestamp> ParseWrittenTimestamp(std::string_view text, DateOrder order);

/// What the slash dates of a file prove about its order: a first number above 12 (25/03/2024)
/// proves day first, a second one above 12 (03/25/2024) proves month first; dates with both
/// numbers up to 12 prove nothing.
class DateOrderEvidence {
 public:
  /// Looks at one date as written on `line`; text that is not a slash date is ignored.
  void See(std::string_view text, uint64_t line);
  /// Whether any slash date was seen.
  bool any() const { return any_; }
  /// The first line proving day first / month first, 0 when none.
  uint64_t day_first_line() const { return day_first_line_; }
  uint64_t month_first_line() const { return month_first_line_; }
  /// The order to read the file in: `given` when set (an error naming the line when the
  /// evidence contradicts it), else the proven one, else `fallback`. Evidence both ways is an
  /// error naming a line of each.
  Result<DateOrder> Decide(std::optional<DateOrder> given, DateOrder fallback) const;

 private:
  bool any_ = false;
  uint64_t day_first_line_ = 0, month_first_line_ = 0;
};

}  // namespace mercato
