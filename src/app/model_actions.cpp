// Training the recommendation models of a store, each surface's model chosen on its own data.
#include "app/model_actions.h"

#include <ctime>

#include "app/evaluation_actions.h"
#include "artifact/artifact.h"
#include "dataset/snapshot.h"
#include "store/open_store.h"

namespace mercato::app {
namespace {

// The model per surface: measured on a time split of the store, or the default order and why.
Result<serving::ModelSelection> ChooseModels(Store& store, const Snapshot& full,
                                             const recommend::RecommendConfig& config,
                                             const TrainRecommendOptions& options) {
  serving::SelectionOptions selection;
  selection.holdout_days = options.holdout_days;
  selection.min_users = options.min_eval_users;
  if (options.holdout_days == 0) {
    return serving::DefaultOrder("selection turned off (--holdout-days 0)", selection);
  }
  auto split = StoreTimeSplit(store, full, options.holdout_days);
  if (split.status().code() == StatusCode::kInvalidArgument ||
      split.status().code() == StatusCode::kFailedPrecondition) {
    return serving::DefaultOrder(
        "no time split (" + split.status().message() + "): every surface keeps its default order",
        selection);
  }
  if (!split.ok()) return split.status();
  return serving::SelectModels(*split, config, selection);
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
  ASSIGN_OR_RETURN(auto store, OpenStore(options.db));
  recommend::RecommendConfig config;
  config.seed = options.seed;
  config.threads = options.threads;
  config.ranker_stored_items = options.ranker_stored_items;
  PendingTraining pending;
  pending.dir = options.artifacts.empty() ? DefaultArtifactDir(options.db) : options.artifacts;
  ASSIGN_OR_RETURN(const Snapshot snapshot, LoadSnapshot(*store));
  ASSIGN_OR_RETURN(serving::ModelSelection selection,
                   ChooseModels(*store, snapshot, config, options));
  ASSIGN_OR_RETURN(
      pending.trained,
      serving::TrainRecommendModels(snapshot, config, std::time(nullptr), std::move(selection)));
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
