// Calendar regressors of the demand models aligned by date: Easter, Black Friday, Cyber Monday,
// the countries' public holidays and the store's own events, per day or per week.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "forecast/demand_series.h"

namespace mercato::forecast {

/// A store event (a sale, a Prime-Day-like promotion): days [first_day, last_day] since epoch.
struct StoreEvent {
  int64_t first_day = 0, last_day = 0;
  std::string name;
};

/// Parses "2024-07-16..2024-07-17 prime" or "2024-11-29 doorbusters": a date or a range of
/// dates (first..last, inclusive, any date ParseTimestamp accepts without spaces), a space and
/// a name. InvalidArgument naming the text and what was expected.
Result<StoreEvent> ParseStoreEvent(std::string_view text);

/// Regressors over the periods [first, first + columns[i].size()): per regressor and period, the
/// share of the period's days it covers (weekly: days / 7; daily: 0 or 1).
struct Calendar {
  int64_t first = 0;
  /// The season length of its period for the models that read the calendar: the year's 52
  /// weeks, or the week's 7 days (dhr then fits 7 and 365.25 days).
  int season = 1;
  std::vector<std::string> names;
  std::vector<std::vector<double>> columns;

  /// The columns over [begin, end), periods outside the calendar 0.
  std::vector<std::vector<double>> Slice(int64_t begin, int64_t end) const;
};

/// The calendar of periods [first, end) of `period`: "easter" (Good Friday to Easter Monday),
/// "black_friday" (the day after the fourth Thursday of November), "cyber_monday" (three days
/// later), "holidays" (the public holidays of `countries`, holidays.h, other than those four
/// days) and one column per distinct event name, in that order. InvalidArgument for a country
/// without holiday rules.
Result<Calendar> BuildCalendar(Period period, int64_t first, int64_t end,
                               const std::vector<std::string>& countries,
                               const std::vector<StoreEvent>& events);

}  // namespace mercato::forecast
