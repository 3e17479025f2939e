// Model actions: train the recommendation models of a store into the versioned artifacts that
// `mercato recommend`, campaigns and the server load. `mercato train recommend` calls this.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "app/option_doc.h"
#include "common/status.h"
#include "recommend_serving/training.h"

namespace mercato::app {

struct TrainRecommendOptions {
  std::string db;
  std::string artifacts;  // empty: <db>.artifacts
  uint64_t seed = 42;
  int threads = 0;  // 0: all cores
};

/// The options a user sets besides the store: artifacts, seed, threads.
std::span<const OptionDoc<TrainRecommendOptions>> TrainRecommendOptionDocs();

/// Loads the store's snapshot and trains every registered recommender into the artifacts
/// folder (the report's `dir`), stamped with the current time. A failure writes nothing.
Result<serving::TrainReport> TrainRecommenders(const TrainRecommendOptions& options);

}  // namespace mercato::app
