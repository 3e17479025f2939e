// Assignment by XXH3: one 64-bit hash of the unit seeded by the salt gives both the traffic
// bucket (high half) and the variant position (low half); layers hash the unit with the layer.
#include "experiment/assignment.h"

#include <xxhash.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "common/text.h"

namespace mercato::experiment {
namespace {

uint64_t SeedOf(std::string_view text) { return XXH3_64bits(text.data(), text.size()); }

uint64_t HashUnit(std::string_view unit, uint64_t seed) {
  return XXH3_64bits_withSeed(unit.data(), unit.size(), seed);
}

int32_t BucketOf(uint64_t hash_half) {
  return static_cast<int32_t>(hash_half % static_cast<uint64_t>(kBuckets));
}

}  // namespace

int32_t BucketsForTraffic(double traffic) {
  return std::clamp(static_cast<int32_t>(std::lround(traffic * kBuckets)), 1, kBuckets);
}

Assigner::Assigner(AssignmentSpec spec) : spec_(std::move(spec)) {
  salt_seed_ = SeedOf(spec_.salt);
  layer_seed_ = SeedOf(spec_.layer);
  traffic_buckets_ = BucketsForTraffic(spec_.traffic);
  double sum = 0;
  for (size_t i = 0; i < spec_.weights.size(); ++i) {
    sum += spec_.weights[i];
    // The last bound is exactly 2^32 so every position falls in some variant.
    cumulative_.push_back(i + 1 == spec_.weights.size()
                              ? (uint64_t{1} << 32)
                              : static_cast<uint64_t>(std::llround(sum * 4294967296.0)));
  }
}

Result<Assigner> Assigner::Create(AssignmentSpec spec) {
  if (spec.salt.empty()) return InvalidArgument("salt: expected a non-empty string");
  if (!(spec.traffic > 0 && spec.traffic <= 1)) {
    return InvalidArgument("traffic: expected a share in (0, 1], got " + FormatReal(spec.traffic));
  }
  if (spec.weights.size() < 2) {
    return InvalidArgument("variants: expected at least 2 variants, got " +
                           std::to_string(spec.weights.size()));
  }
  double sum = 0;
  for (size_t i = 0; i < spec.weights.size(); ++i) {
    if (!(spec.weights[i] > 0)) {
      return InvalidArgument("variants[" + std::to_string(i) +
                             "].weight: expected a number > 0, got " + FormatReal(spec.weights[i]));
    }
    sum += spec.weights[i];
  }
  if (std::abs(sum - 1) > 1e-9) {
    return InvalidArgument("variants: weights must sum to 1, they sum to " + FormatReal(sum));
  }
  if (!spec.layer.empty()) {
    const BucketRange r = spec.layer_buckets;
    if (r.begin < 0 || r.end > kBuckets || r.begin >= r.end) {
      return InvalidArgument(
          "layer_buckets: expected 0 <= begin < end <= " + std::to_string(kBuckets) + ", got [" +
          std::to_string(r.begin) + ", " + std::to_string(r.end) + ")");
    }
  }
  return Assigner(std::move(spec));
}

int32_t Assigner::TrafficBucket(std::string_view unit) const {
  return BucketOf(HashUnit(unit, salt_seed_) >> 32);
}

int32_t Assigner::LayerBucket(std::string_view unit) const {
  return BucketOf(HashUnit(unit, layer_seed_) >> 32);
}

Assignment Assigner::Assign(std::string_view unit, std::string_view segment) const {
  Assignment out;
  if (!spec_.segments.empty() &&
      std::find(spec_.segments.begin(), spec_.segments.end(), segment) == spec_.segments.end()) {
    return out;
  }
  const uint64_t hash = HashUnit(unit, salt_seed_);
  if (spec_.layer.empty()) {
    if (BucketOf(hash >> 32) >= traffic_buckets_) return out;
  } else {
    const int32_t bucket = LayerBucket(unit);
    if (bucket < spec_.layer_buckets.begin || bucket >= spec_.layer_buckets.end) return out;
  }
  const uint64_t position = hash & 0xffffffffu;
  const auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), position);
  out.in_experiment = true;
  out.variant =
      static_cast<int32_t>(std::min<size_t>(it - cumulative_.begin(), cumulative_.size() - 1));
  return out;
}

Result<BucketRange> AllocateLayerBuckets(std::string_view layer, std::vector<BucketRange> taken,
                                         int32_t width) {
  std::sort(taken.begin(), taken.end(),
            [](const BucketRange& a, const BucketRange& b) { return a.begin < b.begin; });
  int32_t start = 0;
  int32_t free_total = 0;
  for (const BucketRange& r : taken) {
    if (r.begin - start >= width) return BucketRange{start, start + width};
    free_total += std::max(0, r.begin - start);
    start = std::max(start, r.end);
  }
  if (kBuckets - start >= width) return BucketRange{start, start + width};
  free_total += std::max(0, kBuckets - start);
  return FailedPrecondition(
      "layer '" + std::string(layer) + "' is full: the experiment needs " + std::to_string(width) +
      " of " + std::to_string(kBuckets) + " buckets but its largest free range is smaller (" +
      std::to_string(free_total) +
      " buckets free in all); lower the traffic, stop an experiment of the layer, or use another "
      "layer");
}

}  // namespace mercato::experiment
