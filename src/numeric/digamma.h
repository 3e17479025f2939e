// The digamma function ψ(x) = d/dx log Γ(x), for analytic likelihood gradients.
#pragma once

namespace mercato {

/// ψ(x) for x > 0, accurate to about 1e-13 (recurrence up to x >= 10, then the asymptotic
/// series); NaN for x <= 0.
double Digamma(double x);

}  // namespace mercato
