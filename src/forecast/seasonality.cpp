// The M4 seasonality test (90% autocorrelation test) and classical multiplicative decomposition.
#include "forecast/seasonality.h"

#include <cmath>

namespace mercato::forecast {

bool IsSeasonal(const std::vector<double>& y, int m) {
  const size_t n = y.size();
  if (m <= 1 || n < 3 * static_cast<size_t>(m)) return false;
  double mean = 0;
  for (double v : y) mean += v;
  mean /= static_cast<double>(n);
  double c0 = 0;
  for (double v : y) c0 += (v - mean) * (v - mean);
  if (c0 <= 0) return false;
  double sum_sq = 0;  // Σ r_k² for k < m
  double r_m = 0;
  for (int k = 1; k <= m; ++k) {
    double ck = 0;
    for (size_t t = static_cast<size_t>(k); t < n; ++t) ck += (y[t] - mean) * (y[t - k] - mean);
    const double r = ck / c0;
    if (k < m) sum_sq += r * r;
    r_m = r;
  }
  const double limit = 1.645 / std::sqrt(static_cast<double>(n)) * std::sqrt(1 + 2 * sum_sq);
  return std::abs(r_m) > limit;
}

std::vector<double> MultiplicativeSeasonalIndices(const std::vector<double>& y, int m) {
  const size_t n = y.size(), sm = static_cast<size_t>(m);
  std::vector<double> ones(sm < 1 ? 1 : sm, 1.0);
  if (m <= 1 || n < 2 * sm) return ones;
  // Centred moving average: weights 1/m (odd m) or ½,1,…,1,½ over m+1 points (even m).
  const size_t half = sm / 2;
  std::vector<double> sum(sm, 0.0);
  std::vector<int> count(sm, 0);
  for (size_t t = half; t + half < n; ++t) {
    double trend = 0;
    if (sm % 2 == 1) {
      for (size_t j = t - half; j <= t + half; ++j) trend += y[j];
    } else {
      trend = 0.5 * (y[t - half] + y[t + half]);
      for (size_t j = t - half + 1; j < t + half; ++j) trend += y[j];
    }
    trend /= static_cast<double>(sm);
    if (trend <= 0) return ones;
    sum[t % sm] += y[t] / trend;
    ++count[t % sm];
  }
  double mean = 0;
  for (size_t k = 0; k < sm; ++k) {
    if (count[k] == 0) return ones;
    sum[k] /= count[k];
    mean += sum[k] / static_cast<double>(sm);
  }
  for (double& v : sum) v /= mean;
  return sum;
}

SeasonalAdjustment::SeasonalAdjustment(const std::vector<double>& y, int m)
    : n_(y.size()), seasonal_(IsSeasonal(y, m)) {
  indices_ = seasonal_ ? MultiplicativeSeasonalIndices(y, m) : std::vector<double>{1.0};
}

std::vector<double> SeasonalAdjustment::Adjust(const std::vector<double>& y) const {
  std::vector<double> out(y.size());
  for (size_t t = 0; t < y.size(); ++t) out[t] = y[t] / indices_[t % indices_.size()];
  return out;
}

std::vector<double> SeasonalAdjustment::Reseasonalize(std::vector<double> forecast) const {
  for (size_t h = 0; h < forecast.size(); ++h) forecast[h] *= indices_[(n_ + h) % indices_.size()];
  return forecast;
}

}  // namespace mercato::forecast
