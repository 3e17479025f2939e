// The JSON of an Analysis, written once for the CLI's --json, the API and the dashboard.
#pragma once

#include <nlohmann/json.hpp>

#include "experiment/analysis.h"

namespace mercato::experiment {

/// Keys are the field names of Analysis, SrmCheck and MetricResult (snake_case). A figure that
/// is not defined (too few units, a zero control value) is null.
nlohmann::json AnalysisJson(const Analysis& analysis);

}  // namespace mercato::experiment
