// The candidate memo's slots, key and prefix.
#include "recommend_serving/candidate_memo.h"

#include <algorithm>
#include <bit>

namespace mercato::serving {

CandidateMemo::CandidateMemo(size_t slots) {
  const size_t size = std::bit_ceil(std::max<size_t>(slots, 1));
  slots_ = std::make_unique<Slot[]>(size);
  mask_ = size - 1;
}

uint64_t CandidateMemo::Key(recommend::ModelKind model, int32_t subject) {
  return (static_cast<uint64_t>(model) << 32) | static_cast<uint32_t>(subject);
}

uint64_t CandidateMemo::Mix(uint64_t key) {
  // splitmix64's finaliser: neighbouring ids land in unrelated slots.
  key ^= key >> 30;
  key *= 0xbf58476d1ce4e5b9ULL;
  key ^= key >> 27;
  key *= 0x94d049bb133111ebULL;
  return key ^ (key >> 31);
}

std::vector<recommend::ScoredItem> CandidateMemo::Prefix(
    const std::vector<recommend::ScoredItem>& all, int n) {
  const size_t count = std::min(all.size(), static_cast<size_t>(std::max(n, 0)));
  return {all.begin(), all.begin() + static_cast<std::ptrdiff_t>(count)};
}

}  // namespace mercato::serving
