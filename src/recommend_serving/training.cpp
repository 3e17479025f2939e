// Training every recommendation model and writing its artifact.
#include "recommend_serving/training.h"

#include <chrono>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "dataset/snapshot.h"
#include "recommend/item_ranker.h"
#include "recommend/ranker.h"
#include "recommend_serving/recommendation_service.h"
#include "recommend_serving/serving_index.h"
#include "recommend_serving/tuning_record.h"

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
                      {"complementary_neighbours", c.complementary_neighbours},
                      {"complementary_same_category_weight", c.complementary_same_category_weight},
                      {"content_neighbours", c.content_neighbours},
                      {"session_recency_decay", c.session_recency_decay},
                      {"ease_lambda", c.ease_lambda},
                      {"ease_max_items", c.ease_max_items},
                      {"ease_neighbours", c.ease_neighbours},
                      {"bpr_factors", c.bpr_factors},
                      {"bpr_epochs", c.bpr_epochs},
                      {"bpr_learning_rate", c.bpr_learning_rate},
                      {"bpr_regularization", c.bpr_regularization},
                      {"ranker_validation_days", c.ranker_validation_days},
                      {"ranker_candidates", c.ranker_candidates},
                      {"ranker_trend_days", c.ranker_trend_days},
                      {"ranker_min_customers", c.ranker_min_customers},
                      {"ranker_rounds", c.ranker_rounds},
                      {"ranker_max_depth", c.ranker_max_depth},
                      {"ranker_eta", c.ranker_eta},
                      {"ranker_min_child_weight", c.ranker_min_child_weight},
                      {"ranker_boosters", c.ranker_boosters},
                      {"ranker_stored_items", c.ranker_stored_items}};
  return j.dump();
}

Result<TrainedArtifacts> TrainRecommendModels(const Snapshot& snapshot,
                                              const recommend::RecommendConfig& config,
                                              Timestamp now, ModelSelection selection,
                                              std::optional<recommend::Tuning> tuning) {
  if (snapshot.interactions.nnz() == 0) {
    return FailedPrecondition(
        "the store has no customer purchases or interactions to train on; import orders first");
  }
  const recommend::TrainInput input{snapshot, recommend::ItemTexts(snapshot)};

  TrainedArtifacts out;
  TrainReport& report = out.report;
  report.data = FingerprintOf(snapshot);
  report.selection = std::move(selection);
  report.tuning = std::move(tuning);
  Artifact base;
  base.config_json = RecommendConfigJson(config);
  base.seed = config.seed;
  base.data = report.data;
  base.created_at = now;

  std::vector<Artifact>& artifacts = out.artifacts;
  // The item ranker ranks its lists with the single models trained here (trained after them)
  // instead of training them again. The ranker, last, keeps them too. Both keep the boosters
  // the choice learned and measured (on the window before its holdout) instead of learning
  // others on the last window, which nothing measured.
  static_assert(static_cast<size_t>(ModelKind::kRanker) + 2 == kModelKinds &&
                static_cast<size_t>(ModelKind::kItemRanker) + 1 == kModelKinds);
  std::vector<ModelKind> order;
  for (size_t k = 0; k < kModelKinds; ++k) {
    if (static_cast<ModelKind>(k) != ModelKind::kRanker) order.push_back(static_cast<ModelKind>(k));
  }
  order.push_back(ModelKind::kRanker);
  std::vector<std::unique_ptr<recommend::Recommender>> trained(kModelKinds);
  for (const ModelKind kind : order) {
    const auto k = static_cast<size_t>(kind);
    const auto start = std::chrono::steady_clock::now();
    auto model = kind == ModelKind::kRanker
                     ? recommend::TrainRanker(
                           input, config,
                           {std::move(trained), report.selection.ranker_boosters, std::nullopt})
                 : kind == ModelKind::kItemRanker
                     ? recommend::TrainItemRanker(input, config, trained,
                                                  report.selection.item_ranker_boosters)
                     : recommend::Train(kind, input, config);
    if (model.status().code() == StatusCode::kFailedPrecondition) {
      report.models.push_back({ModelArtifactKind(kind), false, model.status().message(), 0, 0});
      continue;
    }
    if (!model.ok()) return model.status();
    artifacts.push_back(base);
    artifacts.back().kind = ModelArtifactKind(kind);
    model.value()->Serialize(artifacts.back().payload);
    report.models.push_back(
        {artifacts.back().kind, true, "", SecondsSince(start), artifacts.back().payload.size()});
    if (kind != ModelKind::kRanker && kind != ModelKind::kItemRanker) {
      trained[k] = std::move(model).value();
    }
  }
  if (!report.selection.surfaces.empty()) {
    artifacts.push_back(base);
    artifacts.back().kind = std::string(kSelectionArtifact);
    artifacts.back().payload = SelectionJson(report.selection);
  }
  if (report.tuning) {
    artifacts.push_back(base);
    artifacts.back().kind = std::string(kTuningArtifact);
    artifacts.back().payload = TuningJson(*report.tuning);
  }
  const auto start = std::chrono::steady_clock::now();
  artifacts.push_back(base);
  artifacts.back().kind = std::string(kServingIndexArtifact);
  SerializeServingIndex(BuildServingIndex(snapshot), artifacts.back().payload);
  report.models.insert(report.models.begin(), {artifacts.back().kind, true, "", SecondsSince(start),
                                               artifacts.back().payload.size()});
  return out;
}

Result<TrainReport> WriteTrainedArtifacts(TrainedArtifacts trained, const std::string& dir) {
  TrainReport& report = trained.report;
  report.dir = dir;
  std::error_code ec;
  // A stale selection goes first: the old models then serve in their default order until the
  // new ones are in.
  if (report.selection.surfaces.empty()) {
    std::filesystem::remove(ArtifactPath(dir, kSelectionArtifact), ec);
  }
  if (!report.tuning) std::filesystem::remove(ArtifactPath(dir, kTuningArtifact), ec);
  // The index last: until it is replaced, serving refuses the mixed set (other data).
  for (const Artifact& artifact : trained.artifacts) RETURN_IF_ERROR(WriteArtifact(dir, artifact));
  for (const TrainedModel& m : report.models) {
    if (!m.written) std::filesystem::remove(ArtifactPath(dir, m.kind), ec);
  }
  return std::move(report);
}

Result<TrainReport> TrainRecommendArtifacts(const Snapshot& snapshot, const std::string& dir,
                                            const recommend::RecommendConfig& config, Timestamp now,
                                            ModelSelection selection) {
  ASSIGN_OR_RETURN(TrainedArtifacts trained,
                   TrainRecommendModels(snapshot, config, now, std::move(selection)));
  return WriteTrainedArtifacts(std::move(trained), dir);
}

}  // namespace mercato::serving
