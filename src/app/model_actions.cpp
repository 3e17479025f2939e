// Training the recommendation models of a store.
#include "app/model_actions.h"

#include <ctime>

#include "artifact/artifact.h"
#include "dataset/snapshot.h"
#include "store/open_store.h"

namespace mercato::app {

std::span<const OptionDoc<TrainRecommendOptions>> TrainRecommendOptionDocs() {
  using O = TrainRecommendOptions;
  static const OptionDoc<O> kDocs[] = {
      {"artifacts", "Artifacts directory (default: <db>.artifacts)", &O::artifacts},
      {"seed", "Random seed", &O::seed},
      {"threads", "Threads (0: all cores)", &O::threads},
  };
  return kDocs;
}

Result<serving::TrainReport> TrainRecommenders(const TrainRecommendOptions& options) {
  ASSIGN_OR_RETURN(auto store, OpenStore(options.db));
  recommend::RecommendConfig config;
  config.seed = options.seed;
  config.threads = options.threads;
  const std::string dir =
      options.artifacts.empty() ? DefaultArtifactDir(options.db) : options.artifacts;
  ASSIGN_OR_RETURN(const Snapshot snapshot, LoadSnapshot(*store));
  return serving::TrainRecommendArtifacts(snapshot, dir, config, std::time(nullptr));
}

}  // namespace mercato::app
