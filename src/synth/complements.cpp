// Draws the complementary pairs.
#include "synth/complements.h"

#include <algorithm>

namespace mercato::synth {

std::string_view DelayKindName(DelayKind k) {
  static constexpr std::string_view kNames[] = {"same_basket", "week", "month"};
  return kNames[static_cast<size_t>(k)];
}

Complements::Complements(const Catalog& catalog, int64_t count, Rng& rng)
    : by_a_(catalog.skus.size(), -1) {
  // Candidates for A: the more popular half of each subcategory.
  std::vector<uint32_t> candidates;
  for (const Subcategory& sc : catalog.subcats) {
    for (uint32_t k : sc.skus) {
      if (catalog.skus[k].popularity * static_cast<double>(sc.skus.size()) >= 2.0) {
        candidates.push_back(k);
      }
    }
  }
  std::vector<bool> used(catalog.skus.size(), false);
  for (int64_t tries = 0; static_cast<int64_t>(pairs_.size()) < count && tries < count * 20;
       ++tries) {
    if (candidates.empty()) break;
    const uint32_t a = candidates[rng.Index(candidates.size())];
    const uint32_t b = static_cast<uint32_t>(rng.Index(catalog.skus.size()));
    if (used[a] || used[b] || catalog.skus[a].subcat == catalog.skus[b].subcat) continue;
    ComplementPair p;
    p.a = a;
    p.b = b;
    p.probability = rng.Uniform(0.3, 0.6);
    p.kind = static_cast<DelayKind>(rng.Index(3));
    if (p.kind == DelayKind::kWeek) {
      p.mean_days = 7;
      p.sd_days = 2;
    } else if (p.kind == DelayKind::kMonth) {
      p.mean_days = 30;
      p.sd_days = 6;
    }
    used[a] = used[b] = true;
    by_a_[a] = static_cast<int32_t>(pairs_.size());
    pairs_.push_back(p);
  }
}

}  // namespace mercato::synth
