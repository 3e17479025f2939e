// BG/NBD buy-till-you-die model (Fader, Hardie & Lee 2005, "Counting your customers the easy way").
#pragma once

#include <span>

#include "common/status.h"
#include "customers/mle.h"
#include "customers/summary.h"

namespace mercato::customers {

/// Purchase rate λ ~ Gamma(r, α); after each purchase the customer drops out with p ~ Beta(a, b).
struct BgNbdParams {
  double r = 0, alpha = 0, a = 0, b = 0;
};

struct BgNbdFit {
  BgNbdParams params;
  FitDiagnostics diagnostics;
};

/// Log-likelihood of one customer's (x, t_x, T).
double BgNbdLogLikelihood(const BgNbdParams& p, const CustomerSummary& c);

/// Maximum-likelihood fit; fails only when there are no customers.
Result<BgNbdFit> FitBgNbd(std::span<const CustomerSummary> customers,
                          const FitOptions& options = {});

/// Probability that the customer is still active at T.
double BgNbdProbabilityAlive(const BgNbdParams& p, const CustomerSummary& c);

/// Expected number of purchases in (T, T + t], given the customer's history.
double BgNbdExpectedPurchases(const BgNbdParams& p, const CustomerSummary& c, double t);

}  // namespace mercato::customers
