// Univariate point-forecast models: naive, seasonal naive, Naive2, SES, Holt, damped, automatic
// ETS, Theta, the automatic choice and the moving average and median.
#include "forecast/models.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include "forecast/ets.h"
#include "forecast/intermittent.h"
#include "forecast/linear_trend.h"
#include "forecast/seasonality.h"
#include "forecast/stl.h"

namespace mercato::forecast {
namespace {

bool AllFinite(const std::vector<double>& f) {
  return std::all_of(f.begin(), f.end(), [](double v) { return std::isfinite(v); });
}

// The fitted model's forecasts, or naive ones when it did not fit or produced non-finite values.
std::vector<double> OrNaive(const std::optional<EtsModel>& fit, const std::vector<double>& y,
                            int h) {
  if (fit) {
    std::vector<double> f = fit->Forecast(h);
    if (AllFinite(f)) return f;
  }
  return ForecastNaive(y, h, 1);
}

// A non-seasonal ETS benchmark on seasonally adjusted data, as the M4 benchmarks run them.
std::vector<double> AdjustedEts(const std::vector<double>& y, int h, int m, TrendType trend) {
  const SeasonalAdjustment sa(y, m);
  const std::vector<double> adjusted = sa.Adjust(y);
  return sa.Reseasonalize(OrNaive(
      FitEts(adjusted, 1, EtsSpec{ErrorType::kAdditive, trend, SeasonType::kNone}), adjusted, h));
}

constexpr int kBaselineWindow = 4;

}  // namespace

std::vector<double> ForecastNaive(const std::vector<double>& y, int h, int /*m*/) {
  return std::vector<double>(static_cast<size_t>(h), y.back());
}

std::vector<double> ForecastSeasonalNaive(const std::vector<double>& y, int h, int m) {
  const size_t sm = static_cast<size_t>(std::max(m, 1));
  if (y.size() < sm) return ForecastNaive(y, h, m);
  std::vector<double> out;
  for (size_t i = 0; i < static_cast<size_t>(h); ++i) out.push_back(y[y.size() - sm + i % sm]);
  return out;
}

std::vector<double> ForecastNaive2(const std::vector<double>& y, int h, int m) {
  const SeasonalAdjustment sa(y, m);
  return sa.Reseasonalize(ForecastNaive(sa.Adjust(y), h, m));
}

std::vector<double> ForecastSes(const std::vector<double>& y, int h, int m) {
  return AdjustedEts(y, h, m, TrendType::kNone);
}

std::vector<double> ForecastHolt(const std::vector<double>& y, int h, int m) {
  return AdjustedEts(y, h, m, TrendType::kAdditive);
}

std::vector<double> ForecastDamped(const std::vector<double>& y, int h, int m) {
  return AdjustedEts(y, h, m, TrendType::kDamped);
}

std::vector<double> ForecastEts(const std::vector<double>& y, int h, int m) {
  return OrNaive(FitAutoEts(y, m), y, h);
}

std::vector<double> ForecastTheta(const std::vector<double>& y, int h, int m) {
  const SeasonalAdjustment sa(y, m);
  const std::vector<double> x = sa.Adjust(y);
  const size_t n = x.size();
  if (n < 3) return ForecastNaive2(y, h, m);
  const LinearTrend line = FitLinearTrend(x, n);
  std::vector<double> theta2(n);
  for (size_t t = 0; t < n; ++t) theta2[t] = 2.0 * x[t] - line.At(t + 1.0);
  const std::vector<double> ses =
      OrNaive(FitEts(theta2, 1, EtsSpec{ErrorType::kAdditive, TrendType::kNone, SeasonType::kNone}),
              theta2, h);
  std::vector<double> out(static_cast<size_t>(h));
  for (size_t i = 0; i < out.size(); ++i) out[i] = 0.5 * ses[i] + 0.5 * line.At(n + i + 1.0);
  return sa.Reseasonalize(out);
}

std::vector<double> MedianOfThree(const std::vector<double>& a, const std::vector<double>& b,
                                  const std::vector<double>& c) {
  std::vector<double> out(a.size());
  for (size_t i = 0; i < out.size(); ++i) {
    out[i] = std::max(std::min(a[i], b[i]), std::min(std::max(a[i], b[i]), c[i]));
  }
  return out;
}

std::vector<double> ForecastAuto(const std::vector<double>& y, int h, int m) {
  return MedianOfThree(ForecastEts(y, h, m), ForecastTheta(y, h, m), ForecastDamped(y, h, m));
}

std::vector<double> ForecastStlf(const std::vector<double>& y, int h, int m) {
  // forecast::stlf decomposes with forecast::mstl; with one period, a second MSTL pass repeats
  // the first exactly, so one pass gives the same decomposition.
  const MstlDecomposition stl = Mstl(y, {m}, 1);
  if (stl.periods.empty()) return OrNaive(FitAutoEts(y, 1), y, h);
  const std::vector<double>& seasonal = stl.seasonal.front();
  std::vector<double> adjusted(y.size());
  for (size_t t = 0; t < y.size(); ++t) adjusted[t] = y[t] - seasonal[t];
  std::vector<double> out = OrNaive(FitAutoEts(adjusted, 1), adjusted, h);
  const size_t n = y.size(), period = static_cast<size_t>(m);
  for (size_t i = 0; i < out.size(); ++i) out[i] += seasonal[n - period + i % period];
  return out;
}

std::vector<double> ForecastMa(const std::vector<double>& y, int h, int /*m*/) {
  return ForecastMovingAverage(y, h, kBaselineWindow);
}

std::vector<double> ForecastMedian(const std::vector<double>& y, int h, int /*m*/) {
  return ForecastMovingMedian(y, h, kBaselineWindow);
}

}  // namespace mercato::forecast
