// Calendar regressors: moving feasts, holidays and store events counted into days and weeks by
// date, and the store events' text.
#include "forecast/calendar.h"

#include <gtest/gtest.h>

#include "common/time.h"

namespace mercato::forecast {
namespace {

int64_t Week(int y, int m, int d) { return WeekOf(DaysFromCivil(y, m, d) * kSecondsPerDay); }

TEST(ParseStoreEvent, ReadsARangeOrOneDate) {
  const StoreEvent e = ParseStoreEvent("2024-07-16..2024-07-17 prime day").value();
  EXPECT_EQ(e.first_day, DaysFromCivil(2024, 7, 16));
  EXPECT_EQ(e.last_day, DaysFromCivil(2024, 7, 17));
  EXPECT_EQ(e.name, "prime day");
  const StoreEvent one = ParseStoreEvent("2024-11-29 doorbusters").value();
  EXPECT_EQ(one.first_day, one.last_day);
}

TEST(ParseStoreEvent, RejectsWhatIsNotAnEvent) {
  const Status no_name = ParseStoreEvent("2024-07-16").status();
  EXPECT_NE(no_name.message().find("a space and a name"), std::string::npos) << no_name.message();
  const Status bad_date = ParseStoreEvent("2024-13-45..2024-07-17 prime").status();
  EXPECT_NE(bad_date.message().find("'2024-13-45'"), std::string::npos) << bad_date.message();
  const Status backwards = ParseStoreEvent("2024-07-17..2024-07-16 prime").status();
  EXPECT_NE(backwards.message().find("before its first"), std::string::npos);
}

TEST(BuildCalendar, CountsTheDaysOfEachWeek) {
  // Weeks of Monday 2024-11-25 and 2024-12-02. Black Friday is Friday 11-29 (the day after
  // Thanksgiving, the fourth Thursday, 11-28), Cyber Monday 12-02; US holidays other than
  // those: Thanksgiving in the first week. The event covers 11-26 and 11-27.
  const int64_t first = Week(2024, 11, 25);
  const Calendar c = BuildCalendar(Period::kWeek, first, first + 2, {"US"},
                                   {ParseStoreEvent("2024-11-26..2024-11-27 doorbusters").value()})
                         .value();
  ASSERT_EQ(c.names, (std::vector<std::string>{"easter", "black_friday", "cyber_monday", "holidays",
                                               "doorbusters"}));
  EXPECT_EQ(c.season, 52);
  EXPECT_EQ(c.columns[0], (std::vector<double>{0, 0}));
  EXPECT_EQ(c.columns[1], (std::vector<double>{1.0 / 7, 0}));
  EXPECT_EQ(c.columns[2], (std::vector<double>{0, 1.0 / 7}));
  EXPECT_EQ(c.columns[3], (std::vector<double>{1.0 / 7, 0}));
  EXPECT_DOUBLE_EQ(c.columns[4][0], 2.0 / 7);
  EXPECT_EQ(c.columns[4][1], 0);
  // Slice: one period before the calendar (0) and its first.
  const std::vector<std::vector<double>> s = c.Slice(first - 1, first + 1);
  EXPECT_EQ(s[1], (std::vector<double>{0, 1.0 / 7}));
}

TEST(BuildCalendar, PlacesEasterByDay) {
  // Easter 2024 was 31 March: Good Friday 29 March to Easter Monday 1 April, days 0..3 here.
  const int64_t first = DaysFromCivil(2024, 3, 28);
  const Calendar c = BuildCalendar(Period::kDay, first, first + 6, {}, {}).value();
  EXPECT_EQ(c.season, 7);
  EXPECT_EQ(c.columns[0], (std::vector<double>{0, 1, 1, 1, 1, 0}));
  EXPECT_EQ(c.columns[3], (std::vector<double>(6, 0.0)));
  EXPECT_FALSE(BuildCalendar(Period::kDay, first, first + 6, {"XX"}, {}).ok());
}

}  // namespace
}  // namespace mercato::forecast
