// Queries shared by the latent-factor models (ALS, BPR): items related by the cosine of their
// factors, and reasons naming the anchor whose factors are closest to a recommended item's.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "recommend/recommender.h"

namespace mercato::recommend {

/// Row-major item factors: rows of `stride` floats, of which the first `dim` are compared (a
/// model may keep a bias after them).
struct FactorRows {
  std::span<const float> data;
  int32_t stride = 0;
  int32_t dim = 0;

  int32_t rows() const { return stride > 0 ? static_cast<int32_t>(data.size() / stride) : 0; }
  std::span<const float> Row(int32_t r) const {
    return data.subspan(static_cast<size_t>(r) * static_cast<size_t>(stride),
                        static_cast<size_t>(dim));
  }
};

/// Per row, the Euclidean norm of its first `dim` values.
std::vector<float> FactorNorms(const FactorRows& factors);

/// The k items whose factors have the largest cosine with `item`'s (the item itself and items
/// with zero factors left out), reason kViewedTogether anchored on `item` with count 0; empty
/// for an id outside the rows or an item with zero factors. `norms` is FactorNorms(factors).
std::vector<ScoredItem> RelatedByCosine(const FactorRows& factors, std::span<const float> norms,
                                        int32_t item, int k);

/// Sets each item's reason to the anchor whose factors have the largest inner product with the
/// item's: kBecauseYouViewed when that anchor was viewed, else kPersonalized, count 0. Anchors
/// must be non-empty with ids inside the rows.
void ExplainByClosestAnchor(const FactorRows& factors, std::span<const ContextItem> anchors,
                            std::span<ScoredItem> items);

}  // namespace mercato::recommend
