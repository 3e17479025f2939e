// Weighted sampling from a set whose weights change: a Fenwick tree with O(log n) update and draw.
#pragma once

#include <cstddef>
#include <vector>

namespace mercato::synth {

class WeightedSampler {
 public:
  explicit WeightedSampler(const std::vector<double>& weights);

  void Set(size_t i, double weight);
  double Total() const { return total_; }
  /// Index drawn with probability weight / Total(), given u uniform on [0, 1).
  size_t Sample(double u) const;

 private:
  std::vector<double> tree_;  // 1-based Fenwick sums
  std::vector<double> weights_;
  double total_ = 0;
  size_t top_bit_ = 0;
};

}  // namespace mercato::synth
