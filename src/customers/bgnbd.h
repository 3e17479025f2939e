// BG/NBD buy-till-you-die model (Fader, Hardie & Lee 2005, "Counting your customers the easy way")
// and its MBG/NBD variant (Batislam, Denizel & Filiztekin 2007), where a customer may also drop
// out right after the first purchase, so one-time buyers age towards inactive too.
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

/// Maximum-likelihood fit (grouped data, analytic gradient, BFGS: fast on millions of
/// customers); fails only when there are no customers.
Result<BgNbdFit> FitBgNbd(std::span<const CustomerSummary> customers,
                          const FitOptions& options = {});

/// Probability that the customer is still active at T.
double BgNbdProbabilityAlive(const BgNbdParams& p, const CustomerSummary& c);

/// Expected number of purchases in (T, T + t], given the customer's history.
double BgNbdExpectedPurchases(const BgNbdParams& p, const CustomerSummary& c, double t);

/// MBG/NBD: as BG/NBD, with a dropout chance p also at time 0, right after the first purchase.
struct MbgNbdParams {
  double r = 0, alpha = 0, a = 0, b = 0;
};

struct MbgNbdFit {
  MbgNbdParams params;
  FitDiagnostics diagnostics;
};

Result<MbgNbdFit> FitMbgNbd(std::span<const CustomerSummary> customers,
                            const FitOptions& options = {});
/// 1 / (1 + a/(b+x) ((α+T)/(α+t_x))^(r+x)), for every x including 0.
double MbgNbdProbabilityAlive(const MbgNbdParams& p, const CustomerSummary& c);
/// Expected number of purchases in (T, T + t], given the customer's history.
double MbgNbdExpectedPurchases(const MbgNbdParams& p, const CustomerSummary& c, double t);

}  // namespace mercato::customers
