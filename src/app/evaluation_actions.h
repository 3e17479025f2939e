// Offline evaluation actions: the recommendation models on a time or random split, rolling-origin
// backtests of the forecast models on a store or holdout backtests of a series file, and VIP
// identification evaluated on later cohorts with today's customers scored. `mercato eval
// recommend`, `mercato forecast backtest` and `mercato customers vip` call these.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "app/option_doc.h"
#include "common/status.h"
#include "customers/vip.h"
#include "forecast/backtest.h"
#include "forecast/demand_backtest.h"
#include "forecast/store_forecast.h"
#include "recommend/evaluation.h"
#include "recommend/model_registry.h"
#include "recommend/tuning.h"
#include "store/store.h"

namespace mercato::app {

struct EvaluateRecommendersOptions {
  std::string db;            // a store, or
  std::string interactions;  // an interactions file (user,item[,weight][,timestamp])
  std::string sep;           // the interactions file's separator: TAB or ',' (empty: sniffed)
  std::string split;         // time (train on the past, needs db) or random (per user)
  int holdout_days = 30;
  double test_fraction = 0.25;
  uint64_t seed = 42;
  int k = 10;
  int threads = 0;  // 0: all cores
  std::vector<std::string> models = recommend::RecommendModelNames();
  /// Seconds for tuning the models' hyper-parameters on the training part's last
  /// tune_validation_days before measuring (recommend::Tune); 0: the defaults, untuned.
  double tune_seconds = 0;
  int tune_validation_days = recommend::TuneOptions{}.validation_days;
};

struct RecommenderEvaluation {
  int64_t users = 0;  // customers with both training history and held-out items
  std::vector<recommend::ModelReport> reports;  // one per model, in the order asked
  std::optional<recommend::Tuning> tuning;      // when tune_seconds > 0: the values measured
};

/// The time split of a store whose full snapshot is `full`: trains on what came before its last
/// `holdout_days` (loaded from `store`), holds out the rest (recommend::TimeSplit).
Result<recommend::EvalSplit> StoreTimeSplit(Store& store, const Snapshot& full, int holdout_days);

/// The options a user sets besides the data: sep, split, holdout_days, test_fraction, seed, k,
/// models, threads, tune_seconds, tune_validation_days.
std::span<const OptionDoc<EvaluateRecommendersOptions>> EvaluateRecommendersOptionDocs();

/// Splits the data, trains every model asked for on the training part (with the values tuned on
/// that part's last days when tune_seconds > 0: the held-out part is never looked at) and
/// measures its lists of `k` against the held-out part. Unknown model names, a negative
/// tune_seconds or a tune_validation_days below 1 are InvalidArgument before any read.
Result<RecommenderEvaluation> EvaluateRecommenders(const EvaluateRecommendersOptions& options);

struct BacktestStoreOptions {
  std::string db;
  forecast::StoreForecastOptions store;  // horizon, period, series and covariates
  int origins = 1;                       // rolling origins, one period apart
  std::vector<std::string> models;       // empty: the registry's backtest defaults
};

struct StoreBacktest {
  forecast::StoreDemand demand;  // the panel backtested (its covariates' countries) and horizon
  forecast::DemandBacktestResult result;
  double seconds = 0;  // wall time of the backtest itself
};

/// Rolling-origin backtest of the forecast models on the store's demand panel.
Result<StoreBacktest> BacktestStoreForecasts(const BacktestStoreOptions& options);

struct BacktestSeriesOptions {
  std::string series;   // long-format CSV: series_id,t,value
  std::string horizon;  // points held out, as text (checked here)
  int season = 1;
  std::vector<std::string> models;  // empty: every point model
  int threads = 1;
  bool intervals = false;  // also score each model's P90 / P95 (forecast::Backtest)
};

struct SeriesBacktest {
  int horizon = 0;
  forecast::BacktestResult result;
};

/// Holdout backtest of the point models on every series of the file.
Result<SeriesBacktest> BacktestSeriesForecasts(const BacktestSeriesOptions& options);

struct EvaluateVipOptions {
  std::string db;
  /// The evaluation's training cut-off (YYYY-MM-DD, inclusive): cohorts whose value window closed
  /// by it train, the later ones are evaluated. Empty: the date that splits the cohorts in half.
  std::string cutoff;
  /// A customer's value is over this many days from their first order.
  int value_days = customers::VipOptions{}.value_days;
  /// The store's currency when configured ([shop] currency); empty: the one its imports recorded
  /// (app/store_currency.h).
  std::string currency;
};

/// The options a user sets besides the store: cutoff, value_days.
std::span<const OptionDoc<EvaluateVipOptions>> EvaluateVipOptionDocs();

struct VipIdentification {
  customers::VipEvaluation evaluation;      // on the later cohorts, trained on the earlier ones
  std::vector<customers::VipScore> scores;  // today's customers, highest P(VIP) first
  std::string currency;                     // of the spend; empty when unknown
};

/// Evaluates VIP identification at the 2nd and 3rd order on a time split, then scores today's
/// customers with a model trained on every cohort whose value window has closed.
Result<VipIdentification> EvaluateVipIdentification(const EvaluateVipOptions& options);

}  // namespace mercato::app
