// Training the recommendation models of a store, tuned and each surface's model chosen on its own
// data.
#include "app/model_actions.h"

#include <ctime>
#include <optional>
#include <string>

#include "app/evaluation_actions.h"
#include "artifact/artifact.h"
#include "dataset/snapshot.h"
#include "recommend/tuning.h"
#include "store/open_store.h"

namespace mercato::app {
namespace {

// The selection's time split of the store, or why there is none (the default order's reason).
Result<std::optional<recommend::EvalSplit>> SelectionSplit(Store& store, const Snapshot& full,
                                                           const TrainRecommendOptions& options,
                                                           std::string& why_none) {
  if (options.holdout_days == 0) {
    why_none = "selection turned off (--holdout-days 0)";
    return std::optional<recommend::EvalSplit>();
  }
  auto split = StoreTimeSplit(store, full, options.holdout_days);
  if (split.status().code() == StatusCode::kInvalidArgument ||
      split.status().code() == StatusCode::kFailedPrecondition) {
    why_none =
        "no time split (" + split.status().message() + "): every surface keeps its default order";
    return std::optional<recommend::EvalSplit>();
  }
  if (!split.ok()) return split.status();
  return std::optional<recommend::EvalSplit>(std::move(split).value());
}

}  // namespace

std::span<const OptionDoc<TrainRecommendOptions>> TrainRecommendOptionDocs() {
  using O = TrainRecommendOptions;
  static const OptionDoc<O> kDocs[] = {
      {"artifacts", "Artifacts directory (default: <db>.artifacts)", &O::artifacts},
      {"seed", "Random seed", &O::seed},
      {"threads", "Threads (0: all cores)", &O::threads},
      {"holdout_days",
       "Choose each surface's model on the history before the last so many days, measured on "
       "them (0: no choice, default order)",
       &O::holdout_days},
      {"min_eval_users",
       "Customers with held-out purchases needed to choose; fewer keep the default order",
       &O::min_eval_users},
      {"ranker_stored_items",
       "Items of each known customer's ranker list ranked at training and served by lookup "
       "(0: ranked live per query, milliseconds each)",
       &O::ranker_stored_items},
      {"tune_seconds",
       "Seconds spent choosing the models' hyper-parameters on the training window's last "
       "--tune-validation-days (0: the defaults)",
       &O::tune_seconds},
      {"tune_validation_days",
       "Days at the end of the training window (before the selection's holdout) the tuning "
       "measures on",
       &O::tune_validation_days},
  };
  return kDocs;
}

Result<PendingTraining> TrainRecommendersInMemory(const TrainRecommendOptions& options) {
  if (options.holdout_days < 0) return InvalidArgument("--holdout-days must be 0 or more");
  if (options.ranker_stored_items < 0 ||
      options.ranker_stored_items > recommend::RecommendConfig::kMaxRankerStoredItems) {
    return InvalidArgument("--ranker-stored-items must be between 0 and " +
                           std::to_string(recommend::RecommendConfig::kMaxRankerStoredItems));
  }
  if (!(options.tune_seconds >= 0)) return InvalidArgument("--tune-seconds must be 0 or more");
  if (options.tune_validation_days <= 0) {
    return InvalidArgument("--tune-validation-days must be positive");
  }
  ASSIGN_OR_RETURN(auto store, OpenStore(options.db));
  recommend::RecommendConfig config;
  config.seed = options.seed;
  config.threads = options.threads;
  config.ranker_stored_items = options.ranker_stored_items;
  PendingTraining pending;
  pending.dir = options.artifacts.empty() ? DefaultArtifactDir(options.db) : options.artifacts;
  ASSIGN_OR_RETURN(const Snapshot snapshot, LoadSnapshot(*store));
  serving::SelectionOptions selection_options;
  selection_options.holdout_days = options.holdout_days;
  selection_options.min_users = options.min_eval_users;
  std::string no_split;
  ASSIGN_OR_RETURN(const std::optional<recommend::EvalSplit> split,
                   SelectionSplit(*store, snapshot, options, no_split));
  // The tuning sees the selection's training part only, never the days the selection holds out.
  recommend::TuneOptions tune;
  tune.validation_days = options.tune_validation_days;
  tune.min_users = options.min_eval_users;
  tune.seconds = options.tune_seconds;
  ASSIGN_OR_RETURN(recommend::Tuning tuning,
                   recommend::Tune(split ? split->train : snapshot, config, tune));
  config = tuning.config;
  serving::ModelSelection selection = serving::DefaultOrder(no_split, selection_options);
  if (split) {
    ASSIGN_OR_RETURN(selection, serving::SelectModels(*split, config, selection_options));
  }
  ASSIGN_OR_RETURN(pending.trained,
                   serving::TrainRecommendModels(snapshot, config, std::time(nullptr),
                                                 std::move(selection), std::move(tuning)));
  pending.customers.reserve(static_cast<size_t>(snapshot.customers.size()));
  for (int32_t c = 0; c < snapshot.customers.size(); ++c) {
    pending.customers.emplace_back(snapshot.customers.Key(c));
  }
  return pending;
}

Result<serving::TrainReport> WritePendingTraining(Store& store, PendingTraining pending) {
  ASSIGN_OR_RETURN(const bool any_erased, store.AnyErased());
  if (any_erased) {
    for (const std::string& id : pending.customers) {
      ASSIGN_OR_RETURN(const bool erased, store.IsErased(ErasedCustomerHash(id)));
      if (erased) {
        return FailedPrecondition(
            "a customer was erased while the models trained; nothing written, train again");
      }
    }
  }
  return serving::WriteTrainedArtifacts(std::move(pending.trained), pending.dir);
}

Result<serving::TrainReport> TrainRecommenders(const TrainRecommendOptions& options) {
  ASSIGN_OR_RETURN(PendingTraining pending, TrainRecommendersInMemory(options));
  ASSIGN_OR_RETURN(auto store, OpenStore(options.db));
  return WritePendingTraining(*store, std::move(pending));
}

}  // namespace mercato::app
