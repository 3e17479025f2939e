// Planted complementary pairs (A, B): buying A is followed by buying B with a known probability,
// in the same basket, about a week later or about a month later.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "synth/catalog.h"
#include "synth/random.h"

namespace mercato::synth {

enum class DelayKind : uint8_t { kSameBasket, kWeek, kMonth };
std::string_view DelayKindName(DelayKind k);

struct ComplementPair {
  uint32_t a = 0;
  uint32_t b = 0;
  double probability = 0;
  DelayKind kind = DelayKind::kSameBasket;
  double mean_days = 0;  // gamma delay; 0 for the same basket
  double sd_days = 0;
};

class Complements {
 public:
  /// Draws `count` pairs: A among the more popular SKUs of its subcategory, B in another
  /// subcategory; every SKU is in at most one pair.
  Complements(const Catalog& catalog, int64_t count, Rng& rng);

  /// The pair whose A is `sku`, or null.
  const ComplementPair* ForA(uint32_t sku) const {
    return by_a_[sku] < 0 ? nullptr : &pairs_[by_a_[sku]];
  }
  const std::vector<ComplementPair>& pairs() const { return pairs_; }

 private:
  std::vector<ComplementPair> pairs_;
  std::vector<int32_t> by_a_;
};

}  // namespace mercato::synth
