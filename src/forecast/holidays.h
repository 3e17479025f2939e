// Public holidays of a few countries computed by rule (fixed dates, Easter-based, n-th weekday),
// for the holiday covariates of the demand models.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace mercato::forecast {

struct Holiday {
  int64_t day = 0;  // days since 1970-01-01
  std::string name;
};

/// Countries with holiday rules (ISO 3166-1 alpha-2): US, GB, DE, FR, NL, CA.
const std::vector<std::string>& HolidayCountries();

/// Day (since epoch) of Western (Gregorian) Easter Sunday of `year`.
int64_t EasterSunday(int year);

/// Day of the n-th (1-based) `weekday` (0 = Monday … 6 = Sunday) of month `month` of `year`;
/// n = -1 is the last one.
int64_t NthWeekday(int year, int month, int weekday, int n);

/// Nationwide public holidays of `country` in `year`, by date. Each holiday is listed on its own
/// date: weekend substitute days are not added. GB is England and Wales; CA the federal
/// statutory holidays plus Boxing Day; NL includes Easter and Whit Sunday and Good Friday.
/// InvalidArgument for a country without rules or a year outside 1900–2200.
Result<std::vector<Holiday>> HolidaysOf(std::string_view country, int year);

}  // namespace mercato::forecast
