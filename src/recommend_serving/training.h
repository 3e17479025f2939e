// `mercato train recommend`: trains every recommendation model the recommend library provides
// on a snapshot of the store and writes each as an artifact, with the serving index beside them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "artifact/artifact.h"
#include "dataset/snapshot.h"
#include "recommend/recommender.h"
#include "recommend/tuning.h"
#include "recommend_serving/surface_models.h"

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
  ModelSelection selection;          // which model each surface asks first, and why
  /// The tuning that chose the configuration's hyper-parameters; none when the caller did not
  /// tune.
  std::optional<recommend::Tuning> tuning;
};

/// A training run held in memory: its report and the artifacts to write.
struct TrainedArtifacts {
  TrainReport report;
  std::vector<Artifact> artifacts;  // the models, the selection record, the serving index last
};

/// The configuration as a JSON object, every field by name (what the artifacts record).
std::string RecommendConfigJson(const recommend::RecommendConfig& config);

/// Trains every model kind on `snapshot` (of the whole store) into artifacts stamped with `now`,
/// with `selection` recorded beside them (the `recommend.selection` artifact; none when it kept
/// the default order) and `tuning`, when given, too (the `recommend.tuning` artifact), writing
/// nothing. The ranker and the item ranker keep the boosters of those the selection measured
/// (selection.ranker_boosters, selection.item_ranker_boosters; learned here when there are none). A
/// model the library does not provide yet (FailedPrecondition) is reported as not written; any
/// other failure is an error.
Result<TrainedArtifacts> TrainRecommendModels(const Snapshot& snapshot,
                                              const recommend::RecommendConfig& config,
                                              Timestamp now, ModelSelection selection,
                                              std::optional<recommend::Tuning> tuning = {});

/// Writes `trained` into `dir` (report.dir is set to it), the serving index last, and removes the
/// stale artifacts of models not written and a stale selection or tuning record.
Result<TrainReport> WriteTrainedArtifacts(TrainedArtifacts trained, const std::string& dir);

/// TrainRecommendModels, then WriteTrainedArtifacts: a failure writes nothing.
Result<TrainReport> TrainRecommendArtifacts(const Snapshot& snapshot, const std::string& dir,
                                            const recommend::RecommendConfig& config, Timestamp now,
                                            ModelSelection selection = {});

}  // namespace mercato::serving
