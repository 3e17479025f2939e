// A store's time zone, for reading timestamps written without a UTC offset: a fixed offset
// ("-04:00") or an IANA zone ("America/New_York") from the system's tz database, daylight saving
// time included.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "common/time.h"

namespace mercato {

class TimeZone {
 public:
  /// UTC.
  TimeZone();
  /// A fixed offset, seconds east of UTC; named like "UTC-04:00".
  static TimeZone FixedOffset(int64_t seconds_east);
  /// "UTC", "Z", a fixed offset ("-04:00", "-0400", "+05:30", "UTC+2") or an IANA zone name the
  /// system's tz database holds (America/New_York; /usr/share/zoneinfo, Debian's tzdata). Anything
  /// else is an InvalidArgument error saying what was expected.
  static Result<TimeZone> Parse(std::string_view text);

  /// The zone as given ("America/New_York") or its offset ("UTC-04:00", "UTC").
  const std::string& name() const { return name_; }
  /// Offset from UTC, in seconds east, in effect at the instant `utc`.
  int64_t OffsetAt(Timestamp utc) const;
  /// The instant at which the zone's clocks show `clock` (a wall-clock time counted in seconds
  /// since the epoch as if it were UTC). A time the clocks skip (spring forward) is read with the
  /// offset before the change, as mktime does (2:30 becomes 3:30 daylight time); a time they show
  /// twice (fall back) is the first of the two.
  Timestamp ToUtc(Timestamp clock) const;

 private:
  std::string name_;
  // (first instant, offset) of each period of constant offset, ascending; the first period also
  // applies before its instant.
  std::vector<std::pair<Timestamp, int64_t>> periods_;
};

/// "UTC", "UTC+05:30", "UTC-04:00": how a fixed offset is named.
std::string OffsetName(int64_t seconds_east);

}  // namespace mercato
