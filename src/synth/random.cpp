// Samplers for the synthetic store: Box–Muller normals, Marsaglia–Tsang gammas, betas.
#include "synth/random.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace mercato::synth {

uint64_t Rng::Index(uint64_t n) {
  return std::min(n - 1, static_cast<uint64_t>(Uniform() * static_cast<double>(n)));
}

double Rng::Normal() {
  const double u1 = 1.0 - Uniform();  // (0, 1]
  const double u2 = Uniform();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

double Rng::LogNormal(double mu, double sigma) { return std::exp(mu + sigma * Normal()); }

double Rng::Exponential(double rate) { return -std::log(1.0 - Uniform()) / rate; }

double Rng::Gamma(double shape, double scale) {
  if (shape < 1.0) {
    // Boost: Gamma(a) = Gamma(a + 1) · U^(1/a).
    const double u = 1.0 - Uniform();
    return Gamma(shape + 1.0, scale) * std::pow(u, 1.0 / shape);
  }
  const double d = shape - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  while (true) {
    double x, v;
    do {
      x = Normal();
      v = 1.0 + c * x;
    } while (v <= 0.0);
    v = v * v * v;
    const double u = 1.0 - Uniform();
    if (u < 1.0 - 0.0331 * x * x * x * x) return d * v * scale;
    if (std::log(u) < 0.5 * x * x + d * (1.0 - v + std::log(v))) return d * v * scale;
  }
}

double Rng::GammaMeanSd(double mean, double sd) {
  const double shape = (mean / sd) * (mean / sd);
  return Gamma(shape, mean / shape);
}

double Rng::Beta(double a, double b) {
  const double x = Gamma(a, 1.0);
  const double y = Gamma(b, 1.0);
  return x / (x + y);
}

size_t Rng::Categorical(std::span<const double> weights) {
  double total = 0;
  for (double w : weights) total += w;
  double target = Uniform() * total;
  for (size_t i = 0; i < weights.size(); ++i) {
    if (target < weights[i]) return i;
    target -= weights[i];
  }
  return weights.size() - 1;
}

}  // namespace mercato::synth
