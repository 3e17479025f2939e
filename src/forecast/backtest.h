// Holdout backtests of forecast models on a panel of series read from a long-format CSV.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"

namespace mercato::forecast {

struct Series {
  std::string id;
  std::vector<double> values;  // in period order
};

/// Reads `series_id,t,value` (a header row with those names first; plain, .gz or .zst): t an
/// integer period or a date, every value a finite number. Rows are sorted by t within a series;
/// series keep the order of their first row. A bad row or a repeated (series_id, t) is an
/// InvalidArgument error naming the file, line and column.
Result<std::vector<Series>> ReadLongSeries(const std::string& path);

struct ModelScore {
  /// Means over series of the per-series sMAPE and MASE (M4 definitions).
  double smape = 0, mase = 0;
  /// OWA relative to Naive2 on the same series.
  double owa = 0;
  /// Wall time spent forecasting all series (on all threads).
  double seconds = 0;
  /// For a model that picks another per series (ForecastModel::choose): series per pick.
  std::map<std::string, size_t> chosen;
  /// With intervals: the share of held-out points at or below the model's P90 and P95.
  std::optional<double> coverage_p90, coverage_p95;
};

struct BacktestResult {
  size_t series = 0;
  /// Series left out of the MASE means because their in-sample seasonal-naive error is 0.
  size_t series_without_mase_scale = 0;
  /// Per model name; always includes naive2, the OWA reference.
  std::map<std::string, ModelScore> models;
};

/// Holds out the last `horizon` points of each series, forecasts them from the rest with each
/// named model (season `season` for the models and the MASE scale) and scores them. Unknown
/// model names and series with no more than `horizon` points are InvalidArgument errors.
/// Series are forecast on `threads` threads; the scores do not depend on their number. With
/// `intervals`, each model's P90 and P95 as ForecastDemand gives them (the point forecast plus
/// the quantiles of its errors at 6 origins inside the history) are scored too, outside the
/// timed forecasts.
Result<BacktestResult> Backtest(const std::vector<Series>& series, int horizon, int season,
                                const std::vector<std::string>& models, int threads = 1,
                                bool intervals = false);

}  // namespace mercato::forecast
