// Public holidays of a few countries computed by rule (fixed dates, Easter-based, n-th weekday).
#include "forecast/holidays.h"

#include <algorithm>

#include "common/time.h"

namespace mercato::forecast {
namespace {

// 0 = Monday … 6 = Sunday; 1970-01-01 was a Thursday.
int WeekdayOf(int64_t day) { return static_cast<int>(((day % 7) + 7 + 3) % 7); }

void Add(std::vector<Holiday>& out, int64_t day, const char* name) {
  out.push_back(Holiday{day, name});
}

void UnitedStates(int y, std::vector<Holiday>& out) {
  Add(out, DaysFromCivil(y, 1, 1), "New Year's Day");
  Add(out, NthWeekday(y, 1, 0, 3), "Martin Luther King Jr. Day");
  Add(out, NthWeekday(y, 2, 0, 3), "Washington's Birthday");
  Add(out, NthWeekday(y, 5, 0, -1), "Memorial Day");
  if (y >= 2021) Add(out, DaysFromCivil(y, 6, 19), "Juneteenth");
  Add(out, DaysFromCivil(y, 7, 4), "Independence Day");
  Add(out, NthWeekday(y, 9, 0, 1), "Labor Day");
  Add(out, NthWeekday(y, 10, 0, 2), "Columbus Day");
  Add(out, DaysFromCivil(y, 11, 11), "Veterans Day");
  Add(out, NthWeekday(y, 11, 3, 4), "Thanksgiving Day");
  Add(out, DaysFromCivil(y, 12, 25), "Christmas Day");
}

void GreatBritain(int y, std::vector<Holiday>& out) {
  const int64_t easter = EasterSunday(y);
  Add(out, DaysFromCivil(y, 1, 1), "New Year's Day");
  Add(out, easter - 2, "Good Friday");
  Add(out, easter + 1, "Easter Monday");
  Add(out, NthWeekday(y, 5, 0, 1), "Early May bank holiday");
  Add(out, NthWeekday(y, 5, 0, -1), "Spring bank holiday");
  Add(out, NthWeekday(y, 8, 0, -1), "Summer bank holiday");
  Add(out, DaysFromCivil(y, 12, 25), "Christmas Day");
  Add(out, DaysFromCivil(y, 12, 26), "Boxing Day");
}

void Germany(int y, std::vector<Holiday>& out) {
  const int64_t easter = EasterSunday(y);
  Add(out, DaysFromCivil(y, 1, 1), "Neujahr");
  Add(out, easter - 2, "Karfreitag");
  Add(out, easter + 1, "Ostermontag");
  Add(out, DaysFromCivil(y, 5, 1), "Tag der Arbeit");
  Add(out, easter + 39, "Christi Himmelfahrt");
  Add(out, easter + 50, "Pfingstmontag");
  Add(out, DaysFromCivil(y, 10, 3), "Tag der Deutschen Einheit");
  Add(out, DaysFromCivil(y, 12, 25), "Erster Weihnachtstag");
  Add(out, DaysFromCivil(y, 12, 26), "Zweiter Weihnachtstag");
}

void France(int y, std::vector<Holiday>& out) {
  const int64_t easter = EasterSunday(y);
  Add(out, DaysFromCivil(y, 1, 1), "Jour de l'an");
  Add(out, easter + 1, "Lundi de Pâques");
  Add(out, DaysFromCivil(y, 5, 1), "Fête du Travail");
  Add(out, DaysFromCivil(y, 5, 8), "Victoire 1945");
  Add(out, easter + 39, "Ascension");
  Add(out, easter + 50, "Lundi de Pentecôte");
  Add(out, DaysFromCivil(y, 7, 14), "Fête nationale");
  Add(out, DaysFromCivil(y, 8, 15), "Assomption");
  Add(out, DaysFromCivil(y, 11, 1), "Toussaint");
  Add(out, DaysFromCivil(y, 11, 11), "Armistice 1918");
  Add(out, DaysFromCivil(y, 12, 25), "Noël");
}

void Netherlands(int y, std::vector<Holiday>& out) {
  const int64_t easter = EasterSunday(y);
  Add(out, DaysFromCivil(y, 1, 1), "Nieuwjaarsdag");
  Add(out, easter - 2, "Goede Vrijdag");
  Add(out, easter, "Eerste Paasdag");
  Add(out, easter + 1, "Tweede Paasdag");
  // King's Day (from 2014) on 27 April, Queen's Day before on 30 April; moved to the Saturday
  // before when it falls on a Sunday.
  int64_t royal = DaysFromCivil(y, 4, y >= 2014 ? 27 : 30);
  if (WeekdayOf(royal) == 6) royal -= 1;
  Add(out, royal, y >= 2014 ? "Koningsdag" : "Koninginnedag");
  Add(out, DaysFromCivil(y, 5, 5), "Bevrijdingsdag");
  Add(out, easter + 39, "Hemelvaartsdag");
  Add(out, easter + 49, "Eerste Pinksterdag");
  Add(out, easter + 50, "Tweede Pinksterdag");
  Add(out, DaysFromCivil(y, 12, 25), "Eerste Kerstdag");
  Add(out, DaysFromCivil(y, 12, 26), "Tweede Kerstdag");
}

void Canada(int y, std::vector<Holiday>& out) {
  const int64_t easter = EasterSunday(y);
  Add(out, DaysFromCivil(y, 1, 1), "New Year's Day");
  Add(out, easter - 2, "Good Friday");
  // Victoria Day: the last Monday before 25 May.
  const int64_t may24 = DaysFromCivil(y, 5, 24);
  Add(out, may24 - WeekdayOf(may24), "Victoria Day");
  Add(out, DaysFromCivil(y, 7, 1), "Canada Day");
  Add(out, NthWeekday(y, 9, 0, 1), "Labour Day");
  Add(out, NthWeekday(y, 10, 0, 2), "Thanksgiving");
  Add(out, DaysFromCivil(y, 11, 11), "Remembrance Day");
  Add(out, DaysFromCivil(y, 12, 25), "Christmas Day");
  Add(out, DaysFromCivil(y, 12, 26), "Boxing Day");
}

}  // namespace

const std::vector<std::string>& HolidayCountries() {
  static const std::vector<std::string> countries{"US", "GB", "DE", "FR", "NL", "CA"};
  return countries;
}

int64_t EasterSunday(int year) {
  // Anonymous Gregorian computus: golden number, century corrections, epact and weekday.
  const int a = year % 19, b = year / 100, c = year % 100;
  const int d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
  const int h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4, k = c % 4;
  const int l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int month = (h + l - 7 * m + 114) / 31;
  const int day = (h + l - 7 * m + 114) % 31 + 1;
  return DaysFromCivil(year, month, day);
}

int64_t NthWeekday(int year, int month, int weekday, int n) {
  if (n < 0) {
    const int next_year = month == 12 ? year + 1 : year, next_month = month == 12 ? 1 : month + 1;
    const int64_t last = DaysFromCivil(next_year, next_month, 1) - 1;
    return last - ((WeekdayOf(last) - weekday + 7) % 7);
  }
  const int64_t first = DaysFromCivil(year, month, 1);
  return first + ((weekday - WeekdayOf(first) + 7) % 7) + 7 * (n - 1);
}

Result<std::vector<Holiday>> HolidaysOf(std::string_view country, int year) {
  if (year < 1900 || year > 2200) {
    return InvalidArgument("holidays: year " + std::to_string(year) + " is outside 1900-2200");
  }
  std::vector<Holiday> out;
  if (country == "US") {
    UnitedStates(year, out);
  } else if (country == "GB") {
    GreatBritain(year, out);
  } else if (country == "DE") {
    Germany(year, out);
  } else if (country == "FR") {
    France(year, out);
  } else if (country == "NL") {
    Netherlands(year, out);
  } else if (country == "CA") {
    Canada(year, out);
  } else {
    return InvalidArgument("holidays: no rules for country '" + std::string(country) +
                           "'; expected one of US, GB, DE, FR, NL, CA");
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Holiday& a, const Holiday& b) { return a.day < b.day; });
  return out;
}

}  // namespace mercato::forecast
