// Training every recommendation model and writing its artifact.
#include "recommend_serving/training.h"

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "dataset/snapshot.h"
#include "recommend_serving/recommendation_service.h"
#include "recommend_serving/serving_index.h"

namespace mercato::serving {
namespace {

using recommend::ModelKind;

constexpr std::string_view kSimilarityNames[] = {"jaccard", "lift", "cosine", "cooccurrence"};

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

std::string RecommendConfigJson(const recommend::RecommendConfig& c) {
  nlohmann::json j = {{"seed", c.seed},
                      {"threads", c.threads},
                      {"trending_half_life_days", c.trending_half_life_days},
                      {"sar_similarity", kSimilarityNames[static_cast<size_t>(c.sar_similarity)]},
                      {"sar_half_life_days", c.sar_half_life_days},
                      {"sar_min_cooccurrence", c.sar_min_cooccurrence},
                      {"sar_neighbours", c.sar_neighbours},
                      {"als_factors", c.als_factors},
                      {"als_iterations", c.als_iterations},
                      {"als_regularization", c.als_regularization},
                      {"als_alpha", c.als_alpha},
                      {"als_cg_steps", c.als_cg_steps},
                      {"als_init_scale", c.als_init_scale},
                      {"fbt_min_pair_count", c.fbt_min_pair_count},
                      {"fbt_min_confidence", c.fbt_min_confidence},
                      {"fbt_min_lift", c.fbt_min_lift},
                      {"fbt_relaxed", c.fbt_relaxed},
                      {"followup_max_days", c.followup_max_days},
                      {"followup_min_count", c.followup_min_count},
                      {"content_neighbours", c.content_neighbours},
                      {"session_recency_decay", c.session_recency_decay}};
  return j.dump();
}

Result<TrainReport> TrainRecommendArtifacts(Store& store, const std::string& dir,
                                            const recommend::RecommendConfig& config,
                                            Timestamp now) {
  ASSIGN_OR_RETURN(Snapshot snapshot, LoadSnapshot(store));
  if (snapshot.interactions.nnz() == 0) {
    return FailedPrecondition(
        "the store has no customer purchases or interactions to train on; import orders first");
  }
  ASSIGN_OR_RETURN(std::vector<std::string> texts, recommend::LoadItemTexts(store, snapshot));
  const recommend::TrainInput input{snapshot, std::move(texts)};

  TrainReport report;
  report.dir = dir;
  report.data = FingerprintOf(snapshot);
  Artifact artifact;
  artifact.config_json = RecommendConfigJson(config);
  artifact.seed = config.seed;
  artifact.data = report.data;
  artifact.created_at = now;

  auto write = [&](std::string kind, std::chrono::steady_clock::time_point start) -> Status {
    artifact.kind = kind;
    RETURN_IF_ERROR(WriteArtifact(dir, artifact));
    report.models.push_back(
        {std::move(kind), true, "", SecondsSince(start), artifact.payload.size()});
    return Status::Ok();
  };
  const auto start = std::chrono::steady_clock::now();
  artifact.payload.clear();
  SerializeServingIndex(BuildServingIndex(snapshot), artifact.payload);
  RETURN_IF_ERROR(write(std::string(kServingIndexArtifact), start));

  for (size_t k = 0; k < kModelKinds; ++k) {
    const auto kind = static_cast<ModelKind>(k);
    const auto model_start = std::chrono::steady_clock::now();
    auto model = recommend::Train(kind, input, config);
    if (model.status().code() == StatusCode::kFailedPrecondition) {
      std::error_code ec;
      std::filesystem::remove(ArtifactPath(dir, ModelArtifactKind(kind)), ec);
      report.models.push_back({ModelArtifactKind(kind), false, model.status().message(), 0, 0});
      continue;
    }
    if (!model.ok()) return model.status();
    artifact.payload.clear();
    model.value()->Serialize(artifact.payload);
    RETURN_IF_ERROR(write(ModelArtifactKind(kind), model_start));
  }
  return report;
}

}  // namespace mercato::serving
