// Pareto/NBD likelihood, fit, P(alive) and conditional expectation, evaluated in log space.
#include "customers/pareto_nbd.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "customers/hypergeometric.h"

namespace mercato::customers {
namespace {

// The two terms of the likelihood after the common factor Γ(r+x) α^r β^s / Γ(r):
// alive at T, and dropped out somewhere in (t_x, T].
struct LogTerms {
  double alive;
  double dropped;  // -infinity when t_x = T
};

// log of 2F1(m, b; m+1; z(τ)) / (k+τ)^m, with the form chosen by whether α >= β.
double LogTail(const ParetoNbdParams& p, double x, double tau) {
  const double m = p.r + p.s + x;
  if (p.alpha >= p.beta) {
    return LogHyp2F1(m, p.s + 1, m + 1, (p.alpha - p.beta) / (p.alpha + tau)) -
           m * std::log(p.alpha + tau);
  }
  return LogHyp2F1(m, p.r + x, m + 1, (p.beta - p.alpha) / (p.beta + tau)) -
         m * std::log(p.beta + tau);
}

LogTerms Terms(const ParetoNbdParams& p, const CustomerSummary& c) {
  const double x = c.frequency;
  LogTerms t;
  t.alive = -(p.r + x) * std::log(p.alpha + c.age) - p.s * std::log(p.beta + c.age);
  const double from = LogTail(p, x, c.recency), to = LogTail(p, x, c.age);
  t.dropped = to < from ? std::log(p.s / (p.r + p.s + x)) + from + std::log(-std::expm1(to - from))
                        : -std::numeric_limits<double>::infinity();
  return t;
}

}  // namespace

double ParetoNbdLogLikelihood(const ParetoNbdParams& p, const CustomerSummary& c) {
  const double x = c.frequency;
  const LogTerms t = Terms(p, c);
  return std::lgamma(p.r + x) - std::lgamma(p.r) + p.r * std::log(p.alpha) +
         p.s * std::log(p.beta) + t.alive + LogOnePlusExp(t.dropped - t.alive);
}

Result<ParetoNbdFit> FitParetoNbd(std::span<const CustomerSummary> customers,
                                  const FitOptions& options) {
  if (customers.empty()) return InvalidArgument("Pareto/NBD: no customers to fit");
  const RateStart rate = GammaRateStart(customers);
  double mean_age = 0.0;
  for (const CustomerSummary& c : customers) mean_age += c.age / customers.size();
  auto loglik = [&](std::span<const double> v) {
    const ParetoNbdParams p{v[0], v[1], v[2], v[3]};
    double total = 0.0;
    for (const CustomerSummary& c : customers) total += ParetoNbdLogLikelihood(p, c);
    return total;
  };
  ParetoNbdFit fit;
  const std::vector<double> v =
      MaximizeLikelihood(loglik, customers.size(), {rate.shape, rate.rate, 1.0, mean_age},
                         std::vector<ParameterBounds>(4, kDefaultBounds), options, fit.diagnostics);
  fit.params = {v[0], v[1], v[2], v[3]};
  return fit;
}

double ParetoNbdProbabilityAlive(const ParetoNbdParams& p, const CustomerSummary& c) {
  const LogTerms t = Terms(p, c);
  return 1.0 / (1.0 + std::exp(t.dropped - t.alive));
}

double ParetoNbdExpectedPurchases(const ParetoNbdParams& p, const CustomerSummary& c, double t) {
  if (!(t > 0)) return 0.0;
  // [1 - ((β+T)/(β+T+t))^(s-1)] / (s-1), whose limit at s = 1 is log((β+T+t)/(β+T)).
  const double log_ratio = std::log1p(t / (p.beta + c.age));
  const double s1 = p.s - 1;
  const double horizon = std::abs(s1) < 1e-9 ? log_ratio : -std::expm1(-s1 * log_ratio) / s1;
  return std::max(0.0, (p.r + c.frequency) * (p.beta + c.age) / (p.alpha + c.age) * horizon *
                           ParetoNbdProbabilityAlive(p, c));
}

}  // namespace mercato::customers
