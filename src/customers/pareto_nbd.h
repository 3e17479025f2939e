// Pareto/NBD buy-till-you-die model (Schmittlein, Morrison & Colombo 1987; Fader & Hardie's note).
#pragma once

#include <span>

#include "common/status.h"
#include "customers/mle.h"
#include "customers/summary.h"

namespace mercato::customers {

/// Purchase rate λ ~ Gamma(r, α) while alive; dropout rate μ ~ Gamma(s, β).
struct ParetoNbdParams {
  double r = 0, alpha = 0, s = 0, beta = 0;
};

struct ParetoNbdFit {
  ParetoNbdParams params;
  FitDiagnostics diagnostics;
};

/// Log-likelihood of one customer's (x, t_x, T), through 2F1 in log space (the α >= β and
/// α < β forms of Fader & Hardie's note, so the argument stays in [0, 1)).
double ParetoNbdLogLikelihood(const ParetoNbdParams& p, const CustomerSummary& c);

/// Maximum-likelihood fit; fails only when there are no customers.
Result<ParetoNbdFit> FitParetoNbd(std::span<const CustomerSummary> customers,
                                  const FitOptions& options = {});

/// Probability that the customer is still active at T.
double ParetoNbdProbabilityAlive(const ParetoNbdParams& p, const CustomerSummary& c);

/// Expected number of purchases in (T, T + t], given the customer's history.
double ParetoNbdExpectedPurchases(const ParetoNbdParams& p, const CustomerSummary& c, double t);

}  // namespace mercato::customers
