// The registry of forecast models: one entry per model (name, scope, what it reads, a one-line
// description and the function that runs it) from which the model names, their validation, the
// help texts, the forecast and backtest dispatch and the contract suite are derived. Adding a
// model: its entry in model_registry.cpp and its own files.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "forecast/compound.h"
#include "forecast/demand_forecast.h"
#include "forecast/dhr.h"
#include "forecast/global_model.h"
#include "forecast/model_choice.h"
#include "forecast/models.h"

namespace mercato::forecast {

/// How much of the data one forecast of the model sees.
enum class ModelScope : uint8_t {
  kLocal,      // one series, from its own history
  kCombining,  // one series, by choosing among the local models for it
  kPanel,      // every series of a panel at once, learning across them
};

/// What the model reads beside a series' demand history.
enum class ModelInput : uint8_t {
  kHistory,     // nothing else
  kOrderLines,  // the series' order lines (lines per period, units per line)
  kCovariates,  // the whole panel and its covariates (prices, promotions, holidays, CSV)
};

/// Forecast of one series with quantiles, for the models that are not a point forecast with
/// error quantiles; `lines` is empty unless the model reads order lines.
using SeriesModelFn = DemandForecast (*)(const std::vector<double>& history,
                                         const OrderLineHistory& lines,
                                         const DemandForecastSettings& settings);
/// A point forecast with regressors `x` over the history and the horizon (n + h values each).
using DatedModelFn = std::vector<double> (*)(const std::vector<double>& y, int h, int m,
                                             const DhrRegressors& x);
/// A point forecast over a window of the last periods (DemandForecastSettings::ma_window).
using WindowModelFn = std::vector<double> (*)(const std::vector<double>& y, int h, int window);

/// One registered model. Exactly one way to run it is set: `point` (with `windowed` for the
/// window models) for local models on the history alone, `series` for the other per-series
/// models, `panel` for panel models.
struct ForecastModel {
  std::string_view name;
  ModelScope scope = ModelScope::kLocal;
  ModelInput input = ModelInput::kHistory;
  /// What the model does, in one line.
  std::string_view doc;
  /// The point forecast of a local model on the history alone (season length m).
  ModelFn point = nullptr;
  /// The same model with the window of the demand settings, when it has one.
  WindowModelFn windowed = nullptr;
  /// The same model with the calendar's regressors and season (Calendar::season: the store's
  /// forecasts run with season 1), which the demand forecasts use when their settings carry a
  /// calendar.
  DatedModelFn dated = nullptr;
  /// For a local model that picks another local model per series (its `point` forecasts with
  /// the pick): the name of the pick, which forecasts and backtests report.
  std::string_view (*choose)(const std::vector<double>& y, int h, int m) = nullptr;
  /// The forecast of a combining model or of a model reading order lines.
  SeriesModelFn series = nullptr;
  /// A panel model's forecasts among those of ForecastGlobal.
  std::vector<DemandForecast> GlobalForecasts::*panel = nullptr;
  /// Whether its forecasts name, per series, the model that made them (the combining models
  /// and the ensemble); backtests count these choices.
  bool reports_choice = false;
  /// Whether `mercato forecast backtest --db` runs it when no --models are given.
  bool backtest_by_default = false;
};

/// Every model, in a stable order: local, combining, panel (names list in this order).
std::span<const ForecastModel> ForecastModels();

/// The model of that name, or null.
const ForecastModel* FindForecastModel(std::string_view name);

/// The names of the models `keep` accepts (every model when null), in registry order.
std::vector<std::string> ForecastModelNames(bool (*keep)(const ForecastModel&) = nullptr);

/// Whether the model forecasts one series at a time (local or combining), and whether it is a
/// panel model.
bool IsPerSeriesModel(const ForecastModel& model);
bool IsPanelModel(const ForecastModel& model);
/// Whether the model is a point forecast of the history alone (ModelFn): the models of series
/// files (Backtest) and of inventory planning.
bool IsPointModel(const ForecastModel& model);

/// The point forecast of the model of that name, or null when there is none (unknown name, or
/// a model that is not a point model).
ModelFn FindModel(std::string_view name);
/// The names of the point models (IsPointModel), in registry order.
std::vector<std::string> ModelNames();

}  // namespace mercato::forecast
