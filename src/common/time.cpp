// Calendar arithmetic (civil-from-days after H. Hinnant's published algorithm) and date parsing.
#include "common/time.h"

#include <cstdio>

#include "common/text.h"

namespace mercato {

int64_t DaysFromCivil(int year, int month, int day) {
  const int64_t y = static_cast<int64_t>(year) - (month <= 2 ? 1 : 0);
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t mp = (month + 9) % 12;
  const int64_t doy = (153 * mp + 2) / 5 + day - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

CivilDate CivilFromDays(int64_t days) {
  const int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const int64_t m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<int>(yoe + era * 400 + (m <= 2 ? 1 : 0)), static_cast<int>(m),
          static_cast<int>(d)};
}

namespace {

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// A cursor over the text being parsed.
struct Cursor {
  std::string_view s;
  size_t i = 0;
  bool done() const { return i >= s.size(); }
  char peek() const { return done() ? '\0' : s[i]; }
  bool eat(char c) {
    if (peek() != c) return false;
    ++i;
    return true;
  }
  // Reads between min_digits and max_digits decimal digits.
  bool digits(int min_digits, int max_digits, int* out) {
    int n = 0, v = 0;
    while (n < max_digits && !done() && s[i] >= '0' && s[i] <= '9') {
      v = v * 10 + (s[i] - '0');
      ++i;
      ++n;
    }
    *out = v;
    return n >= min_digits;
  }
};

bool ValidDate(int y, int m, int d) {
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > kDays[m - 1]) return false;
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return !(m == 2 && d == 29 && !leap);
}

// Parses "[ T]HH:MM[:SS[.fff]]" into seconds of the day; absent time is midnight.
bool ParseTimeOfDay(Cursor& c, int64_t* seconds) {
  *seconds = 0;
  if (c.done()) return true;
  if (!c.eat('T') && !c.eat(' ')) return false;
  while (c.eat(' ')) {
  }
  int hh = 0, mm = 0, ss = 0;
  if (!c.digits(1, 2, &hh) || !c.eat(':') || !c.digits(2, 2, &mm)) return false;
  if (c.eat(':') && !c.digits(2, 2, &ss)) return false;
  if (c.eat('.')) {
    int frac = 0;
    if (!c.digits(1, 9, &frac)) return false;
  }
  if (hh > 23 || mm > 59 || ss > 60) return false;
  *seconds = hh * 3600 + mm * 60 + ss;
  return true;
}

// Parses an optional "Z", "+01:00", "+0100", " -0500" or " UTC" into an offset in seconds;
// `named` says whether there was one.
bool ParseOffset(Cursor& c, int64_t* offset, bool* named) {
  *offset = 0;
  *named = false;
  while (c.eat(' ')) {
  }
  if (c.done()) return true;
  *named = true;
  if (c.eat('Z')) return c.done();
  if (c.s.substr(c.i) == "UTC") return true;
  const char sign = c.peek();
  if (sign != '+' && sign != '-') return false;
  ++c.i;
  int hh = 0, mm = 0;
  if (!c.digits(2, 2, &hh)) return false;
  c.eat(':');
  if (!c.done() && !c.digits(2, 2, &mm)) return false;
  if (!c.done() || hh > 14 || mm > 59) return false;
  *offset = (sign == '+' ? 1 : -1) * (hh * 3600 + mm * 60);
  return true;
}

}  // namespace

int64_t DayOf(Timestamp ts) { return FloorDiv(ts, kSecondsPerDay); }

int64_t WeekOf(Timestamp ts) { return FloorDiv(DayOf(ts) - 4, 7); }

Timestamp WeekStart(int64_t week) { return (week * 7 + 4) * kSecondsPerDay; }

Result<Timestamp> ParseTimestamp(std::string_view text) {
  ASSIGN_OR_RETURN(const WrittenTimestamp written, ParseWrittenTimestamp(text));
  return written.Utc();
}

Result<WrittenTimestamp> ParseWrittenTimestamp(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  if (!text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos) {
    int64_t n = 0;
    for (char ch : text.substr(0, 13)) n = n * 10 + (ch - '0');
    if (text.size() == 9 || text.size() == 10) return WrittenTimestamp{n, true, 0};  // seconds
    if (text.size() == 13) return WrittenTimestamp{n / 1000, true, 0};  // epoch milliseconds
  }
  Cursor c{text};
  int y = 0, m = 0, d = 0;
  bool ok = false;
  if (text.size() == 8 && text.find_first_not_of("0123456789") == std::string_view::npos) {
    ok = c.digits(4, 4, &y) && c.digits(2, 2, &m) && c.digits(2, 2, &d);
  } else if (text.find('/') != std::string_view::npos) {
    ok = c.digits(1, 2, &m) && c.eat('/') && c.digits(1, 2, &d) && c.eat('/') && c.digits(4, 4, &y);
  } else {
    ok = c.digits(4, 4, &y) && c.eat('-') && c.digits(2, 2, &m) && c.eat('-') && c.digits(2, 2, &d);
  }
  int64_t tod = 0, offset = 0;
  bool named = false;
  ok = ok && ValidDate(y, m, d) && ParseTimeOfDay(c, &tod) && ParseOffset(c, &offset, &named);
  if (!ok) {
    return InvalidArgument(
        "expected a date like 2024-01-31, 2024-01-31T13:45:00Z, "
        "2024-01-31 13:45:00 -0500 or 1/31/2024 13:45, got '" +
        Excerpt(text) + "'");
  }
  return WrittenTimestamp{DaysFromCivil(y, m, d) * kSecondsPerDay + tod, named, offset};
}

Result<int64_t> ParseDays(std::string_view text) {
  std::string_view t = Trim(text);
  int64_t per_unit = 1;
  if (!t.empty() && (t.back() == 'd' || t.back() == 'w')) {
    per_unit = t.back() == 'w' ? 7 : 1;
    t.remove_suffix(1);
  }
  const Result<int64_t> n = ParseInt(t);
  if (!n.ok() || n.value() < 0 || n.value() * per_unit > 100000) {
    return InvalidArgument("expected a number of days like 7d, 2w or 7, got '" + std::string(text) +
                           "'");
  }
  return n.value() * per_unit;
}

std::string FormatTimestamp(Timestamp ts) {
  const int64_t day = DayOf(ts);
  const int64_t sod = ts - day * kSecondsPerDay;
  const CivilDate c = CivilFromDays(day);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", c.year, c.month, c.day,
                static_cast<int>(sod / 3600), static_cast<int>(sod / 60 % 60),
                static_cast<int>(sod % 60));
  return buf;
}

std::string FormatDay(int64_t day) {
  const CivilDate c = CivilFromDays(day);
  char buf[24];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", c.year, c.month, c.day);
  return buf;
}

}  // namespace mercato
