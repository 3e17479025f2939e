// Deterministic, sticky assignment of units (customers, sessions, products) to an experiment's
// variants by hashing: traffic allocation, weighted variants, mutually exclusive layers, targeting.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace mercato::experiment {

/// Traffic and layers are allocated in this many buckets (0.01% each).
inline constexpr int32_t kBuckets = 10000;

/// A half-open range [begin, end) of buckets.
struct BucketRange {
  int32_t begin = 0;
  int32_t end = 0;
  int32_t size() const { return end - begin; }
};

/// What assignment reads from an experiment's definition.
struct AssignmentSpec {
  std::string salt;             // hashed with the unit id: a new salt reshuffles every unit
  double traffic = 1.0;         // share of units in the experiment, in (0, 1]
  std::string layer;            // "" = no layer; else experiments of one layer never share a unit
  BucketRange layer_buckets;    // this experiment's buckets of hash(layer, unit); used with a layer
  std::vector<double> weights;  // one per variant, > 0, summing to 1
  std::vector<std::string> segments;  // empty = every unit; else only units in one of them
};

/// Where a unit lands.
struct Assignment {
  bool in_experiment = false;  // false: outside the traffic, the layer range or the segments
  int32_t variant = 0;         // index into the spec's weights; meaningful when in_experiment
};

/// Assigns units under one spec. Construction hashes the salt and the layer once; Assign is
/// allocation-free and thread-safe (const).
class Assigner {
 public:
  /// Checks the spec: a salt, traffic in (0, 1], weights > 0 summing to 1 within 1e-9, a layer
  /// range inside [0, kBuckets) when there is a layer.
  static Result<Assigner> Create(AssignmentSpec spec);

  /// The same unit always gets the same answer for the same spec. `segment` is the unit's
  /// segment (ignored when the spec targets none).
  Assignment Assign(std::string_view unit, std::string_view segment = {}) const;

  /// The bucket of hash(salt, unit) that traffic allocation compares with the traffic share.
  int32_t TrafficBucket(std::string_view unit) const;
  /// The bucket of hash(layer, unit); the same for every experiment of the layer.
  int32_t LayerBucket(std::string_view unit) const;

  const AssignmentSpec& spec() const { return spec_; }

 private:
  explicit Assigner(AssignmentSpec spec);

  AssignmentSpec spec_;
  uint64_t salt_seed_ = 0;
  uint64_t layer_seed_ = 0;
  int32_t traffic_buckets_ = kBuckets;
  std::vector<uint64_t> cumulative_;  // upper bounds of each variant in 2^32 units
};

/// The first free range of `width` buckets in a layer whose experiments hold `taken`; a clear
/// error naming the layer and the free space when none is wide enough.
Result<BucketRange> AllocateLayerBuckets(std::string_view layer, std::vector<BucketRange> taken,
                                         int32_t width);

/// The number of buckets a traffic share takes (rounded to the nearest bucket, at least 1).
int32_t BucketsForTraffic(double traffic);

}  // namespace mercato::experiment
