// Durations written for people: "30s", "30m", "6h", "2d" (or "0": none), as seconds.
#pragma once

#include <cstdint>
#include <string_view>

#include "common/status.h"

namespace mercato {

/// A whole number followed by s, m, h or d (seconds, minutes, hours, days), or a bare "0", as
/// seconds. `what` (when not empty) names the option in the InvalidArgument for anything else (a
/// negative, fractional or unit-less number, an unknown unit, or more than ten years).
Result<int64_t> ParseDuration(std::string_view text, std::string_view what);

}  // namespace mercato
