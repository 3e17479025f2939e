// Holiday rules against known calendar dates.
#include "forecast/holidays.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "common/time.h"

namespace mercato::forecast {
namespace {

bool Has(const std::vector<Holiday>& hs, int y, int m, int d, const std::string& name) {
  for (const Holiday& h : hs) {
    if (h.day == DaysFromCivil(y, m, d) && h.name == name) return true;
  }
  return false;
}

TEST(Holidays, EasterMatchesKnownDates) {
  EXPECT_EQ(EasterSunday(2011), DaysFromCivil(2011, 4, 24));
  EXPECT_EQ(EasterSunday(2019), DaysFromCivil(2019, 4, 21));
  EXPECT_EQ(EasterSunday(2024), DaysFromCivil(2024, 3, 31));
  EXPECT_EQ(EasterSunday(2025), DaysFromCivil(2025, 4, 20));
  EXPECT_EQ(EasterSunday(2038), DaysFromCivil(2038, 4, 25));  // latest possible
  EXPECT_EQ(EasterSunday(1985), DaysFromCivil(1985, 4, 7));
}

TEST(Holidays, NthWeekday) {
  EXPECT_EQ(NthWeekday(2024, 11, 3, 4), DaysFromCivil(2024, 11, 28));   // Thanksgiving
  EXPECT_EQ(NthWeekday(2024, 5, 0, -1), DaysFromCivil(2024, 5, 27));    // Memorial Day
  EXPECT_EQ(NthWeekday(2023, 9, 0, 1), DaysFromCivil(2023, 9, 4));      // Labor Day
  EXPECT_EQ(NthWeekday(2024, 12, 1, -1), DaysFromCivil(2024, 12, 31));  // last Tuesday
}

TEST(Holidays, CountriesByRule) {
  auto us = HolidaysOf("US", 2024).value();
  EXPECT_EQ(us.size(), 11u);
  EXPECT_TRUE(Has(us, 2024, 1, 15, "Martin Luther King Jr. Day"));
  EXPECT_TRUE(Has(us, 2024, 11, 28, "Thanksgiving Day"));
  EXPECT_FALSE(Has(HolidaysOf("US", 2020).value(), 2020, 6, 19, "Juneteenth"));
  auto gb = HolidaysOf("GB", 2011).value();
  EXPECT_TRUE(Has(gb, 2011, 4, 22, "Good Friday"));
  EXPECT_TRUE(Has(gb, 2011, 4, 25, "Easter Monday"));
  EXPECT_TRUE(Has(gb, 2011, 5, 30, "Spring bank holiday"));
  EXPECT_TRUE(Has(gb, 2011, 8, 29, "Summer bank holiday"));
  auto de = HolidaysOf("DE", 2024).value();
  EXPECT_TRUE(Has(de, 2024, 5, 9, "Christi Himmelfahrt"));
  EXPECT_TRUE(Has(de, 2024, 5, 20, "Pfingstmontag"));
  EXPECT_TRUE(Has(HolidaysOf("FR", 2024).value(), 2024, 7, 14, "Fête nationale"));
  // King's Day on a Sunday in 2025 moves to Saturday the 26th.
  EXPECT_TRUE(Has(HolidaysOf("NL", 2025).value(), 2025, 4, 26, "Koningsdag"));
  EXPECT_TRUE(Has(HolidaysOf("NL", 2011).value(), 2011, 4, 30, "Koninginnedag"));
  auto ca = HolidaysOf("CA", 2024).value();
  EXPECT_TRUE(Has(ca, 2024, 5, 20, "Victoria Day"));
  EXPECT_TRUE(Has(ca, 2024, 10, 14, "Thanksgiving"));
  EXPECT_TRUE(Has(HolidaysOf("CA", 2021).value(), 2021, 5, 24, "Victoria Day"));
  for (const std::string& c : HolidayCountries()) {
    auto hs = HolidaysOf(c, 2024).value();
    EXPECT_TRUE(std::is_sorted(hs.begin(), hs.end(), [](const Holiday& a, const Holiday& b) {
      return a.day < b.day;
    })) << c;
    EXPECT_GE(hs.size(), 8u) << c;
  }
}

TEST(Holidays, UnknownCountryOrYearIsAnError) {
  EXPECT_EQ(HolidaysOf("XX", 2024).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(HolidaysOf("US", 1800).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace mercato::forecast
