// Seeded random samplers built only on std::mt19937_64, so output is the same with every standard
// library (the std:: distributions are implementation-defined).
#pragma once

#include <cstdint>
#include <random>
#include <span>

namespace mercato::synth {

class Rng {
 public:
  explicit Rng(uint64_t seed) : engine_(seed) {}

  /// Uniform on [0, 1), 53 random bits.
  double Uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  double Uniform(double lo, double hi) { return lo + (hi - lo) * Uniform(); }
  /// Uniform integer in [0, n); n > 0.
  uint64_t Index(uint64_t n);
  /// Uniform integer in [lo, hi].
  int64_t Int(int64_t lo, int64_t hi) { return lo + static_cast<int64_t>(Index(hi - lo + 1)); }
  bool Bernoulli(double p) { return Uniform() < p; }
  /// Standard normal by Box–Muller (one value per call, no caching).
  double Normal();
  double LogNormal(double mu, double sigma);
  double Exponential(double rate);
  /// Gamma with the given shape and scale (mean shape·scale), Marsaglia–Tsang.
  double Gamma(double shape, double scale);
  /// Gamma with the given mean and standard deviation.
  double GammaMeanSd(double mean, double sd);
  /// Beta(a, b) as X / (X + Y) with X ~ Gamma(a, 1), Y ~ Gamma(b, 1).
  double Beta(double a, double b);
  /// Index drawn with probability proportional to weights[i] (linear scan).
  size_t Categorical(std::span<const double> weights);

 private:
  std::mt19937_64 engine_;
};

}  // namespace mercato::synth
