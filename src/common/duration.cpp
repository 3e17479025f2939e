// Parsing "30m"-style durations.
#include "common/duration.h"

#include <string>

#include "common/text.h"

namespace mercato {

Result<int64_t> ParseDuration(std::string_view text, std::string_view what) {
  const auto bad = [&] {
    return InvalidArgument((what.empty() ? "" : std::string(what) + ": ") +
                           "expected a duration such as 30s, 30m, 6h or 1d (0: none), got '" +
                           std::string(text) + "'");
  };
  if (text == "0") return int64_t{0};
  if (text.size() < 2) return bad();
  int64_t unit = 0;
  switch (text.back()) {
    case 's':
      unit = 1;
      break;
    case 'm':
      unit = 60;
      break;
    case 'h':
      unit = 3600;
      break;
    case 'd':
      unit = 86400;
      break;
    default:
      return bad();
  }
  const std::string_view number = text.substr(0, text.size() - 1);
  for (char c : number) {
    if (c < '0' || c > '9') return bad();
  }
  Result<int64_t> n = ParseInt(number);
  constexpr int64_t kTenYears = int64_t{3650} * 86400;
  if (!n.ok() || *n > kTenYears / unit) return bad();
  return *n * unit;
}

}  // namespace mercato
