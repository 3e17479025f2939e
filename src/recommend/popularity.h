// Popularity (all-time buyer counts) and trending (time-decayed counts): the baseline every
// model is measured against and the cold-start fallback for users and items without history.
#pragma once

#include <memory>

#include "recommend/bytes.h"
#include "recommend/recommender.h"

namespace mercato::recommend {

/// Trains kPopularity (count of distinct customers per item) or kTrending (each customer's
/// interaction weighted by 2^(-age / half-life), age from the snapshot's last time).
std::unique_ptr<Recommender> TrainPopularity(ModelKind kind, const Snapshot& snapshot,
                                             const RecommendConfig& config);

/// Reads the body written by the popularity model's Serialize (after the kind tag).
Result<std::unique_ptr<Recommender>> DeserializePopularity(ModelKind kind, ByteReader& reader);

}  // namespace mercato::recommend
