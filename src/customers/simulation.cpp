// Drawing customer summaries from the buy-till-you-die processes with known parameters, for
// tests and benchmarks.
#include "customers/simulation.h"

#include <algorithm>
#include <random>
#include <string>

namespace mercato::customers {
namespace {

double Gamma(std::mt19937_64& rng, double shape, double rate) {
  return std::gamma_distribution<double>(shape, 1.0 / rate)(rng);
}

double Exponential(std::mt19937_64& rng, double rate) {
  return std::exponential_distribution<double>(rate)(rng);
}

// BG/NBD's process; with `dropout_at_start` (MBG/NBD) the customer may also leave at time 0.
std::vector<CustomerSummary> SimulateBetaGeometric(const BgNbdParams& p, int n, double age,
                                                   uint64_t seed, bool dropout_at_start) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::vector<CustomerSummary> out;
  for (int i = 0; i < n; ++i) {
    const double lambda = Gamma(rng, p.r, p.alpha);
    const double ga = Gamma(rng, p.a, 1.0), gb = Gamma(rng, p.b, 1.0);
    const double dropout = ga / (ga + gb);
    CustomerSummary c{std::to_string(i + 1), 0, 0, age, 0};
    const bool gone = dropout_at_start && unit(rng) < dropout;
    for (double t = Exponential(rng, lambda); !gone && t <= age; t += Exponential(rng, lambda)) {
      ++c.frequency;
      c.recency = t;
      if (unit(rng) < dropout) break;
    }
    out.push_back(c);
  }
  return out;
}

}  // namespace

std::vector<CustomerSummary> SimulateBgNbd(const BgNbdParams& p, int n, double age, uint64_t seed) {
  return SimulateBetaGeometric(p, n, age, seed, false);
}

std::vector<CustomerSummary> SimulateMbgNbd(const MbgNbdParams& p, int n, double age,
                                            uint64_t seed) {
  return SimulateBetaGeometric({p.r, p.alpha, p.a, p.b}, n, age, seed, true);
}

std::vector<CustomerSummary> SimulateParetoNbd(const ParetoNbdParams& p, int n, double age,
                                               uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<CustomerSummary> out;
  for (int i = 0; i < n; ++i) {
    const double lambda = Gamma(rng, p.r, p.alpha);
    const double lifetime = Exponential(rng, Gamma(rng, p.s, p.beta));
    CustomerSummary c{std::to_string(i + 1), 0, 0, age, 0};
    const double end = std::min(age, lifetime);
    for (double t = Exponential(rng, lambda); t <= end; t += Exponential(rng, lambda)) {
      ++c.frequency;
      c.recency = t;
    }
    out.push_back(c);
  }
  return out;
}

void SimulateSpend(const GammaGammaParams& p, std::vector<CustomerSummary>& customers,
                   uint64_t seed) {
  std::mt19937_64 rng(seed);
  for (CustomerSummary& c : customers) {
    const double nu = Gamma(rng, p.q, p.gamma);
    double total = 0.0;
    for (int k = 0; k < c.frequency; ++k) total += Gamma(rng, p.p, nu);
    c.monetary = c.frequency > 0 ? total / c.frequency : 0.0;
  }
}

}  // namespace mercato::customers
