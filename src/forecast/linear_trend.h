// Least-squares straight line through the start of a series, on periods t = 1, 2, ….
#pragma once

#include <cstddef>
#include <vector>

namespace mercato::forecast {

struct LinearTrend {
  double intercept = 0;  // value at t = 0
  double slope = 0;
  double At(double t) const { return intercept + slope * t; }
};

/// Fits y[0..count) against t = 1..count (count clamped to y.size()); slope 0 when count < 2.
LinearTrend FitLinearTrend(const std::vector<double>& y, size_t count);

}  // namespace mercato::forecast
