// Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV").
#pragma once

#include <span>

#include "common/status.h"
#include "customers/mle.h"
#include "customers/summary.h"

namespace mercato::customers {

/// Each transaction's value ~ Gamma(p, ν), with ν ~ Gamma(q, γ) across customers.
struct GammaGammaParams {
  double p = 0, q = 0, gamma = 0;
};

struct GammaGammaFit {
  GammaGammaParams params;
  FitDiagnostics diagnostics;
  /// Pearson correlation of frequency and mean spend among repeat customers: the model assumes
  /// they are independent, so a value far from 0 is a warning.
  double frequency_monetary_correlation = 0.0;
};

/// Log-likelihood of one repeat customer's mean spend zbar over x transactions (x > 0).
double GammaGammaLogLikelihood(const GammaGammaParams& p, const CustomerSummary& c);

/// Fit on the customers with x > 0 (the others carry no spend); fails when there are none.
/// q is kept above 1, where the mean spend is finite.
Result<GammaGammaFit> FitGammaGamma(std::span<const CustomerSummary> customers,
                                    const FitOptions& options = {});

/// Expected mean transaction value given the customer's x and zbar (the population mean when
/// x = 0); needs q > 1, which FitGammaGamma guarantees.
double GammaGammaExpectedSpend(const GammaGammaParams& p, const CustomerSummary& c);

}  // namespace mercato::customers
