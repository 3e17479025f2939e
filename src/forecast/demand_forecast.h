// Forecasts of one demand series: a named model or an automatic choice (by rolling-origin
// backtest on the series' own history, or by demand class), with P50/P90/P95 quantiles from
// the model's own rolling-origin errors.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "forecast/calendar.h"
#include "forecast/demand_series.h"
#include "forecast/intermittent.h"

namespace mercato::forecast {

struct DemandForecastSettings {
  int horizon = 8;
  /// Season length for the seasonal models (1: none).
  int season = 1;
  /// Window of the moving-average baseline "ma" and of the moving median "median".
  int ma_window = 4;
  /// Origins at the end of the history whose forecast errors decide "select" and give the
  /// quantiles (each origin forecasts up to `horizon` periods it has actuals for).
  int inner_origins = 6;
  /// Regressors by date (calendar.h) for the models that read them (dhr); null: none. `end` is
  /// the calendar period just after the history's last (ForecastPanel and BacktestDemand set
  /// it); a history with censored periods left out is aligned by its end.
  const Calendar* calendar = nullptr;
  int64_t end = 0;
};

struct DemandForecast {
  /// The model that made the forecast: the one asked for, or the one "select"/"class" chose.
  std::string model;
  /// Class of the history (ClassifyDemand).
  DemandClass demand_class = DemandClass::kSmooth;
  /// Point forecast (the model's mean) and quantiles, `horizon` values each, all ≥ 0.
  std::vector<double> mean, p50, p90, p95;
};

/// Forecasts `history` (observed demand, no censored periods; may be empty: then all zeros)
/// with the registered local or combining model `model` (model_registry.h; "ma" and "median"
/// over settings.ma_window). Quantiles of the point models: the point forecast plus the
/// empirical 50/90/95% quantiles of the model's errors at the inner origins, floored at 0; with
/// no inner origin (history shorter than 3) every quantile equals the point forecast. A model
/// reading order lines ("compound") reads `lines` (the order lines of the same periods).
/// InvalidArgument for an unknown or panel model, a horizon < 1, or order lines missing.
Result<DemandForecast> ForecastDemand(const std::vector<double>& history, const std::string& model,
                                      const DemandForecastSettings& settings,
                                      const OrderLineHistory* lines = nullptr);

/// The per-series models that are not a point model, as registered and run by ForecastDemand
/// (which sets the demand class).
/// "select": the candidate (ma, median, naive, ses, theta, sba, tsb) with the lowest absolute
/// error over the inner origins, with that model's quantiles.
DemandForecast ForecastSelect(const std::vector<double>& history, const OrderLineHistory& lines,
                              const DemandForecastSettings& settings);
/// "class": by demand class — theta for smooth, median for erratic and lumpy, TSB for
/// intermittent — with that model's quantiles.
DemandForecast ForecastByClass(const std::vector<double>& history, const OrderLineHistory& lines,
                               const DemandForecastSettings& settings);
/// "compound": ForecastCompound on `lines`; its quantiles are its own simulated distribution,
/// its mean the rate × mean line units.
DemandForecast ForecastCompoundDemand(const std::vector<double>& history,
                                      const OrderLineHistory& lines,
                                      const DemandForecastSettings& settings);

/// Forecasts every series of `panel` from its observed history with `model`, on `threads`
/// threads (the result does not depend on their number); element i belongs to panel.series[i]
/// and covers the `horizon` periods from panel.end (settings.end is set to panel.end). Errors as
/// ForecastDemand (panel models run through ForecastGlobal).
Result<std::vector<DemandForecast>> ForecastPanel(const DemandPanel& panel,
                                                  const std::string& model,
                                                  DemandForecastSettings settings, int threads);

/// Empirical quantile (linear interpolation between order statistics) of `values`, p in [0, 1];
/// 0 when empty. Sorts `values`.
double EmpiricalQuantile(std::vector<double>& values, double p);

}  // namespace mercato::forecast
