// The global gradient-boosted demand model: one XGBoost model trained across every SKU of the
// panel on lags, rolling statistics, calendar, price, promotion, holiday and CSV covariates,
// and the ensemble that weighs it against the per-class local model by backtest.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/status.h"
#include "forecast/covariates.h"
#include "forecast/demand_forecast.h"
#include "forecast/demand_series.h"

namespace mercato::forecast {

struct GlobalModelSettings {
  /// Boosting rounds, tree depth and learning rate of the XGBoost model.
  int rounds = 300;
  int max_depth = 6;
  double eta = 0.05;
  /// Training origins: the most recent `train_origins` periods before the fit's cut-off, each
  /// giving one example per series and step 1..horizon whose target lies before the cut-off.
  int train_origins = 30;
  /// Observed periods a series needs before an origin to give an example or be forecast.
  int min_history = 4;
  uint64_t seed = 42;
  /// XGBoost threads. The same data, settings and seed give the same forecasts.
  int threads = 1;
};

/// Forecasts of every series from one origin.
struct GlobalForecasts {
  /// Per series (as panel.series): the global model's forecast ("global"), with quantiles from
  /// its errors on the validation window; the "class" model's forecast where the series has
  /// fewer than min_history observed periods.
  std::vector<DemandForecast> global;
  /// Per series: weight × global + (1 − weight) × the "class" model, the weight per demand class
  /// chosen from {0, ¼, ½, ¾, 1} by the pooled absolute error on the validation window
  /// ("ensemble"); the class model alone where the global forecast is empty.
  std::vector<DemandForecast> ensemble;
  /// Demand class name → weight of the global model in the ensemble.
  std::map<std::string, double> weights;
  /// Feature names and their average split gain in the final model.
  std::vector<std::pair<std::string, double>> gain;
};

/// Forecasts `settings.horizon` periods of every series of `panel` from period `origin`
/// (panel.first < origin ≤ panel.end; history = the periods before it). Two fits: one with
/// targets before origin − horizon, scored on the validation window [origin − horizon, origin)
/// to pick the ensemble weights and the quantiles, and the final one with targets before origin.
/// `covariates` (may be null) must span the panel and the horizon. InvalidArgument when the
/// panel has no example to train on or an argument is out of range.
Result<GlobalForecasts> ForecastGlobal(const DemandPanel& panel, const PanelCovariates* covariates,
                                       int64_t origin, const DemandForecastSettings& settings,
                                       const GlobalModelSettings& global);

}  // namespace mercato::forecast
