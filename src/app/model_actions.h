// Model actions: train the recommendation models of a store into the versioned artifacts that
// `mercato recommend`, campaigns and the server load, tuning their hyper-parameters and choosing
// each surface's model by time-split evaluations on the store's own data. `mercato train recommend`
// and the server's scheduled retraining call these.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "app/option_doc.h"
#include "common/status.h"
#include "recommend/tuning.h"
#include "recommend_serving/training.h"
#include "store/store.h"

namespace mercato::app {

struct TrainRecommendOptions {
  std::string db;
  std::string artifacts;  // empty: <db>.artifacts
  uint64_t seed = 42;
  int threads = 0;  // 0: all cores
  /// The model per surface is chosen on the store's history before its last holdout_days days,
  /// measured on those days; 0: no selection, every surface asks in its default order.
  int holdout_days = serving::SelectionOptions{}.holdout_days;
  /// Fewer customers with purchases in the held-out days than this keeps the default order.
  int64_t min_eval_users = serving::SelectionOptions{}.min_users;
  /// Items of each known customer's ranker list ranked at training and served by lookup
  /// (recommend::RecommendConfig::ranker_stored_items); 0: ranked live per query.
  int ranker_stored_items = recommend::RecommendConfig{}.ranker_stored_items;
  /// Wall-clock seconds for choosing the models' hyper-parameters (recommend::Tune) on the last
  /// tune_validation_days of the training window; 0: every model keeps its defaults.
  double tune_seconds = recommend::TuneOptions{}.seconds;
  int tune_validation_days = recommend::TuneOptions{}.validation_days;
};

/// The options a user sets besides the store: artifacts, seed, threads, holdout_days,
/// min_eval_users, ranker_stored_items, tune_seconds, tune_validation_days.
std::span<const OptionDoc<TrainRecommendOptions>> TrainRecommendOptionDocs();

/// A training run held in memory, not written yet.
struct PendingTraining {
  serving::TrainedArtifacts trained;
  std::string dir;                     // the artifacts folder it is for
  std::vector<std::string> customers;  // the customers its models know
};

/// Loads the store's snapshot, tunes the models' hyper-parameters on the training part of the
/// selection's time split (the whole history when there is none; recommend::Tune: a store too
/// short or too small keeps the defaults and the record says why), chooses the model per surface
/// with the tuned values (serving::SelectModels on that split; a store too short for the split,
/// or with too few held-out customers, keeps the default order and the selection says why) and
/// trains every registered recommender on all the data with them, stamped with the current time,
/// the tuning recorded beside. Nothing is written.
Result<PendingTraining> TrainRecommendersInMemory(const TrainRecommendOptions& options);

/// Writes a pending run into its folder, unless a customer it knows was erased from `store`
/// since its data was read: then FailedPrecondition and nothing written (train again). The
/// caller holds `store` so that no erasure runs while the files are written.
Result<serving::TrainReport> WritePendingTraining(Store& store, PendingTraining pending);

/// TrainRecommendersInMemory, then WritePendingTraining (the report's `dir` is where). A
/// failure writes nothing.
Result<serving::TrainReport> TrainRecommenders(const TrainRecommendOptions& options);

}  // namespace mercato::app
