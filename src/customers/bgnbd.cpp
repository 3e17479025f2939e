// BG/NBD and MBG/NBD: likelihood, fit, P(alive) and conditional expectation (2F1 in log space).
#include "customers/bgnbd.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "customers/beta_geometric_fit.h"
#include "customers/hypergeometric.h"

namespace mercato::customers {
namespace {

// log of the dropout odds relative to being alive: a/(b+x+shift-1) ((α+T)/(α+t_x))^(r+x), with
// shift 0 for BG/NBD (defined for x > 0) and 1 for MBG/NBD.
double LogDropoutOdds(double r, double alpha, double a, double b, double shift,
                      const CustomerSummary& c) {
  const double x = c.frequency;
  return std::log(a) - std::log(b + x + shift - 1) +
         (r + x) * (std::log(alpha + c.age) - std::log(alpha + c.recency));
}

// c F(c) for F(c) = 2F1(A, B; c; z) and c = c1 - 1 > -1, from F(c1) and F(c1 + 1) (positive
// series) by Gauss' contiguous relation; finite as c -> 0, where F(c) itself diverges.
double ScaledHyp2F1Below(double A, double B, double c1, double z) {
  const double f1 = std::exp(LogHyp2F1(A, B, c1, z));
  const double f2 = std::exp(LogHyp2F1(A, B, c1 + 1, z));
  return -(c1 * (c1 - 1 - (2 * c1 - A - B - 1) * z) * f1 + (c1 - A) * (c1 - B) * z * f2) /
         (c1 * (z - 1));
}

// c/(a-1) [1 - ((α+T)/(α+T+t))^(r+x) 2F1(r+x, b+x+shift; c; t/(α+T+t))] with
// c = a+b+x+shift-1, for a != 1. The 2F1 series has positive terms only when c > 0; below
// kSmallC (only possible for BG/NBD with x = 0) it goes through the contiguous relation.
double UnconditionalPartAt(double r, double alpha, double a, double b, double shift, double x,
                           double age, double t) {
  constexpr double kSmallC = 0.25;
  const double z = t / (alpha + age + t);
  const double c = a + b + x + shift - 1;
  if (c < kSmallC) {
    const double scaled = ScaledHyp2F1Below(r + x, b + x + shift, c + 1, z);
    return (c - std::pow(1 - z, r + x) * scaled) / (a - 1);
  }
  const double log_term = (r + x) * std::log1p(-z) + LogHyp2F1(r + x, b + x + shift, c, z);
  return c / (a - 1) * -std::expm1(log_term);
}

// The same, interpolated across the removable singularity at a = 1.
double UnconditionalPart(double r, double alpha, double a, double b, double shift, double x,
                         double age, double t) {
  constexpr double kNearOne = 1e-4;
  if (std::abs(a - 1) >= kNearOne) return UnconditionalPartAt(r, alpha, a, b, shift, x, age, t);
  const double lo = 1 - kNearOne, hi = 1 + kNearOne, w = (a - lo) / (hi - lo);
  return (1 - w) * UnconditionalPartAt(r, alpha, lo, b, shift, x, age, t) +
         w * UnconditionalPartAt(r, alpha, hi, b, shift, x, age, t);
}

}  // namespace

Result<BgNbdFit> FitBgNbd(std::span<const CustomerSummary> customers, const FitOptions& options) {
  if (customers.empty()) return InvalidArgument("BG/NBD: no customers to fit");
  BgNbdFit fit;
  const std::array<double, 4> v =
      FitBetaGeometric(BetaGeometricVariant::kBgNbd, customers, options, fit.diagnostics);
  fit.params = {v[0], v[1], v[2], v[3]};
  return fit;
}

double BgNbdProbabilityAlive(const BgNbdParams& p, const CustomerSummary& c) {
  if (c.frequency == 0) return 1.0;
  return 1.0 / (1.0 + std::exp(LogDropoutOdds(p.r, p.alpha, p.a, p.b, 0, c)));
}

double BgNbdExpectedPurchases(const BgNbdParams& p, const CustomerSummary& c, double t) {
  if (!(t > 0)) return 0.0;
  const double part = UnconditionalPart(p.r, p.alpha, p.a, p.b, 0, c.frequency, c.age, t);
  return std::max(0.0, part * BgNbdProbabilityAlive(p, c));
}

Result<MbgNbdFit> FitMbgNbd(std::span<const CustomerSummary> customers, const FitOptions& options) {
  if (customers.empty()) return InvalidArgument("MBG/NBD: no customers to fit");
  MbgNbdFit fit;
  const std::array<double, 4> v =
      FitBetaGeometric(BetaGeometricVariant::kMbgNbd, customers, options, fit.diagnostics);
  fit.params = {v[0], v[1], v[2], v[3]};
  return fit;
}

double MbgNbdProbabilityAlive(const MbgNbdParams& p, const CustomerSummary& c) {
  return 1.0 / (1.0 + std::exp(LogDropoutOdds(p.r, p.alpha, p.a, p.b, 1, c)));
}

double MbgNbdExpectedPurchases(const MbgNbdParams& p, const CustomerSummary& c, double t) {
  if (!(t > 0)) return 0.0;
  const double part = UnconditionalPart(p.r, p.alpha, p.a, p.b, 1, c.frequency, c.age, t);
  return std::max(0.0, part * MbgNbdProbabilityAlive(p, c));
}

}  // namespace mercato::customers
