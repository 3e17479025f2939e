// Calendar regressors: the days of each moving feast, holiday and store event, counted into the
// periods that hold them.
#include "forecast/calendar.h"

#include <algorithm>
#include <set>

#include "common/time.h"
#include "forecast/holidays.h"

namespace mercato::forecast {

Result<StoreEvent> ParseStoreEvent(std::string_view text) {
  const std::string quoted = "event '" + std::string(text) + "'";
  const size_t space = text.find(' ');
  const std::string_view dates = text.substr(0, space);
  std::string_view name = space == std::string_view::npos ? "" : text.substr(space + 1);
  while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
  if (dates.empty() || name.empty()) {
    return InvalidArgument(quoted +
                           ": expected a date or first..last dates, a space and a name, "
                           "as in '2024-07-16..2024-07-17 prime'");
  }
  const size_t dots = dates.find("..");
  const std::string_view first_text = dates.substr(0, dots);
  const std::string_view last_text =
      dots == std::string_view::npos ? first_text : dates.substr(dots + 2);
  Result<Timestamp> first = ParseTimestamp(first_text), last = ParseTimestamp(last_text);
  if (!first.ok() || !last.ok()) {
    return InvalidArgument(quoted + ": expected dates such as 2024-07-16, got '" +
                           std::string(first.ok() ? last_text : first_text) + "'");
  }
  StoreEvent e{DayOf(first.value()), DayOf(last.value()), std::string(name)};
  if (e.last_day < e.first_day) {
    return InvalidArgument(quoted + ": its last date is before its first");
  }
  return e;
}

std::vector<std::vector<double>> Calendar::Slice(int64_t begin, int64_t end) const {
  std::vector<std::vector<double>> out;
  for (const std::vector<double>& column : columns) {
    std::vector<double>& c =
        out.emplace_back(static_cast<size_t>(std::max<int64_t>(end - begin, 0)));
    for (int64_t p = begin; p < end; ++p) {
      const int64_t i = p - first;
      if (i >= 0 && i < static_cast<int64_t>(column.size())) {
        c[static_cast<size_t>(p - begin)] = column[static_cast<size_t>(i)];
      }
    }
  }
  return out;
}

Result<Calendar> BuildCalendar(Period period, int64_t first, int64_t end,
                               const std::vector<std::string>& countries,
                               const std::vector<StoreEvent>& events) {
  Calendar c;
  c.first = first;
  c.season = period == Period::kWeek ? 52 : 7;
  const size_t width = static_cast<size_t>(std::max<int64_t>(end - first, 0));
  const int64_t days = DaysPerPeriod(period);
  const int64_t first_day = DayOf(PeriodStart(period, first));
  const int64_t end_day = first_day + days * static_cast<int64_t>(width);
  // Adds the days [from, to] to column `k`, as shares of their periods.
  auto add = [&](size_t k, int64_t from, int64_t to) {
    for (int64_t d = std::max(from, first_day); d <= to && d < end_day; ++d) {
      c.columns[k][static_cast<size_t>((d - first_day) / days)] += 1.0 / static_cast<double>(days);
    }
  };
  c.names = {"easter", "black_friday", "cyber_monday", "holidays"};
  std::vector<std::string> event_names;
  for (const StoreEvent& e : events) {
    if (std::find(event_names.begin(), event_names.end(), e.name) == event_names.end()) {
      event_names.push_back(e.name);
    }
  }
  c.names.insert(c.names.end(), event_names.begin(), event_names.end());
  c.columns.assign(c.names.size(), std::vector<double>(width, 0.0));
  for (int y = CivilFromDays(first_day).year; y <= CivilFromDays(end_day).year; ++y) {
    const int64_t easter = EasterSunday(y);
    const int64_t black_friday = NthWeekday(y, 11, 3, 4) + 1;
    add(0, easter - 2, easter + 1);
    add(1, black_friday, black_friday);
    add(2, black_friday + 3, black_friday + 3);
    std::set<int64_t> holidays;
    for (const std::string& country : countries) {
      ASSIGN_OR_RETURN(std::vector<Holiday> hs, HolidaysOf(country, y));
      for (const Holiday& h : hs) {
        const bool feast = (h.day >= easter - 2 && h.day <= easter + 1) || h.day == black_friday ||
                           h.day == black_friday + 3;
        if (!feast) holidays.insert(h.day);
      }
    }
    for (int64_t d : holidays) add(3, d, d);
  }
  for (const StoreEvent& e : events) {
    const auto k = static_cast<size_t>(
        4 + (std::find(event_names.begin(), event_names.end(), e.name) - event_names.begin()));
    add(k, e.first_day, e.last_day);
  }
  return c;
}

}  // namespace mercato::forecast
