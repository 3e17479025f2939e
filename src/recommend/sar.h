// SAR (Smart Adaptive Recommendations): item-item similarity from customer co-occurrence
// (Jaccard, lift, cosine or raw counts) times each customer's time-decayed affinity.
#pragma once

#include <memory>

#include "recommend/bytes.h"
#include "recommend/recommender.h"

namespace mercato::recommend {

/// Trains SAR: affinity a(u, j) = value(u, j) * 2^(-age / half-life) with age from the
/// snapshot's last time to the latest interaction; score(u, i) = sum_j a(u, j) * sim(j, i) over
/// the `sar_neighbours` most similar items of each j.
std::unique_ptr<Recommender> TrainSar(const Snapshot& snapshot, const RecommendConfig& config);

Result<std::unique_ptr<Recommender>> DeserializeSar(ByteReader& reader);

}  // namespace mercato::recommend
