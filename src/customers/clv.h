// Customer lifetime value: discounted expected spend over a horizon, never negative.
#pragma once

#include <functional>

namespace mercato::customers {

/// Value of the purchases expected in (0, horizon], discounted at `discount_rate` per time unit
/// (a negative rate counts as 0): the sum over `steps` equal steps of
/// spend * [E(t_k) - E(t_k-1)] / (1 + discount_rate)^t_k, where E(t) is `expected_purchases(t)`.
/// Negative increments count as 0, so the result is >= 0; a non-positive horizon or spend gives 0.
double DiscountedValue(const std::function<double(double)>& expected_purchases, double spend,
                       double horizon, double discount_rate, int steps);

}  // namespace mercato::customers
