// Digamma by upward recurrence and the asymptotic (Bernoulli) series.
#include "numeric/digamma.h"

#include <cmath>
#include <limits>

namespace mercato {

double Digamma(double x) {
  if (!(x > 0)) return std::numeric_limits<double>::quiet_NaN();
  double result = 0.0;
  while (x < 10.0) {
    result -= 1.0 / x;
    x += 1.0;
  }
  const double inv = 1.0 / x, inv2 = inv * inv;
  // ψ(x) ~ ln x - 1/(2x) - Σ B_2k / (2k x^2k)
  const double series =
      inv2 * (1.0 / 12 -
              inv2 * (1.0 / 120 -
                      inv2 * (1.0 / 252 -
                              inv2 * (1.0 / 240 - inv2 * (1.0 / 132 - inv2 * (691.0 / 32760))))));
  return result + std::log(x) - 0.5 * inv - series;
}

}  // namespace mercato
