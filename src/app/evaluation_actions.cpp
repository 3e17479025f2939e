// Offline evaluations of the recommendation, forecast and VIP models.
#include "app/evaluation_actions.h"

#include <chrono>
#include <fstream>
#include <memory>
#include <utility>

#include "app/customer_data.h"
#include "app/store_currency.h"
#include "common/text.h"
#include "dataset/snapshot.h"
#include "forecast/model_registry.h"
#include "ingest/importer.h"
#include "store/open_store.h"

namespace mercato::app {
namespace {

// Checks the separator against the file's first line (the interactions importer sniffs comma or
// tab).
Status CheckSeparator(const std::string& path, const std::string& sep) {
  if (sep.empty()) return Status::Ok();
  char want = 0;
  if (sep == "TAB" || sep == "tab" || sep == "\\t" || sep == "\t") want = '\t';
  if (sep == ",") want = ',';
  if (want == 0) return InvalidArgument("--sep must be TAB or ',' (got '" + sep + "')");
  std::ifstream in(path);
  std::string first;
  if (!in || !std::getline(in, first)) return IoError("cannot read " + path);
  if (first.find(want) == std::string::npos) {
    return InvalidArgument("the first line of " + path + " has no " +
                           (want == '\t' ? std::string("tab") : std::string("comma")) +
                           " (check --sep)");
  }
  return Status::Ok();
}

Result<recommend::EvalSplit> MakeSplit(const EvaluateRecommendersOptions& a) {
  if (a.split == "time") {
    if (a.db.empty()) return InvalidArgument("--split time needs --db (a store with order times)");
    ASSIGN_OR_RETURN(auto store, OpenStore(a.db));
    ASSIGN_OR_RETURN(const Snapshot full, LoadSnapshot(*store));
    return StoreTimeSplit(*store, full, a.holdout_days);
  }
  if (a.interactions.empty() && a.db.empty()) {
    return InvalidArgument("give --db or --interactions");
  }
  std::unique_ptr<Store> store;
  if (!a.interactions.empty()) {
    RETURN_IF_ERROR(CheckSeparator(a.interactions, a.sep));
    ASSIGN_OR_RETURN(store, OpenStore(":memory:"));
    const ImportReport report = RunImport(*store, "interactions", {a.interactions}, {});
    if (!report.ok())
      return InvalidArgument("cannot read " + a.interactions + ": " + report.aborted);
  } else {
    ASSIGN_OR_RETURN(store, OpenStore(a.db));
  }
  ASSIGN_OR_RETURN(Snapshot full, LoadSnapshot(*store));
  ASSIGN_OR_RETURN(recommend::EvalSplit split,
                   recommend::RandomSplit(full, a.test_fraction, a.seed));
  split.item_texts = recommend::ItemTexts(split.train);
  return split;
}

}  // namespace

Result<recommend::EvalSplit> StoreTimeSplit(Store& store, const Snapshot& full, int holdout_days) {
  ASSIGN_OR_RETURN(const Timestamp cutoff, recommend::TimeSplitCutoff(full, holdout_days));
  ASSIGN_OR_RETURN(Snapshot train, LoadSnapshot(store, {.until = cutoff}));
  return recommend::TimeSplit(full, std::move(train));
}

std::span<const OptionDoc<EvaluateRecommendersOptions>> EvaluateRecommendersOptionDocs() {
  using O = EvaluateRecommendersOptions;
  static const OptionDoc<O> kDocs[] = {
      {"sep", "Separator of the interactions file: TAB or ','", &O::sep},
      {"split", "time (train on the past) or random (per user)", &O::split},
      {"holdout_days", "Time split: days held out at the end", &O::holdout_days},
      {"test_fraction", "Random split: share of each user's items held out", &O::test_fraction},
      {"seed", "Seed of the split and the models", &O::seed},
      {"k", "Length of the recommendation lists", &O::k},
      {"models", "Models to evaluate (comma-separated)", &O::models},
      {"threads", "Training threads (0 = all cores)", &O::threads},
      {"tune_seconds",
       "Seconds for tuning the models' hyper-parameters on the training part's last "
       "--tune-validation-days before measuring (0: the defaults)",
       &O::tune_seconds},
      {"tune_validation_days", "Days at the end of the training part the tuning measures on",
       &O::tune_validation_days},
  };
  return kDocs;
}

Result<RecommenderEvaluation> EvaluateRecommenders(const EvaluateRecommendersOptions& options) {
  std::vector<recommend::ModelKind> kinds;
  for (const std::string& name : options.models) {
    ASSIGN_OR_RETURN(const recommend::ModelKind kind, recommend::ParseModelKind(name));
    kinds.push_back(kind);
  }
  if (!(options.tune_seconds >= 0)) return InvalidArgument("--tune-seconds must be 0 or more");
  if (options.tune_validation_days <= 0) {
    return InvalidArgument("--tune-validation-days must be positive");
  }
  ASSIGN_OR_RETURN(const recommend::EvalSplit split, MakeSplit(options));
  recommend::RecommendConfig config;
  config.seed = options.seed;
  config.threads = options.threads;
  RecommenderEvaluation out;
  if (options.tune_seconds > 0) {
    recommend::TuneOptions tune;
    tune.validation_days = options.tune_validation_days;
    tune.k = options.k;
    tune.seconds = options.tune_seconds;
    ASSIGN_OR_RETURN(out.tuning, recommend::Tune(split.train, config, tune));
    config = out.tuning->config;
  }
  ASSIGN_OR_RETURN(out.reports, recommend::EvaluateModels(split, kinds, config, options.k));
  out.users = recommend::UsersEvaluated(split);
  return out;
}

Result<StoreBacktest> BacktestStoreForecasts(const BacktestStoreOptions& options) {
  StoreBacktest out;
  {
    ASSIGN_OR_RETURN(auto store, OpenStore(options.db));
    ASSIGN_OR_RETURN(const Snapshot snapshot, LoadSnapshot(*store));
    ASSIGN_OR_RETURN(out.demand, forecast::LoadStoreDemand(snapshot, options.store));
  }
  forecast::DemandBacktestSettings settings;
  settings.forecast = forecast::SettingsFor(options.store, out.demand.horizon);
  settings.origins = options.origins;
  settings.models = options.models;
  if (settings.models.empty()) {
    settings.models = forecast::ForecastModelNames(
        [](const forecast::ForecastModel& m) { return m.backtest_by_default; });
  }
  settings.threads = options.store.threads;
  settings.covariates = &out.demand.covariates;
  const auto start = std::chrono::steady_clock::now();
  ASSIGN_OR_RETURN(out.result, forecast::BacktestDemand(out.demand.panel, settings));
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

Result<SeriesBacktest> BacktestSeriesForecasts(const BacktestSeriesOptions& options) {
  Result<int64_t> horizon = ParseInt(Trim(options.horizon));
  if (!horizon.ok() || horizon.value() < 1 || horizon.value() > 100000) {
    return InvalidArgument("--horizon with --series: expected a positive number of points, got '" +
                           options.horizon + "'");
  }
  SeriesBacktest out;
  out.horizon = static_cast<int>(horizon.value());
  const std::vector<std::string> models =
      options.models.empty() ? forecast::ModelNames() : options.models;
  ASSIGN_OR_RETURN(const std::vector<forecast::Series> series,
                   forecast::ReadLongSeries(options.series));
  ASSIGN_OR_RETURN(out.result, forecast::Backtest(series, out.horizon, options.season, models,
                                                  options.threads, options.intervals));
  return out;
}

std::span<const OptionDoc<EvaluateVipOptions>> EvaluateVipOptionDocs() {
  using O = EvaluateVipOptions;
  static const OptionDoc<O> kDocs[] = {
      {"cutoff",
       "Train the evaluation on cohorts whose value window closed by this date (default: halfway)",
       &O::cutoff},
      {"value_days", "A customer's value is over this many days from their first order",
       &O::value_days},
  };
  return kDocs;
}

Result<VipIdentification> EvaluateVipIdentification(const EvaluateVipOptions& options) {
  customers::VipOptions vip;
  vip.value_days = options.value_days;
  std::optional<Timestamp> cutoff;
  if (!options.cutoff.empty()) {
    ASSIGN_OR_RETURN(cutoff, DayAfter(options.cutoff, "--cutoff"));
  }
  ASSIGN_OR_RETURN(const CustomerData data, LoadCustomerData(options.db));
  VipIdentification out;
  ASSIGN_OR_RETURN(out.currency, StoreCurrency(*data.store, options.currency));
  ASSIGN_OR_RETURN(out.evaluation, customers::EvaluateVip(data.history, cutoff, vip));
  // Scoring today's customers uses a model trained on every cohort whose window has closed.
  const Timestamp end = data.history.end + 1;
  ASSIGN_OR_RETURN(const customers::VipModel model, customers::TrainVip(data.history, end, vip));
  ASSIGN_OR_RETURN(out.scores, customers::ScoreVip(model, data.history));
  return out;
}

}  // namespace mercato::app
