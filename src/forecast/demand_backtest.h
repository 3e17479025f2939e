// Rolling-origin backtests of demand models on the store's demand panel: MASE, RMSSE, sMAPE,
// WAPE, bias, pinball loss and quantile coverage, per SKU, per demand class and in aggregate.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "common/status.h"
#include "forecast/demand_forecast.h"
#include "forecast/demand_series.h"
#include "forecast/global_model.h"

namespace mercato::forecast {

/// Accuracy of one model over a set of (series, origin) forecasts. Censored periods are left
/// out of every figure.
struct Accuracy {
  /// (series, origin) forecasts scored, and periods scored.
  size_t forecasts = 0, periods = 0;
  /// Means over forecasts of sMAPE (M4, ×100), MASE and RMSSE; MASE and RMSSE leave out
  /// forecasts whose history has no in-sample naive error to scale by.
  double smape = 0, mase = 0, rmsse = 0;
  /// Σ|y − f| / Σy of the point forecast (the mean) and of the P50.
  double wape = 0, wape_p50 = 0;
  /// Σ(f − y) / Σy: positive when over-forecasting.
  double bias = 0;
  /// Pinball loss summed over the quantiles 0.5, 0.9 and 0.95, divided by 3 Σy.
  double pinball = 0;
  /// Share of actual values at or below the P50, P90 and P95.
  double coverage_p50 = 0, coverage_p90 = 0, coverage_p95 = 0;
};

/// Running sums behind an Accuracy.
struct AccuracySums {
  size_t forecasts = 0, periods = 0, scaled = 0;
  double smape = 0, mase = 0, rmsse = 0, abs_error = 0, abs_error_p50 = 0, error = 0,
         actual_sum = 0, pinball = 0, below_p50 = 0, below_p90 = 0, below_p95 = 0;
  /// Scores one forecast of `actual` (NaN = censored, skipped) made from `history`.
  void Add(const std::vector<double>& history, const std::vector<double>& actual,
           const DemandForecast& forecast);
  void Merge(const AccuracySums& other);
  Accuracy Finish() const;
};

struct DemandBacktestSettings {
  DemandForecastSettings forecast;
  /// Origins, one period apart; the last is `horizon` periods before the panel's end.
  int origins = 1;
  std::vector<std::string> models;
  int threads = 1;
  /// Settings of the panel models "global" and "ensemble" (threads are taken from `threads`),
  /// and their covariates (may be null), whose calendar the per-series models read too.
  GlobalModelSettings global;
  const PanelCovariates* covariates = nullptr;
};

struct SkuAccuracy {
  std::string sku, location;
  /// Class of the history at the last origin.
  DemandClass demand_class = DemandClass::kSmooth;
  std::map<std::string, Accuracy> models;
};

struct DemandBacktestResult {
  /// Series with at least one scored forecast.
  size_t series = 0;
  std::map<std::string, Accuracy> models;
  /// Demand class name → model → accuracy (class of the history at each origin).
  std::map<std::string, std::map<std::string, Accuracy>> by_class;
  /// For "select" and "class": how often each underlying model was chosen.
  std::map<std::string, std::map<std::string, size_t>> chosen;
  std::vector<SkuAccuracy> skus;
  /// With "global" or "ensemble": the ensemble's weight of the global model per demand class
  /// and the global model's feature gains, both at the last origin.
  std::map<std::string, double> ensemble_weights;
  std::vector<std::pair<std::string, double>> feature_gain;
};

/// Runs every model from every origin on every series of `panel` with history before the
/// origin; the panel models (IsPanelModel) are fitted once per origin on every series.
/// InvalidArgument for an unknown model, origins < 1, or a panel too short for horizon + origins
/// periods.
Result<DemandBacktestResult> BacktestDemand(const DemandPanel& panel,
                                            const DemandBacktestSettings& settings);

}  // namespace mercato::forecast
