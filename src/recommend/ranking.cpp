// Top-k by a bounded heap: O(n log k) over the dense scores.
#include "recommend/ranking.h"

#include <algorithm>

namespace mercato::recommend {

std::vector<ScoredItem> TopK(std::span<const float> scores, int k, float min_score) {
  std::vector<ScoredItem> heap;  // worst of the kept on top
  if (k <= 0) return heap;
  const size_t cap = static_cast<size_t>(k);
  heap.reserve(std::min(cap, scores.size()));
  for (size_t i = 0; i < scores.size(); ++i) {
    const float s = scores[i];
    if (!(s > min_score)) continue;
    const ScoredItem candidate{static_cast<int32_t>(i), s, {}};
    if (heap.size() < cap) {
      heap.push_back(candidate);
      std::push_heap(heap.begin(), heap.end(), RanksBefore);
    } else if (RanksBefore(candidate, heap.front())) {
      std::pop_heap(heap.begin(), heap.end(), RanksBefore);
      heap.back() = candidate;
      std::push_heap(heap.begin(), heap.end(), RanksBefore);
    }
  }
  std::sort(heap.begin(), heap.end(), RanksBefore);
  return heap;
}

}  // namespace mercato::recommend
