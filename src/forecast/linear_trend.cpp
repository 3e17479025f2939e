// Least-squares straight line through the start of a series, on periods t = 1, 2, ….
#include "forecast/linear_trend.h"

#include <algorithm>

namespace mercato::forecast {

LinearTrend FitLinearTrend(const std::vector<double>& y, size_t count) {
  const size_t k = std::min(count, y.size());
  LinearTrend line;
  if (k == 0) return line;
  const double n = static_cast<double>(k);
  double mean_t = 0, mean_y = 0;
  for (size_t t = 0; t < k; ++t) {
    mean_t += (t + 1.0) / n;
    mean_y += y[t] / n;
  }
  double sty = 0, stt = 0;
  for (size_t t = 0; t < k; ++t) {
    sty += (t + 1.0 - mean_t) * (y[t] - mean_y);
    stt += (t + 1.0 - mean_t) * (t + 1.0 - mean_t);
  }
  line.slope = stt > 0 ? sty / stt : 0.0;
  line.intercept = mean_y - line.slope * mean_t;
  return line;
}

}  // namespace mercato::forecast
