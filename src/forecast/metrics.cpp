// Forecast accuracy metrics as the M4 competition defines them: sMAPE, MASE and OWA.
#include "forecast/metrics.h"

#include <cmath>
#include <limits>

namespace mercato::forecast {

double Smape(const std::vector<double>& actual, const std::vector<double>& forecast) {
  double sum = 0;
  for (size_t i = 0; i < actual.size(); ++i) {
    const double denom = std::abs(actual[i]) + std::abs(forecast[i]);
    if (denom > 0) sum += 200.0 * std::abs(actual[i] - forecast[i]) / denom;
  }
  return actual.empty() ? 0.0 : sum / static_cast<double>(actual.size());
}

double MaseScale(const std::vector<double>& history, int season) {
  const size_t m = static_cast<size_t>(season < 1 ? 1 : season);
  if (history.size() <= m) return 0.0;
  double sum = 0;
  for (size_t t = m; t < history.size(); ++t) sum += std::abs(history[t] - history[t - m]);
  return sum / static_cast<double>(history.size() - m);
}

double Mase(const std::vector<double>& history, const std::vector<double>& actual,
            const std::vector<double>& forecast, int season) {
  double err = 0;
  for (size_t i = 0; i < actual.size(); ++i) err += std::abs(actual[i] - forecast[i]);
  if (!actual.empty()) err /= static_cast<double>(actual.size());
  const double scale = MaseScale(history, season);
  if (scale > 0) return err / scale;
  return err == 0 ? 0.0 : std::numeric_limits<double>::infinity();
}

double Owa(double smape, double mase, double smape_naive2, double mase_naive2) {
  return 0.5 * (smape / smape_naive2 + mase / mase_naive2);
}

}  // namespace mercato::forecast
