// Fast maximum-likelihood fits of the beta-geometric family — BG/NBD and MBG/NBD — for large
// customer bases: customers grouped by (x, t_x, T), logs of distinct times tabulated, an analytic
// gradient and BFGS, parallel over fixed chunks (the result does not depend on thread count).
#pragma once

#include <array>
#include <span>

#include "customers/mle.h"
#include "customers/summary.h"

namespace mercato::customers {

enum class BetaGeometricVariant {
  kBgNbd,   // dropout possible after each repeat purchase (Fader, Hardie & Lee 2005)
  kMbgNbd,  // also right after the first purchase (Batislam, Denizel & Filiztekin 2007)
};

/// The maximum-likelihood {r, alpha, a, b} over log-parameters within kDefaultBounds, with the
/// options' L2 penalty; `customers` must not be empty. Fills `diagnostics` (iterations are BFGS
/// iterations; restarts counts extra starting points tried).
std::array<double, 4> FitBetaGeometric(BetaGeometricVariant variant,
                                       std::span<const CustomerSummary> customers,
                                       const FitOptions& options, FitDiagnostics& diagnostics);

}  // namespace mercato::customers
