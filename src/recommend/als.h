// Implicit-feedback matrix factorization (Hu, Koren & Volinsky 2008): confidence
// c = 1 + alpha * r on every observed interaction, preference 1 there and 0 elsewhere, solved by
// alternating least squares with a few warm-started conjugate-gradient steps per row
// (Takács, Pilászy & Tikk 2011), rows in parallel with OpenMP.
#pragma once

#include <memory>

#include "recommend/bytes.h"
#include "recommend/recommender.h"

namespace mercato::recommend {

/// Trains ALS on snapshot.interactions (value = r).
std::unique_ptr<Recommender> TrainAls(const Snapshot& snapshot, const RecommendConfig& config);

Result<std::unique_ptr<Recommender>> DeserializeAls(ByteReader& reader);

/// Floating-point operations of one training run (for GFLOP/s): per sweep the Gram matrix
/// (2 n f^2) and per row the residual and each CG step (2 f^2 + 4 f nnz(row) + 10 f).
double AlsTrainingFlops(int64_t users, int64_t items, int64_t nnz, const RecommendConfig& config);

}  // namespace mercato::recommend
