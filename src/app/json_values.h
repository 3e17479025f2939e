// Small JSON value helpers the dashboard's answers share: figures rounded to 4 decimals, and
// times that may be unknown.
#pragma once

#include <cmath>
#include <nlohmann/json.hpp>
#include <optional>

#include "common/time.h"

namespace mercato::app {

/// `v` rounded to 4 decimals (rates and probabilities in the dashboard's JSON).
inline double Round4(double v) { return std::round(v * 1e4) / 1e4; }

/// `t` as ISO-8601 UTC, null when unknown.
inline nlohmann::ordered_json TimeOrNull(std::optional<Timestamp> t) {
  return t ? nlohmann::ordered_json(FormatTimestamp(*t)) : nlohmann::ordered_json(nullptr);
}

}  // namespace mercato::app
