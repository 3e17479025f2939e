// Time zones: fixed offsets parsed here; IANA zones read through glibc (TZ and localtime_r), which
// reads the system's tz database, sampled once per zone into its periods of constant offset.
#include "common/time_zone.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <mutex>
#include <optional>

#include "common/text.h"

namespace mercato {
namespace {

constexpr std::string_view kZoneInfo = "/usr/share/zoneinfo";
// Zones are sampled over these years (a store's data falls within them); before and after, the
// offsets of the ends apply.
constexpr int kFirstYear = 1950, kLastYear = 2100;

// "-04:00", "-0400", "+05:30", "-4", "+10" (with "UTC" or "GMT" before them, or nothing).
std::optional<int64_t> ParseFixedOffset(std::string_view text) {
  for (std::string_view prefix : {"UTC", "GMT"}) {
    if (text.substr(0, prefix.size()) == prefix) text.remove_prefix(prefix.size());
  }
  if (text.empty()) return 0;
  if (text[0] != '+' && text[0] != '-') return std::nullopt;
  const int64_t sign = text[0] == '-' ? -1 : 1;
  text.remove_prefix(1);
  std::string digits;
  for (char ch : text) {
    if (ch >= '0' && ch <= '9') {
      digits += ch;
    } else if (ch != ':' || digits.empty()) {
      return std::nullopt;
    }
  }
  const size_t colon = text.find(':');
  int64_t hours = 0, minutes = 0;
  if (colon != std::string_view::npos) {
    if (colon == 0 || colon > 2 || text.size() - colon - 1 != 2) return std::nullopt;
    hours = std::stoll(digits.substr(0, colon));
    minutes = std::stoll(digits.substr(colon));
  } else if (digits.size() == 1 || digits.size() == 2) {
    hours = std::stoll(digits);
  } else if (digits.size() == 4) {
    hours = std::stoll(digits.substr(0, 2));
    minutes = std::stoll(digits.substr(2));
  } else {
    return std::nullopt;
  }
  if (hours > 14 || minutes > 59) return std::nullopt;
  return sign * (hours * 3600 + minutes * 60);
}

// Whether `name` is a zone of the tz database: a relative path of letters, digits and "_-+/"
// naming a file there (no "..", so nothing outside it is read).
bool IsKnownZone(std::string_view name) {
  if (name.empty() || name.front() == '/' || name.find("..") != std::string_view::npos) {
    return false;
  }
  for (char ch : name) {
    const bool alnum =
        (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
    if (!alnum && ch != '_' && ch != '-' && ch != '+' && ch != '/') return false;
  }
  std::error_code ec;
  return std::filesystem::is_regular_file(std::string(kZoneInfo) + "/" + std::string(name), ec);
}

// glibc reads zones only through the TZ variable: set it for the span of a few calls, under a
// lock, and restore it.
class ZoneScope {
 public:
  explicit ZoneScope(const std::string& zone) : lock_(Mutex()) {
    if (const char* old = std::getenv("TZ")) old_ = old;
    setenv("TZ", (":" + zone).c_str(), 1);
    tzset();
  }
  ~ZoneScope() {
    if (old_) {
      setenv("TZ", old_->c_str(), 1);
    } else {
      unsetenv("TZ");
    }
    tzset();
  }
  ZoneScope(const ZoneScope&) = delete;
  ZoneScope& operator=(const ZoneScope&) = delete;

  int64_t OffsetAt(Timestamp utc) const {
    const time_t t = static_cast<time_t>(utc);
    tm local{};
    localtime_r(&t, &local);
    return local.tm_gmtoff;
  }

 private:
  static std::mutex& Mutex() {
    static std::mutex mu;
    return mu;
  }
  std::lock_guard<std::mutex> lock_;
  std::optional<std::string> old_;
};

// The periods of constant offset of `zone`: sampled every 6 hours (no zone changes its offset
// twice within 6 hours), each change then located to the second by bisection.
std::vector<std::pair<Timestamp, int64_t>> SamplePeriods(const std::string& zone) {
  const ZoneScope scope(zone);
  constexpr int64_t kStep = 6 * 3600;
  const Timestamp first = DaysFromCivil(kFirstYear, 1, 1) * kSecondsPerDay;
  const Timestamp last = DaysFromCivil(kLastYear, 1, 1) * kSecondsPerDay;
  std::vector<std::pair<Timestamp, int64_t>> periods{{first, scope.OffsetAt(first)}};
  for (Timestamp t = first; t < last; t += kStep) {
    const int64_t next = scope.OffsetAt(t + kStep);
    if (next == periods.back().second) continue;
    Timestamp lo = t, hi = t + kStep;  // offset at lo is the old one, at hi the new one
    while (hi - lo > 1) {
      const Timestamp mid = lo + (hi - lo) / 2;
      (scope.OffsetAt(mid) == next ? hi : lo) = mid;
    }
    periods.emplace_back(hi, next);
  }
  return periods;
}

}  // namespace

std::string OffsetName(int64_t seconds_east) {
  if (seconds_east == 0) return "UTC";
  const int64_t a = seconds_east < 0 ? -seconds_east : seconds_east;
  char buf[16];
  std::snprintf(buf, sizeof buf, "UTC%c%02d:%02d", seconds_east < 0 ? '-' : '+',
                static_cast<int>(a / 3600), static_cast<int>(a % 3600 / 60));
  return buf;
}

TimeZone::TimeZone() : name_("UTC"), periods_{{0, 0}} {}

TimeZone TimeZone::FixedOffset(int64_t seconds_east) {
  TimeZone zone;
  zone.name_ = OffsetName(seconds_east);
  zone.periods_ = {{0, seconds_east}};
  return zone;
}

Result<TimeZone> TimeZone::Parse(std::string_view text) {
  const std::string_view t = Trim(text);
  if (t == "Z") return TimeZone();
  if (!t.empty()) {
    if (const std::optional<int64_t> offset = ParseFixedOffset(t)) return FixedOffset(*offset);
  }
  if (!IsKnownZone(t)) {
    return InvalidArgument("expected a time zone: an IANA name such as America/New_York (one of " +
                           std::string(kZoneInfo) +
                           "), UTC, or a fixed offset such as -04:00, got '" + Excerpt(t) + "'");
  }
  TimeZone zone;
  zone.name_ = std::string(t);
  zone.periods_ = SamplePeriods(zone.name_);
  return zone;
}

int64_t TimeZone::OffsetAt(Timestamp utc) const {
  auto it = std::upper_bound(periods_.begin(), periods_.end(), utc,
                             [](Timestamp t, const auto& p) { return t < p.first; });
  return it == periods_.begin() ? periods_.front().second : std::prev(it)->second;
}

Timestamp TimeZone::ToUtc(Timestamp clock) const {
  // The offsets in effect a day either side: at most one change falls between them.
  const int64_t before = OffsetAt(clock - kSecondsPerDay);
  const int64_t after = OffsetAt(clock + kSecondsPerDay);
  for (int64_t offset : {before, after}) {
    if (OffsetAt(clock - offset) == offset) return clock - offset;
  }
  return clock - before;  // skipped by the clocks
}

}  // namespace mercato
