// Univariate point-forecast models: naive, seasonal naive, Naive2, SES, Holt, damped, automatic
// ETS, Theta, the automatic choice, STL + ETS and the moving average and median (registered by
// name, with Croston, SBA and TSB, in model_registry).
#pragma once

#include <vector>

namespace mercato::forecast {

/// Signature of every model: history y (non-empty), horizon h ≥ 1, season length m ≥ 1.
/// Forecasts are always finite: a model that cannot fit falls back to the naive forecast.
using ModelFn = std::vector<double> (*)(const std::vector<double>& y, int h, int m);

/// Last value repeated.
std::vector<double> ForecastNaive(const std::vector<double>& y, int h, int m);
/// Value of the same season one cycle earlier (naive when n < m).
std::vector<double> ForecastSeasonalNaive(const std::vector<double>& y, int h, int m);
/// M4's Naive2: naive on data seasonally adjusted by classical multiplicative decomposition
/// when the 90% autocorrelation test finds seasonality (see SeasonalAdjustment).
std::vector<double> ForecastNaive2(const std::vector<double>& y, int h, int m);
/// M4 benchmarks SES, Holt and Damped: ETS(A,N,N), ETS(A,A,N), ETS(A,Ad,N) on the seasonally
/// adjusted data, reseasonalised.
std::vector<double> ForecastSes(const std::vector<double>& y, int h, int m);
std::vector<double> ForecastHolt(const std::vector<double>& y, int h, int m);
std::vector<double> ForecastDamped(const std::vector<double>& y, int h, int m);
/// The ETS model with the lowest AICc (FitAutoEts) on the raw data.
std::vector<double> ForecastEts(const std::vector<double>& y, int h, int m);
/// M4's Theta benchmark: on seasonally adjusted data, the mean of the linear trend (theta = 0
/// line) extrapolated and SES on the theta = 2 line — SES with drift of half the trend slope.
std::vector<double> ForecastTheta(const std::vector<double>& y, int h, int m);
/// The automatic choice: the median, step by step, of ETS, Theta and Damped. Chosen by
/// measurement on M4 Weekly (bench/forecast_bench.py): sMAPE 8.832 / MASE 2.400, against
/// 8.600 / 2.526 for ETS by AICc alone.
std::vector<double> ForecastAuto(const std::vector<double>& y, int h, int m);
/// The median, step by step, of three forecasts of the same length.
std::vector<double> MedianOfThree(const std::vector<double>& a, const std::vector<double>& b,
                                  const std::vector<double>& c);
/// forecast::stlf: STL with period m (Mstl with the one period: s_window 11), the ETS model without
/// season with the lowest AICc on the seasonally adjusted series, plus the last cycle of the
/// seasonal component repeated. Carries cycles too long for seasonal ETS (52 weeks). ETS without
/// season on the series itself when m < 2 or n ≤ 2m.
std::vector<double> ForecastStlf(const std::vector<double>& y, int h, int m);

/// The merchant's baseline: moving average of the last 4 periods (ForecastMovingAverage).
std::vector<double> ForecastMa(const std::vector<double>& y, int h, int m);
/// Median of the last 4 periods (ForecastMovingMedian).
std::vector<double> ForecastMedian(const std::vector<double>& y, int h, int m);

}  // namespace mercato::forecast
