// Top-k selection shared by every model: descending score, ties by ascending item id.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "recommend/recommender.h"

namespace mercato::recommend {

/// The k best items of a dense score vector among those with a score strictly above
/// `min_score` (NaN never qualifies). Reasons are left default for the caller to fill.
std::vector<ScoredItem> TopK(std::span<const float> scores, int k, float min_score = 0.0f);

/// Whether `a` ranks before `b`: higher score, then lower item id.
inline bool RanksBefore(const ScoredItem& a, const ScoredItem& b) {
  return a.score > b.score || (a.score == b.score && a.item < b.item);
}

}  // namespace mercato::recommend
