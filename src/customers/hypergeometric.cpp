// Power series of 2F1 with positive terms, summed with a running log scale.
#include "customers/hypergeometric.h"

#include <algorithm>
#include <cmath>

namespace mercato::customers {
namespace {

double LogSeries(double a, double b, double c, double z) {
  constexpr int kMaxTerms = 1000000;
  constexpr double kBig = 1e200;
  double log_scale = 0.0, sum = 1.0, term = 1.0;
  for (int n = 0; n < kMaxTerms; ++n) {
    const double ratio = (a + n) * (b + n) / ((c + n) * (n + 1.0)) * z;
    term *= ratio;
    sum += term;
    if (sum > kBig) {
      sum /= kBig;
      term /= kBig;
      log_scale += std::log(kBig);
    }
    if (ratio < 1.0 && term <= 1e-17 * sum) break;
  }
  return log_scale + std::log(sum);
}

}  // namespace

double LogHyp2F1(double a, double b, double c, double z) {
  z = std::clamp(z, 0.0, 1.0 - 1e-12);
  if (z == 0.0) return 0.0;
  const double excess = c - a - b;
  if (excess < 0.0 && c - a > 0.0 && c - b > 0.0) {
    return excess * std::log1p(-z) + LogSeries(c - a, c - b, c, z);
  }
  return LogSeries(a, b, c, z);
}

}  // namespace mercato::customers
