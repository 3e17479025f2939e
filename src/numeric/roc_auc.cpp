// ROC AUC by ranking: sort once, give tied scores their average rank, sum the positives' ranks.
#include "numeric/roc_auc.h"

#include <algorithm>
#include <numeric>
#include <vector>

namespace mercato {

std::optional<double> RocAuc(std::span<const double> scores, std::span<const uint8_t> positive) {
  const size_t n = std::min(scores.size(), positive.size());
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return scores[a] < scores[b]; });
  double positive_rank_sum = 0.0;
  double positives = 0.0;
  for (size_t i = 0; i < n;) {
    size_t j = i;
    while (j < n && scores[order[j]] == scores[order[i]]) ++j;
    const double average_rank = 0.5 * static_cast<double>(i + 1 + j);  // ranks i+1 .. j
    for (size_t k = i; k < j; ++k) {
      if (positive[order[k]]) positive_rank_sum += average_rank, positives += 1.0;
    }
    i = j;
  }
  const double negatives = static_cast<double>(n) - positives;
  if (positives == 0.0 || negatives == 0.0) return std::nullopt;
  return (positive_rank_sum - positives * (positives + 1.0) / 2.0) / (positives * negatives);
}

}  // namespace mercato
