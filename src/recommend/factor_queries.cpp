// Cosine neighbours and closest-anchor reasons over item factor rows.
#include "recommend/factor_queries.h"

// Queries are answered one per thread (serving, the ranker's lists): Eigen stays single-threaded.
#define EIGEN_DONT_PARALLELIZE
#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <limits>

#include "recommend/ranking.h"

namespace mercato::recommend {
namespace {

using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

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
  if (items.empty()) return;
  // Every item's inner product with every anchor as matrix products over blocks of items (the
  // ranker asks for hundreds of items of customers with hundreds of anchors).
  constexpr size_t kBlock = 256;
  const auto dim = static_cast<Eigen::Index>(factors.dim);
  const auto gather = [&factors, dim](auto ids, size_t count) {
    RowMatrix m(static_cast<Eigen::Index>(count), dim);
    for (size_t r = 0; r < count; ++r) {
      const std::span<const float> row = factors.Row(ids(r));
      std::copy(row.begin(), row.end(), m.row(static_cast<Eigen::Index>(r)).data());
    }
    return m;
  };
  const RowMatrix anchor_rows =
      gather([anchors](size_t r) { return anchors[r].item; }, anchors.size());
  for (size_t first = 0; first < items.size(); first += kBlock) {
    const size_t count = std::min(kBlock, items.size() - first);
    const RowMatrix item_rows =
        gather([items, first](size_t r) { return items[first + r].item; }, count);
    const RowMatrix dots = item_rows * anchor_rows.transpose();  // items x anchors
    for (size_t r = 0; r < count; ++r) {
      size_t best = 0;
      float best_dot = -std::numeric_limits<float>::infinity();
      for (size_t a = 0; a < anchors.size(); ++a) {
        const float d = dots(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(a));
        if (d > best_dot) {
          best_dot = d;
          best = a;
        }
      }
      const ContextItem& anchor = anchors[best];
      items[first + r].reason = {anchor.event == ContextEvent::kView ? ReasonKind::kBecauseYouViewed
                                                                     : ReasonKind::kPersonalized,
                                 anchor.item, 0, -1};
    }
  }
}

}  // namespace mercato::recommend
