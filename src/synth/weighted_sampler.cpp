// Fenwick-tree weighted sampler.
#include "synth/weighted_sampler.h"

#include <algorithm>

namespace mercato::synth {

WeightedSampler::WeightedSampler(const std::vector<double>& weights)
    : tree_(weights.size() + 1, 0.0), weights_(weights.size(), 0.0) {
  top_bit_ = 1;
  while (top_bit_ * 2 <= weights.size()) top_bit_ *= 2;
  for (size_t i = 0; i < weights.size(); ++i) Set(i, weights[i]);
}

void WeightedSampler::Set(size_t i, double weight) {
  const double delta = weight - weights_[i];
  weights_[i] = weight;
  total_ += delta;
  for (size_t j = i + 1; j < tree_.size(); j += j & (~j + 1)) tree_[j] += delta;
}

size_t WeightedSampler::Sample(double u) const {
  double target = u * total_;
  size_t pos = 0;
  for (size_t step = top_bit_; step > 0; step /= 2) {
    if (pos + step < tree_.size() && tree_[pos + step] <= target) {
      pos += step;
      target -= tree_[pos];
    }
  }
  return std::min(pos, weights_.size() - 1);
}

}  // namespace mercato::synth
