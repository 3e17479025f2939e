// `mercato train recommend`: trains every recommendation model the recommend library provides
// on a snapshot of the store and writes each as an artifact, with the serving index beside them.
#pragma once

#include <string>
#include <vector>

#include "artifact/artifact.h"
#include "dataset/snapshot.h"
#include "recommend/recommender.h"

namespace mercato::serving {

struct TrainedModel {
  std::string kind;  // artifact kind, e.g. "recommend.als"
  bool written = false;
  std::string note;  // why it was not written
  double seconds = 0;
  size_t bytes = 0;
};

struct TrainReport {
  std::string dir;
  DataFingerprint data;
  std::vector<TrainedModel> models;  // the serving index first
};

/// The configuration as a JSON object, every field by name (what the artifacts record).
std::string RecommendConfigJson(const recommend::RecommendConfig& config);

/// Trains every model kind on `snapshot` (of the whole store), then writes the artifacts into `dir`
/// (the serving index last). A model the library does not provide yet (FailedPrecondition) is
/// reported and its stale artifact, if any, removed; any other failure stops the run before
/// anything is written. `now` stamps the artifacts.
Result<TrainReport> TrainRecommendArtifacts(const Snapshot& snapshot, const std::string& dir,
                                            const recommend::RecommendConfig& config,
                                            Timestamp now);

}  // namespace mercato::serving
