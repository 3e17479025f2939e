// The record of a per-store tuning run (recommend::Tune) as JSON: the `recommend.tuning` artifact
// `mercato train recommend` writes beside the models, and the `tuning` key of its --json output.
#pragma once

#include <string>
#include <string_view>

#include "recommend/tuning.h"

namespace mercato::serving {

/// Artifact kind of the tuning record.
inline constexpr std::string_view kTuningArtifact = "recommend.tuning";

/// `tuning` as a JSON object: skipped (null or why), validation_days, k, budget_seconds,
/// split_at, validation_users, budget_spent, seconds, chosen (per tuned model that was tried:
/// model, values, recall, ndcg) and trials (model, values, recall, ndcg, hit_rate, seconds, in
/// the order tried); `values` maps each tuned RecommendConfig field to its value.
std::string TuningJson(const recommend::Tuning& tuning);

}  // namespace mercato::serving
