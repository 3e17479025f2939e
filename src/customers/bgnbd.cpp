// BG/NBD likelihood, fit, P(alive) and conditional expectation (2F1 in log space).
#include "customers/bgnbd.h"

#include <algorithm>
#include <cmath>

#include "customers/hypergeometric.h"

namespace mercato::customers {
namespace {

// log of the second likelihood branch relative to the first, a/(b+x-1) ((α+T)/(α+t_x))^(r+x),
// defined for x > 0: the odds that the customer dropped out after the last purchase.
double LogDropoutOdds(const BgNbdParams& p, const CustomerSummary& c) {
  const double x = c.frequency;
  return std::log(p.a) - std::log(p.b + x - 1) +
         (p.r + x) * (std::log(p.alpha + c.age) - std::log(p.alpha + c.recency));
}

// c F(c) for F(c) = 2F1(A, B; c; z) and c = c1 - 1 > -1, from F(c1) and F(c1 + 1) (positive
// series) by Gauss' contiguous relation; finite as c -> 0, where F(c) itself diverges.
double ScaledHyp2F1Below(double A, double B, double c1, double z) {
  const double f1 = std::exp(LogHyp2F1(A, B, c1, z));
  const double f2 = std::exp(LogHyp2F1(A, B, c1 + 1, z));
  return -(c1 * (c1 - 1 - (2 * c1 - A - B - 1) * z) * f1 + (c1 - A) * (c1 - B) * z * f2) /
         (c1 * (z - 1));
}

// (a+b+x-1)/(a-1) [1 - ((α+T)/(α+T+t))^(r+x) 2F1(r+x, b+x; a+b+x-1; t/(α+T+t))], for a != 1.
// The 2F1 series has positive terms only when a+b+x-1 > 0; below kSmallC (only possible for
// x = 0) it goes through the contiguous relation instead.
double UnconditionalPart(const BgNbdParams& p, double x, double age, double t) {
  constexpr double kSmallC = 0.25;
  const double z = t / (p.alpha + age + t);
  const double c = p.a + p.b + x - 1;
  if (c < kSmallC) {
    const double scaled = ScaledHyp2F1Below(p.r + x, p.b + x, c + 1, z);
    return (c - std::pow(1 - z, p.r + x) * scaled) / (p.a - 1);
  }
  const double log_term = (p.r + x) * std::log1p(-z) + LogHyp2F1(p.r + x, p.b + x, c, z);
  return c / (p.a - 1) * -std::expm1(log_term);
}

}  // namespace

double BgNbdLogLikelihood(const BgNbdParams& p, const CustomerSummary& c) {
  const double x = c.frequency;
  const double head = std::lgamma(p.r + x) - std::lgamma(p.r) + p.r * std::log(p.alpha) +
                      std::lgamma(p.a + p.b) + std::lgamma(p.b + x) - std::lgamma(p.b) -
                      std::lgamma(p.a + p.b + x);
  const double alive = -(p.r + x) * std::log(p.alpha + c.age);
  if (x == 0) return head + alive;
  return head + alive + LogOnePlusExp(LogDropoutOdds(p, c));
}

Result<BgNbdFit> FitBgNbd(std::span<const CustomerSummary> customers, const FitOptions& options) {
  if (customers.empty()) return InvalidArgument("BG/NBD: no customers to fit");
  const RateStart rate = GammaRateStart(customers);
  auto loglik = [&](std::span<const double> v) {
    const BgNbdParams p{v[0], v[1], v[2], v[3]};
    double total = 0.0;
    for (const CustomerSummary& c : customers) total += BgNbdLogLikelihood(p, c);
    return total;
  };
  BgNbdFit fit;
  const std::vector<double> v =
      MaximizeLikelihood(loglik, customers.size(), {rate.shape, rate.rate, 1.0, 3.0},
                         std::vector<ParameterBounds>(4, kDefaultBounds), options, fit.diagnostics);
  fit.params = {v[0], v[1], v[2], v[3]};
  return fit;
}

double BgNbdProbabilityAlive(const BgNbdParams& p, const CustomerSummary& c) {
  if (c.frequency == 0) return 1.0;
  return 1.0 / (1.0 + std::exp(LogDropoutOdds(p, c)));
}

double BgNbdExpectedPurchases(const BgNbdParams& p, const CustomerSummary& c, double t) {
  if (!(t > 0)) return 0.0;
  const double x = c.frequency;
  // The expression has a removable singularity at a = 1: interpolate across it.
  constexpr double kNearOne = 1e-4;
  double part;
  if (std::abs(p.a - 1) < kNearOne) {
    BgNbdParams lo = p, hi = p;
    lo.a = 1 - kNearOne;
    hi.a = 1 + kNearOne;
    const double w = (p.a - lo.a) / (hi.a - lo.a);
    part = (1 - w) * UnconditionalPart(lo, x, c.age, t) + w * UnconditionalPart(hi, x, c.age, t);
  } else {
    part = UnconditionalPart(p, x, c.age, t);
  }
  return std::max(0.0, part * BgNbdProbabilityAlive(p, c));
}

}  // namespace mercato::customers
