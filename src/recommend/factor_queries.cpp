// Cosine neighbours and closest-anchor reasons over item factor rows.
#include "recommend/factor_queries.h"

#include <cmath>
#include <limits>

#include "recommend/ranking.h"

namespace mercato::recommend {
namespace {

float FactorDot(std::span<const float> a, std::span<const float> b) {
  float sum = 0.0f;
  for (size_t d = 0; d < a.size(); ++d) sum += a[d] * b[d];
  return sum;
}

}  // namespace

std::vector<float> FactorNorms(const FactorRows& factors) {
  std::vector<float> norms(static_cast<size_t>(factors.rows()));
  for (int32_t r = 0; r < factors.rows(); ++r) {
    norms[static_cast<size_t>(r)] = std::sqrt(FactorDot(factors.Row(r), factors.Row(r)));
  }
  return norms;
}

std::vector<ScoredItem> RelatedByCosine(const FactorRows& factors, std::span<const float> norms,
                                        int32_t item, int k) {
  constexpr float kNoScore = -std::numeric_limits<float>::infinity();
  const int32_t n = factors.rows();
  if (item < 0 || item >= n || !(norms[static_cast<size_t>(item)] > 0)) return {};
  const std::span<const float> anchor = factors.Row(item);
  std::vector<float> scores(static_cast<size_t>(n), kNoScore);
  for (int32_t j = 0; j < n; ++j) {
    const float norm = norms[static_cast<size_t>(j)];
    if (j == item || !(norm > 0)) continue;
    scores[static_cast<size_t>(j)] =
        FactorDot(factors.Row(j), anchor) / (norm * norms[static_cast<size_t>(item)]);
  }
  std::vector<ScoredItem> top = TopK(scores, k, kNoScore);
  for (ScoredItem& t : top) t.reason = {ReasonKind::kViewedTogether, item, 0, -1};
  return top;
}

void ExplainByClosestAnchor(const FactorRows& factors, std::span<const ContextItem> anchors,
                            std::span<ScoredItem> items) {
  for (ScoredItem& t : items) {
    const ContextItem* best = &anchors.front();
    float best_dot = -std::numeric_limits<float>::infinity();
    for (const ContextItem& a : anchors) {
      const float d = FactorDot(factors.Row(a.item), factors.Row(t.item));
      if (d > best_dot) {
        best_dot = d;
        best = &a;
      }
    }
    t.reason = {best->event == ContextEvent::kView ? ReasonKind::kBecauseYouViewed
                                                   : ReasonKind::kPersonalized,
                best->item, 0, -1};
  }
}

}  // namespace mercato::recommend
