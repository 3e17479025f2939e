// Dispatch of the per-customer predictions to the fitted model, with the closed forms they share.
#include "customers/btyd_model.h"

#include <cmath>

namespace mercato::customers {
namespace {

constexpr std::string_view kNames[] = {"bgnbd", "mbgnbd", "pareto_nbd"};

BgNbdParams AsBg(const std::array<double, 4>& p) { return {p[0], p[1], p[2], p[3]}; }
MbgNbdParams AsMbg(const std::array<double, 4>& p) { return {p[0], p[1], p[2], p[3]}; }
ParetoNbdParams AsPareto(const std::array<double, 4>& p) { return {p[0], p[1], p[2], p[3]}; }

}  // namespace

std::string_view BtydName(BtydKind kind) { return kNames[static_cast<size_t>(kind)]; }

std::optional<BtydKind> ParseBtydKind(std::string_view name) {
  for (size_t i = 0; i < std::size(kNames); ++i) {
    if (kNames[i] == name) return static_cast<BtydKind>(i);
  }
  return std::nullopt;
}

double BtydModel::ProbabilityAlive(const CustomerSummary& c) const {
  switch (kind) {
    case BtydKind::kBgNbd:
      return BgNbdProbabilityAlive(AsBg(params), c);
    case BtydKind::kMbgNbd:
      return MbgNbdProbabilityAlive(AsMbg(params), c);
    case BtydKind::kParetoNbd:
      return ParetoNbdProbabilityAlive(AsPareto(params), c);
  }
  return 0.0;
}

double BtydModel::ExpectedPurchases(const CustomerSummary& c, double t) const {
  switch (kind) {
    case BtydKind::kBgNbd:
      return BgNbdExpectedPurchases(AsBg(params), c, t);
    case BtydKind::kMbgNbd:
      return MbgNbdExpectedPurchases(AsMbg(params), c, t);
    case BtydKind::kParetoNbd:
      return ParetoNbdExpectedPurchases(AsPareto(params), c, t);
  }
  return 0.0;
}

double BtydModel::ProbabilityOfPurchase(const CustomerSummary& c, double t) const {
  if (!(t > 0)) return 0.0;
  if (kind == BtydKind::kParetoNbd) return -std::expm1(-ExpectedPurchases(c, t));
  const double r = params[0], alpha = params[1], x = c.frequency;
  const double none_if_alive = std::exp((r + x) * std::log((alpha + c.age) / (alpha + c.age + t)));
  return ProbabilityAlive(c) * (1.0 - none_if_alive);
}

double BtydModel::MedianTimeToNextPurchase(const CustomerSummary& c) const {
  const double r = params[0], alpha = params[1];
  return (alpha + c.age) * std::expm1(std::log(2.0) / (r + c.frequency));
}

std::optional<double> BtydModel::LapseAge(const CustomerSummary& c, double threshold) const {
  if (!(threshold > 0 && threshold < 1)) return std::nullopt;
  const double x = c.frequency;
  auto at_age = [&c](double age) {
    CustomerSummary later = c;
    later.age = age;
    return later;
  };
  if (kind == BtydKind::kParetoNbd) {
    // P(alive) falls with age; find where it crosses the threshold within 100 years of weeks.
    double lo = c.recency, hi = c.recency + 5200;
    if (ProbabilityAlive(at_age(lo)) <= threshold) return lo;
    if (ProbabilityAlive(at_age(hi)) > threshold) return std::nullopt;
    for (int i = 0; i < 60; ++i) {
      const double mid = 0.5 * (lo + hi);
      (ProbabilityAlive(at_age(mid)) > threshold ? lo : hi) = mid;
    }
    return hi;
  }
  if (kind == BtydKind::kBgNbd && x == 0) return std::nullopt;
  // 1 / (1 + a/(b + x + shift - 1) ((α+A)/(α+t_x))^(r+x)) = threshold, solved for the age A.
  const double r = params[0], alpha = params[1], a = params[2], b = params[3];
  const double shift = kind == BtydKind::kMbgNbd ? 1.0 : 0.0;
  const double ratio_power = (1.0 / threshold - 1.0) * (b + x + shift - 1) / a;
  const double age = (alpha + c.recency) * std::exp(std::log(ratio_power) / (r + x)) - alpha;
  return std::max(age, c.recency);
}

Result<BtydModel> FitBtyd(BtydKind kind, std::span<const CustomerSummary> customers,
                          const FitOptions& options) {
  BtydModel model;
  model.kind = kind;
  switch (kind) {
    case BtydKind::kBgNbd: {
      ASSIGN_OR_RETURN(const BgNbdFit fit, FitBgNbd(customers, options));
      model.params = {fit.params.r, fit.params.alpha, fit.params.a, fit.params.b};
      model.diagnostics = fit.diagnostics;
      break;
    }
    case BtydKind::kMbgNbd: {
      ASSIGN_OR_RETURN(const MbgNbdFit fit, FitMbgNbd(customers, options));
      model.params = {fit.params.r, fit.params.alpha, fit.params.a, fit.params.b};
      model.diagnostics = fit.diagnostics;
      break;
    }
    case BtydKind::kParetoNbd: {
      ASSIGN_OR_RETURN(const ParetoNbdFit fit, FitParetoNbd(customers, options));
      model.params = {fit.params.r, fit.params.alpha, fit.params.s, fit.params.beta};
      model.diagnostics = fit.diagnostics;
      break;
    }
  }
  static constexpr const char* kBetaGeometricNames[] = {"r", "alpha", "a", "b"};
  static constexpr const char* kParetoNames[] = {"r", "alpha", "s", "beta"};
  CheckDegenerate(model.params,
                  kind == BtydKind::kParetoNbd ? std::span<const char* const>(kParetoNames)
                                               : std::span<const char* const>(kBetaGeometricNames),
                  model.diagnostics);
  return model;
}

}  // namespace mercato::customers
