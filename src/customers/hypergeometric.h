// The Gauss hypergeometric function 2F1 in log space, for the buy-till-you-die likelihoods.
#pragma once

namespace mercato::customers {

/// log 2F1(a, b; c; z) for a, b, c > 0 and 0 <= z < 1, where every series term is positive.
/// When c - a - b < 0 and c - a, c - b > 0 it sums the faster Euler-transformed series
/// (1 - z)^(c-a-b) 2F1(c-a, c-b; c; z). Terms are rescaled so large arguments cannot
/// overflow; z is capped at 1 - 1e-12 and the series at 10^6 terms.
double LogHyp2F1(double a, double b, double c, double z);

}  // namespace mercato::customers
