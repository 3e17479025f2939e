// Top-k by a bounded heap: O(n log k) over the dense scores.
#include "recommend/ranking.h"

#include <algorithm>

namespace mercato::recommend {

std::vector<ScoredItem> TopK(std::span<const float> scores, int k, float min_score) {
  std::vector<ScoredItem> heap;  // worst of the kept on top
  if (k <= 0) return heap;
  const size_t cap = static_cast<size_t>(k);
  heap.reserve(std::min(cap, scores.size()));
  // A lambda, not the function itself, so the heap and the sort inline the comparison.
  const auto ranks_before = [](const ScoredItem& a, const ScoredItem& b) {
    return RanksBefore(a, b);
  };
  for (size_t i = 0; i < scores.size(); ++i) {
    const float s = scores[i];
    if (!(s > min_score)) continue;
    if (heap.size() < cap) {
      heap.push_back({static_cast<int32_t>(i), s, {}});
      std::push_heap(heap.begin(), heap.end(), ranks_before);
    } else if (s > heap.front().score) {
      // Items come in ascending id order, so one that does not score above the worst kept
      // ranks after it (a tie goes to the lower id, already kept).
      std::pop_heap(heap.begin(), heap.end(), ranks_before);
      heap.back() = {static_cast<int32_t>(i), s, {}};
      std::push_heap(heap.begin(), heap.end(), ranks_before);
    }
  }
  std::sort(heap.begin(), heap.end(), ranks_before);
  return heap;
}

}  // namespace mercato::recommend
