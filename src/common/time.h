// Timestamps (seconds since the Unix epoch, UTC), calendar days and ISO weeks; parsing of the
// date formats that store exports use.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

namespace mercato {

/// Seconds since 1970-01-01T00:00:00Z.
using Timestamp = int64_t;

constexpr int64_t kSecondsPerDay = 86400;

/// Days since 1970-01-01 of a proleptic Gregorian date.
int64_t DaysFromCivil(int year, int month, int day);

struct CivilDate {
  int year;
  int month;
  int day;
};
CivilDate CivilFromDays(int64_t days);

/// Day index (days since epoch, floor) of a timestamp.
int64_t DayOf(Timestamp ts);
/// Week index of a timestamp: weeks since Monday 1970-01-05 (floor); weeks start on Monday.
int64_t WeekOf(Timestamp ts);
/// Timestamp of the Monday 00:00 UTC that starts week `week`.
Timestamp WeekStart(int64_t week);

/// Parses, in UTC unless an offset is given:
///   2024-01-31, 2024-01-31 13:45[:07[.123]], 2024-01-31T13:45:07Z, 2024-01-31T13:45:07+01:00,
///   2024-01-31 13:45:07 -0500 (Shopify), US-style 1/31/2024[ 13:45[:07]], compact 20240131,
///   and epoch seconds (9-10 digits) or milliseconds (13 digits).
/// Fails with a message saying what was expected.
Result<Timestamp> ParseTimestamp(std::string_view text);

/// A timestamp as its text writes it: the date and time of day on its clock (seconds since the
/// epoch as if that clock were UTC) and the UTC offset the text names, if any.
struct WrittenTimestamp {
  Timestamp clock = 0;
  bool has_offset = false;  // "Z", "UTC", "+01:00", "-0500"; epoch numbers count as UTC
  int64_t offset = 0;       // seconds east of UTC, when has_offset
  Timestamp Utc() const { return clock - offset; }
};

/// Parses what ParseTimestamp parses, keeping whether the text named its offset (a timestamp
/// without one is local time in some zone: common/time_zone.h).
Result<WrittenTimestamp> ParseWrittenTimestamp(std::string_view text);

/// A span of days written as "7d", "2w" or "7" (days); at most 100,000 days. Fails with a
/// message saying what was expected.
Result<int64_t> ParseDays(std::string_view text);

/// 2024-01-31T13:45:07Z
std::string FormatTimestamp(Timestamp ts);
/// 2024-01-31
std::string FormatDay(int64_t day);

}  // namespace mercato
