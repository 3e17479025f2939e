// Grouped likelihood with analytic gradient for BG/NBD and MBG/NBD, minimized by BFGS.
#include "customers/beta_geometric_fit.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <tuple>
#include <utility>
#include <vector>

#include "numeric/bfgs.h"
#include "numeric/digamma.h"

namespace mercato::customers {
namespace {

// Customers with equal (x, t_x, T), as indexes into the distinct x values and distinct times.
struct Group {
  uint32_t x, t_x, age;
  double weight;
};

struct GroupedData {
  std::vector<double> xs;     // distinct frequencies
  std::vector<double> times;  // distinct values of t_x and T
  std::vector<Group> groups;
  double customers = 0;
};

uint32_t IndexOf(const std::vector<double>& sorted, double v) {
  return static_cast<uint32_t>(std::lower_bound(sorted.begin(), sorted.end(), v) - sorted.begin());
}

GroupedData GroupCustomers(std::span<const CustomerSummary> customers) {
  GroupedData d;
  d.customers = static_cast<double>(customers.size());
  for (const CustomerSummary& c : customers) {
    d.xs.push_back(c.frequency);
    d.times.push_back(c.recency);
    d.times.push_back(c.age);
  }
  for (auto* v : {&d.xs, &d.times}) {
    std::sort(v->begin(), v->end());
    v->erase(std::unique(v->begin(), v->end()), v->end());
  }
  std::vector<Group> all;
  all.reserve(customers.size());
  for (const CustomerSummary& c : customers) {
    all.push_back(
        {IndexOf(d.xs, c.frequency), IndexOf(d.times, c.recency), IndexOf(d.times, c.age), 1.0});
  }
  auto key = [](const Group& g) { return std::tie(g.x, g.t_x, g.age); };
  std::sort(all.begin(), all.end(),
            [&](const Group& l, const Group& r) { return key(l) < key(r); });
  for (const Group& g : all) {
    if (!d.groups.empty() && key(d.groups.back()) == key(g)) {
      d.groups.back().weight += 1.0;
    } else {
      d.groups.push_back(g);
    }
  }
  return d;
}

// Per distinct x: the parts of the log-likelihood and its gradient that depend on x only.
struct XTerms {
  double head;           // lgamma terms and r log alpha
  double d_r, d_a, d_b;  // their derivatives
  double log_odds_base;  // log a - log(b + x - 1) (BG) or - log(b + x) (MBG)
  double d_b_odds;       // d(log_odds_base)/db
  bool has_dropout_branch;
};

std::vector<XTerms> TermsPerX(BetaGeometricVariant variant, const double* p,
                              const std::vector<double>& xs) {
  const double r = p[0], alpha = p[1], a = p[2], b = p[3];
  const bool mbg = variant == BetaGeometricVariant::kMbgNbd;
  const double shift = mbg ? 1.0 : 0.0;
  std::vector<XTerms> out(xs.size());
  for (size_t i = 0; i < xs.size(); ++i) {
    const double x = xs[i];
    XTerms& t = out[i];
    t.head = std::lgamma(r + x) - std::lgamma(r) + r * std::log(alpha) + std::lgamma(a + b) +
             std::lgamma(b + x + shift) - std::lgamma(b) - std::lgamma(a + b + x + shift);
    t.d_r = Digamma(r + x) - Digamma(r) + std::log(alpha);
    t.d_a = Digamma(a + b) - Digamma(a + b + x + shift);
    t.d_b = Digamma(a + b) + Digamma(b + x + shift) - Digamma(b) - Digamma(a + b + x + shift);
    t.has_dropout_branch = mbg || x > 0;
    const double b_term = mbg ? b + x : b + x - 1;
    t.log_odds_base = t.has_dropout_branch ? std::log(a) - std::log(b_term) : 0.0;
    t.d_b_odds = t.has_dropout_branch ? -1.0 / b_term : 0.0;
  }
  return out;
}

// Value and gradient (w.r.t. r, alpha, a, b) of the total log-likelihood.
double LogLikelihoodAndGradient(BetaGeometricVariant variant, const GroupedData& d, const double* p,
                                double* grad) {
  const double r = p[0], alpha = p[1], a = p[2];
  const std::vector<XTerms> xt = TermsPerX(variant, p, d.xs);
  std::vector<double> log_time(d.times.size()), inv_time(d.times.size());
  for (size_t i = 0; i < d.times.size(); ++i) {
    log_time[i] = std::log(alpha + d.times[i]);
    inv_time[i] = 1.0 / (alpha + d.times[i]);
  }
  constexpr int kChunks = 64;
  std::array<std::array<double, 5>, kChunks> partial{};
  const int64_t n = static_cast<int64_t>(d.groups.size());
// Threads pay off only on large data (and spin badly on a loaded machine otherwise).
#pragma omp parallel for schedule(static) if (n > 100000)
  for (int chunk = 0; chunk < kChunks; ++chunk) {
    std::array<double, 5> acc{};
    const int64_t begin = n * chunk / kChunks, end = n * (chunk + 1) / kChunks;
    for (int64_t i = begin; i < end; ++i) {
      const Group& g = d.groups[i];
      const XTerms& t = xt[g.x];
      const double x = d.xs[g.x], rx = r + x, w = g.weight;
      const double lT = log_time[g.age], iT = inv_time[g.age];
      double value = t.head - rx * lT;
      double d_r = t.d_r - lT, d_alpha = r / alpha - rx * iT, d_a = t.d_a, d_b = t.d_b;
      if (t.has_dropout_branch) {
        const double lt = log_time[g.t_x], it = inv_time[g.t_x];
        const double odds = t.log_odds_base + rx * (lT - lt);
        value += LogOnePlusExp(odds);
        const double sigma = 1.0 / (1.0 + std::exp(-odds));
        d_r += sigma * (lT - lt);
        d_alpha += sigma * rx * (iT - it);
        d_a += sigma / a;
        d_b += sigma * t.d_b_odds;
      }
      acc[0] += w * value;
      acc[1] += w * d_r;
      acc[2] += w * d_alpha;
      acc[3] += w * d_a;
      acc[4] += w * d_b;
    }
    partial[chunk] = acc;
  }
  std::array<double, 5> total{};
  for (const auto& part : partial)
    for (size_t k = 0; k < 5; ++k) total[k] += part[k];
  for (size_t k = 0; k < 4; ++k) grad[k] = total[k + 1];
  return total[0];
}

}  // namespace

std::array<double, 4> FitBetaGeometric(BetaGeometricVariant variant,
                                       std::span<const CustomerSummary> customers,
                                       const FitOptions& options, FitDiagnostics& diagnostics) {
  const GroupedData d = GroupCustomers(customers);
  const double n = std::max(d.customers, 1.0);
  auto objective = [&](std::span<const double> theta, std::span<double> g) {
    std::array<double, 4> p{}, grad{};
    for (size_t i = 0; i < 4; ++i) p[i] = std::exp(theta[i]);
    const double ll = LogLikelihoodAndGradient(variant, d, p.data(), grad.data());
    double value = -ll / n;
    for (size_t i = 0; i < 4; ++i) {
      value += options.l2_penalty * theta[i] * theta[i];
      g[i] = -p[i] * grad[i] / n + 2 * options.l2_penalty * theta[i];
    }
    return value;
  };
  BfgsOptions bfgs;
  bfgs.lower.assign(4, std::log(kDefaultBounds.lower));
  bfgs.upper.assign(4, std::log(kDefaultBounds.upper));
  bfgs.gradient_tolerance = 1e-9;
  const RateStart rate = GammaRateStart(customers);
  // A mild-dropout start; when it does not converge, a strong-dropout one too, best fit wins.
  BfgsResult best;
  best.value = std::numeric_limits<double>::infinity();
  int tried = 0;
  for (const auto& [a, b] : {std::pair{1.0, 3.0}, std::pair{0.5, 0.5}}) {
    if (best.converged) break;
    const std::vector<double> start{std::log(rate.shape), std::log(rate.rate), std::log(a),
                                    std::log(b)};
    BfgsResult r = MinimizeBfgs(objective, start, bfgs);
    ++tried;
    if (r.value < best.value) best = std::move(r);
  }
  std::array<double, 4> p{};
  for (size_t i = 0; i < 4; ++i) p[i] = std::exp(best.x[i]);
  std::array<double, 4> grad{};
  diagnostics.log_likelihood = LogLikelihoodAndGradient(variant, d, p.data(), grad.data());
  diagnostics.iterations = best.iterations;
  diagnostics.restarts = tried - 1;
  diagnostics.converged = best.converged && std::isfinite(best.value);
  diagnostics.customers = customers.size();
  return p;
}

}  // namespace mercato::customers
