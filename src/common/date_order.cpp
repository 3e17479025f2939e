// Day-first slash dates are read by swapping day and month into the month-first form that
// ParseTimestamp reads.
#include "common/date_order.h"

#include <string>

#include "common/text.h"

namespace mercato {
namespace {

// The two leading numbers of a slash date ("25/3/2024 10:00" -> 25, 3, and the position of the
// second slash), or nullopt when `text` does not start like one.
struct SlashDate {
  int first = 0, second = 0;
  size_t rest = 0;  // index of the second '/'
};

std::optional<SlashDate> LeadingNumbers(std::string_view text) {
  SlashDate d;
  size_t i = 0;
  for (int* part : {&d.first, &d.second}) {
    const size_t start = i;
    while (i < text.size() && i - start < 2 && text[i] >= '0' && text[i] <= '9') {
      *part = *part * 10 + (text[i] - '0');
      ++i;
    }
    if (i == start || i >= text.size() || text[i] != '/') return std::nullopt;
    d.rest = i++;
  }
  return d;
}

}  // namespace

Result<Timestamp> ParseTimestamp(std::string_view text, DateOrder order) {
  ASSIGN_OR_RETURN(const WrittenTimestamp written, ParseWrittenTimestamp(text, order));
  return written.Utc();
}

Result<WrittenTimestamp> ParseWrittenTimestamp(std::string_view text, DateOrder order) {
  text = Trim(text);
  const auto date = LeadingNumbers(text);
  if (order == DateOrder::kMonthFirst || !date) return ParseWrittenTimestamp(text);
  const std::string swapped = std::to_string(date->second) + "/" + std::to_string(date->first) +
                              std::string(text.substr(date->rest));
  auto ts = ParseWrittenTimestamp(swapped);
  if (!ts.ok()) {
    return InvalidArgument("expected a day-first date like 31/1/2024 13:45 (or 2024-01-31), got '" +
                           Excerpt(text) + "'");
  }
  return ts;
}

void DateOrderEvidence::See(std::string_view text, uint64_t line) {
  const auto date = LeadingNumbers(Trim(text));
  if (!date) return;
  any_ = true;
  if (date->first > 12 && date->second <= 12 && day_first_line_ == 0) day_first_line_ = line;
  if (date->second > 12 && date->first <= 12 && month_first_line_ == 0) month_first_line_ = line;
}

Result<DateOrder> DateOrderEvidence::Decide(std::optional<DateOrder> given,
                                            DateOrder fallback) const {
  if (day_first_line_ != 0 && month_first_line_ != 0) {
    return InvalidArgument("slash dates are written both ways: day-first on line " +
                           std::to_string(day_first_line_) + " (a first number above 12), " +
                           "month-first on line " + std::to_string(month_first_line_) +
                           " (a second number above 12); expected one convention per file");
  }
  if (given) {
    const bool day_first = *given == DateOrder::kDayFirst;
    const uint64_t contradiction = day_first ? month_first_line_ : day_first_line_;
    if (contradiction != 0) {
      return InvalidArgument(std::string("the dates were declared ") +
                             (day_first ? "day-first (dmy)" : "month-first (mdy)") +
                             " but the date on line " + std::to_string(contradiction) +
                             " can only be read " + (day_first ? "month-first" : "day-first"));
    }
    return *given;
  }
  if (day_first_line_ != 0) return DateOrder::kDayFirst;
  if (month_first_line_ != 0) return DateOrder::kMonthFirst;
  return fallback;
}

}  // namespace mercato
