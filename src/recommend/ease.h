// EASE (Steck 2019, "Embarrassingly Shallow Autoencoders for Sparse Data"): the closed-form
// item-item weights B = I - P diagMat(1 / diag(P)) with P = (X^T X + lambda I)^-1, so that
// diag(B) = 0, over the binary customer x item matrix X (every interaction counts once); a
// customer's scores are x_u B.
//
// Size cap (the sparse approximation): the dense solve runs over the `ease_max_items` items with
// most buyers (ties to the lower id) and needs two n x n float matrices (2 x 4 n^2 bytes: 800 MB
// at the default 10,000) and about 2.3 n^3 flops; items outside it get no weights, are never
// recommended by EASE and lend nothing as anchors (the other models cover that long tail). Each
// item then keeps only its `ease_neighbours` weights largest in magnitude (negative ones
// included), so the model holds items x neighbours weights, not n^2.
#pragma once

#include <memory>

#include "recommend/bytes.h"
#include "recommend/recommender.h"

namespace mercato::recommend {

/// Trains EASE on snapshot.interactions. Reasons: ForUser kBecauseYouBought and ForItems
/// kBecauseYouBought / kBecauseYouViewed (by the anchor's event), Related kViewedTogether, each
/// naming the anchor with the largest contribution and the customers who had both items.
/// FailedPrecondition when the regularized Gram matrix does not factor in single precision.
Result<std::unique_ptr<Recommender>> TrainEase(const Snapshot& snapshot,
                                               const RecommendConfig& config);

Result<std::unique_ptr<Recommender>> DeserializeEase(ByteReader& reader);

}  // namespace mercato::recommend
