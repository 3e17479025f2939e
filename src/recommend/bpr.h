// BPR-MF (Rendle, Freudenthaler, Gantner & Schmidt-Thieme 2009, "BPR: Bayesian Personalized
// Ranking from Implicit Feedback"): user factors p_u, item factors q_i and item biases b_i
// learned by stochastic gradient ascent on ln sigmoid(x_ui - x_uj) - reg (|p_u|^2 + |q_i|^2 +
// |q_j|^2 + b_i^2 + b_j^2), x_ui = p_u . q_i + b_i, over triples (u, i, j): (u, i) an
// interaction drawn uniformly, j an item u never interacted with, drawn uniformly. Each epoch
// draws as many triples as there are interactions, on one thread, so the model depends on the
// data, the config and the seed only (not on the thread count).
#pragma once

#include <memory>

#include "recommend/bytes.h"
#include "recommend/recommender.h"

namespace mercato::recommend {

/// Trains BPR on snapshot.interactions (binary: every interaction is a positive). The model
/// exposes its factors (dimension bpr_factors + 1: the bias rides on a constant user 1), so
/// ForUser is a maximum inner-product search that serving can run approximately. ForItems
/// scores with the mean factors of the distinct context items as the user vector; Related is the
/// cosine of item factors.
/// FailedPrecondition when the factors overflow (a learning rate too large for the data).
Result<std::unique_ptr<Recommender>> TrainBpr(const Snapshot& snapshot,
                                              const RecommendConfig& config);

Result<std::unique_ptr<Recommender>> DeserializeBpr(ByteReader& reader);

}  // namespace mercato::recommend
