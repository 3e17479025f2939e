// The M4 seasonality test (90% autocorrelation test) and classical multiplicative decomposition.
#pragma once

#include <cstddef>
#include <vector>

namespace mercato::forecast {

/// True when the autocorrelation at lag m is significant at 90% (one-sided, t = 1.645) with
/// Bartlett's variance, as in the M4 benchmarks; false when m ≤ 1 or n < 3m.
bool IsSeasonal(const std::vector<double>& y, int m);

/// Multiplicative seasonal indices of classical decomposition (centred moving average of order
/// m, or 2×m for even m; ratios averaged per position; normalised to mean 1). Element k is the
/// index of every period t with t mod m == k. Needs n ≥ 2m and positive trend values; returns
/// all ones otherwise.
std::vector<double> MultiplicativeSeasonalIndices(const std::vector<double>& y, int m);

/// Seasonal adjustment as the M4 benchmarks do it: indices from classical multiplicative
/// decomposition when IsSeasonal, otherwise none (all ones).
class SeasonalAdjustment {
 public:
  SeasonalAdjustment(const std::vector<double>& y, int m);
  /// y divided by its seasonal index.
  std::vector<double> Adjust(const std::vector<double>& y) const;
  /// Multiplies forecasts of periods n, n+1, … (n = length of the fitted history) by their index.
  std::vector<double> Reseasonalize(std::vector<double> forecast) const;
  bool seasonal() const { return seasonal_; }

 private:
  std::vector<double> indices_;
  size_t n_ = 0;
  bool seasonal_ = false;
};

}  // namespace mercato::forecast
