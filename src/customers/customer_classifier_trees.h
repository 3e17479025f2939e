// The boosted-tree settings shared by the customer classifiers (VIP, lapse).
#pragma once

#include "numeric/boosted_trees.h"

namespace mercato::customers {

/// Shallow, slowly learned trees with strong row and column sampling, since training sets are
/// hundreds to a few thousand customers; picked among five such settings by VIP's AUC on the UCI
/// Online Retail time splits.
inline constexpr BoostedTreesParams kCustomerClassifierTrees = {
    .objective = BoostedObjective::kBinaryLogistic,
    .rounds = 800,
    .max_depth = 2,
    .eta = 0.01,
    .subsample = 0.7,
    .colsample = 0.5,
    .min_child_weight = 5.0,
    .lambda = 1.0,
    .seed = 42,
    .nthread = 1};

}  // namespace mercato::customers
