// Dynamic harmonic regression ("dhr"): a linear trend and Fourier terms of one or more
// (possibly fractional) periods fitted by least squares, the number of harmonics chosen by AICc,
// and a non-seasonal ETS model of the regression's residuals.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "forecast/ets.h"

namespace mercato::forecast {

/// The periods whose Fourier terms dhr fits for season length m: 365.25 / 7 for weekly data
/// (m = 52), 7 and 365.25 for daily data (m = 7), m itself for any other m ≥ 2, none for m < 2.
std::vector<double> DhrPeriods(int m);

/// Extra regressors of a regression (holidays, events): one column per regressor, each holding
/// the history's periods and then the horizon's (at least history + h values when forecasting).
using DhrRegressors = std::vector<std::vector<double>>;

/// A fitted dynamic harmonic regression.
struct DhrModel {
  std::vector<double> periods;
  /// Harmonic pairs (sin, cos) per period, in the order of `periods`.
  std::vector<int> harmonics;
  /// Coefficients: intercept and slope on t = 1, 2, …, n; for each period, sin and cos of
  /// 2πkt / p for each harmonic k = 1..K; then one per regressor kept.
  std::vector<double> coef;
  /// Indices (into the DhrRegressors given to FitDhr) of the regressors in the regression: those
  /// that vary over the history.
  std::vector<size_t> regressors;
  /// Observations fitted, and the AICc of the regression (its residual variance by maximum
  /// likelihood, coefficients plus the variance counted as parameters).
  size_t n = 0;
  double aicc = 0;
  /// The non-seasonal ETS model of the regression's residuals; none when it could not be fitted
  /// (the residuals' forecast is then 0).
  std::optional<EtsModel> errors;

  /// The regression's value at period t (0-based; t ≥ n is the horizon), `x` the regressors as
  /// given to FitDhr.
  double Regression(size_t t, const DhrRegressors& x = {}) const;
  /// Forecast of the next h periods: the regression extrapolated plus the errors' forecast;
  /// `x` must hold n + h values per regressor given to FitDhr.
  std::vector<double> Forecast(int h, const DhrRegressors& x = {}) const;
};

/// Fits y (finite values) on a linear trend, K_p Fourier pairs for each period p (1 < p) and the
/// regressors `x` (each with at least y.size() values) by least squares. K_p runs from 0 to the
/// largest integer below p / 2, at most 26, and only when the history holds a whole cycle
/// (n > p); periods are searched shortest first, each at the others' current choice, keeping
/// the K of lowest AICc. Regressors constant over the history are left out. Every fit keeps at
/// least 3 observations more than its coefficients. The residuals' model is FitAutoEts with no
/// season. nullopt when y has fewer than 5 values.
std::optional<DhrModel> FitDhr(const std::vector<double>& y, const std::vector<double>& periods,
                               const DhrRegressors& x = {});

/// The dhr point forecast (a ModelFn): FitDhr on DhrPeriods(m), naive when it cannot be fitted.
std::vector<double> ForecastDhr(const std::vector<double>& y, int h, int m);
/// ForecastDhr with the regressors `x` (each with y.size() + h values: the history's periods,
/// then the horizon's).
std::vector<double> ForecastDhrDated(const std::vector<double>& y, int h, int m,
                                     const DhrRegressors& x);

}  // namespace mercato::forecast
