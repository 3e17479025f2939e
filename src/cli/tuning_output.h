// The tuning record printed by `mercato train recommend` and `mercato eval recommend`.
#pragma once

#include "recommend/tuning.h"

namespace mercato::cli {

/// Prints why the defaults were kept, or the values chosen per model with their validation
/// figures and how many settings were tried.
void PrintTuning(const recommend::Tuning& tuning);

}  // namespace mercato::cli
