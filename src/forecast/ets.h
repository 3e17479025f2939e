// ETS exponential smoothing state-space models (Hyndman et al. 2002/2008): fit by maximum
// likelihood, forecast, and automatic selection by AICc.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace mercato::forecast {

enum class ErrorType { kAdditive, kMultiplicative };
enum class TrendType { kNone, kAdditive, kDamped };
enum class SeasonType { kNone, kAdditive, kMultiplicative };

struct EtsSpec {
  ErrorType error = ErrorType::kAdditive;
  TrendType trend = TrendType::kNone;
  SeasonType season = SeasonType::kNone;
  /// "ETS(A,Ad,N)" style.
  std::string Name() const;
};

/// A fitted ETS model: smoothing parameters and the final states, in the units of the data.
struct EtsModel {
  EtsSpec spec;
  int m = 1;
  double alpha = 0, beta = 0, gamma = 0, phi = 1;
  double level = 0, trend = 0;
  /// Final seasonal states; element k belongs to periods t with t mod m == k.
  std::vector<double> season;
  /// Number of observations fitted.
  size_t n = 0;
  /// −2 log-likelihood up to a constant shared by all models of the same series.
  double neg2_loglik = 0;
  /// Estimated parameters, including the innovation variance.
  int n_params = 0;
  double aicc = 0;

  /// Point forecasts for the next h periods.
  std::vector<double> Forecast(int h) const;
};

/// Fits one ETS model by maximum likelihood (Nelder–Mead on smoothing parameters and initial
/// states, within the usual bounds: 1e-4 ≤ β ≤ α ≤ 0.9999, γ ≤ 1 − α, 0.8 ≤ φ ≤ 0.98).
/// nullopt when the series is too short for the model (n ≤ parameters + 4), a seasonal model is
/// asked with m < 2 or n < 2m, a multiplicative component meets non-positive data, or no
/// finite likelihood is found. The optimiser stops when the −2 log-likelihood spread over its
/// simplex is at most `tolerance` × (1 + |best|). Series longer than 200 periods keep the
/// heuristic initial level (the initial trend is still estimated).
std::optional<EtsModel> FitEts(const std::vector<double>& y, int m, const EtsSpec& spec,
                               double tolerance = 1e-8);

/// Fits every admissible model (error A/M, trend N/A/Ad, season N/A/M when 2 ≤ m ≤ 24 and
/// n ≥ 2m; multiplicative parts only on positive data; A error with M season excluded, as in
/// R's forecast::ets), each to the relative tolerance 1e-4, and returns the one with the lowest
/// AICc; nullopt when none fits.
/// A constant series gets ETS(A,N,N) at its value.
std::optional<EtsModel> FitAutoEts(const std::vector<double>& y, int m);

}  // namespace mercato::forecast
