// The candidate memo's sets, key and prefix.
#include "recommend_serving/candidate_memo.h"

#include <algorithm>
#include <bit>

namespace mercato::serving {

CandidateMemo::CandidateMemo(size_t entries) {
  const size_t sets = std::bit_ceil((std::max<size_t>(entries, 1) + kWays - 1) / kWays);
  sets_ = std::make_unique<Set[]>(sets);
  mask_ = sets - 1;
}

CandidateMemo::Entry* CandidateMemo::Set::Find(uint64_t key) {
  for (Entry& entry : ways) {
    if (entry.filled && entry.key == key) return &entry;
  }
  return nullptr;
}

CandidateMemo::Entry& CandidateMemo::Set::Oldest() {
  Entry* oldest = &ways[0];
  for (Entry& entry : ways) {
    if (!entry.filled) return entry;
    if (entry.last_ask < oldest->last_ask) oldest = &entry;
  }
  return *oldest;
}

uint64_t CandidateMemo::Key(recommend::ModelKind model, int32_t subject) {
  return (static_cast<uint64_t>(model) << 32) | static_cast<uint32_t>(subject);
}

uint64_t CandidateMemo::Mix(uint64_t key) {
  // splitmix64's finaliser: neighbouring ids land in unrelated sets.
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
