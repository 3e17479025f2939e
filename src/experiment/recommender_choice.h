// What a variant of a recommendations experiment serves, read from its config's "recommender":
// the trained models (no key), the store's popular items ("popularity"), or nothing ("none", a
// holdout). Checked when the experiment is defined, so serving never meets an unknown value.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "common/status.h"

namespace mercato::experiment {

enum class RecommenderChoice { kModels, kPopularity, kNone };

/// The choice a variant's `config` makes: kModels without a "recommender" key, kPopularity for
/// "popularity", kNone for "none". Any other value is InvalidArgument naming `field` (the
/// config's path, e.g. "variants[0].config") and the values expected.
Result<RecommenderChoice> ReadRecommenderChoice(const nlohmann::json& config,
                                                std::string_view field);

}  // namespace mercato::experiment
