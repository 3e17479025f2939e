// Discounted lifetime value from a cumulative expected-purchases curve.
#include "customers/clv.h"

#include <algorithm>
#include <cmath>

namespace mercato::customers {

double DiscountedValue(const std::function<double(double)>& expected_purchases, double spend,
                       double horizon, double discount_rate, int steps) {
  if (!(horizon > 0) || !(spend > 0) || steps < 1) return 0.0;
  const double log_discount = std::log1p(std::max(discount_rate, 0.0));
  double value = 0.0, previous = 0.0;
  for (int k = 1; k <= steps; ++k) {
    const double t = horizon * k / steps;
    const double cumulative = expected_purchases(t);
    value += std::max(0.0, cumulative - previous) * std::exp(-log_discount * t);
    previous = std::max(previous, cumulative);
  }
  return spend * value;
}

}  // namespace mercato::customers
