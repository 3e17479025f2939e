// One interface over the fitted buy-till-you-die models (BG/NBD, MBG/NBD, Pareto/NBD) for the
// per-customer predictions: P(alive), expected purchases, chance of buying again, time to the
// next purchase and the predicted lapse point.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "customers/bgnbd.h"
#include "customers/pareto_nbd.h"

namespace mercato::customers {

enum class BtydKind { kBgNbd, kMbgNbd, kParetoNbd };

/// "bgnbd", "mbgnbd", "pareto_nbd".
std::string_view BtydName(BtydKind kind);
std::optional<BtydKind> ParseBtydKind(std::string_view name);

struct BtydModel {
  BtydKind kind = BtydKind::kMbgNbd;
  /// {r, alpha, a, b} for the beta-geometric models; {r, alpha, s, beta} for Pareto/NBD.
  std::array<double, 4> params{};
  FitDiagnostics diagnostics;

  double ProbabilityAlive(const CustomerSummary& c) const;
  /// Expected purchases in (T, T + t].
  double ExpectedPurchases(const CustomerSummary& c, double t) const;
  /// Chance of at least one purchase in (T, T + t]. Exact for the beta-geometric models (an
  /// alive customer's first purchase comes before any dropout): P(alive) (1 -
  /// ((α+T)/(α+T+t))^(r+x)). For Pareto/NBD, 1 - exp(-E[purchases]) (a Poisson approximation).
  double ProbabilityOfPurchase(const CustomerSummary& c, double t) const;
  /// Median time from T to the next purchase if the customer is alive: the posterior purchase
  /// rate is Gamma(r + x, α + T) in every model, so it is (α + T)(2^(1/(r+x)) - 1).
  double MedianTimeToNextPurchase(const CustomerSummary& c) const;
  /// The age (measured like T, from the first purchase) at which P(alive) falls to `threshold`
  /// if the customer buys nothing more; t_x when it was already below at the last purchase;
  /// nullopt when it never falls that low (BG/NBD one-time buyers). Closed form for the
  /// beta-geometric models, bisection for Pareto/NBD.
  std::optional<double> LapseAge(const CustomerSummary& c, double threshold) const;
};

/// Fits the model of that kind; fails only when there are no customers. A fit on a parameter
/// bound comes back marked degenerate (CheckDegenerate).
Result<BtydModel> FitBtyd(BtydKind kind, std::span<const CustomerSummary> customers,
                          const FitOptions& options = {});

}  // namespace mercato::customers
