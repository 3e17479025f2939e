// The registry of recommendation models: one entry per model (kind, name, one-line description,
// training and loading) from which the model count, the names and their parsing, the help
// texts, the training and deserialization dispatch and the contract suite's list are derived.
// Adding a model: its ModelKind value (recommender.h), its entry here at the same position, and
// its own files.
#pragma once

#include <array>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "recommend/als.h"
#include "recommend/bpr.h"
#include "recommend/bytes.h"
#include "recommend/complementary.h"
#include "recommend/content.h"
#include "recommend/ease.h"
#include "recommend/item_ranker.h"
#include "recommend/popularity.h"
#include "recommend/ranker.h"
#include "recommend/recommender.h"
#include "recommend/sar.h"
#include "recommend/session.h"

namespace mercato::recommend {

struct RecommendModel {
  ModelKind kind;
  /// On the CLI, in the API, in artifact kinds ("recommend.als") and in evaluation reports.
  std::string_view name;
  /// What the model recommends from, in one line.
  std::string_view doc;
  /// Trains the model (the config is already validated).
  Result<std::unique_ptr<Recommender>> (*train)(ModelKind kind, const TrainInput& input,
                                                const RecommendConfig& config);
  /// Reads the bytes Serialize wrote after the kind tag.
  Result<std::unique_ptr<Recommender>> (*load)(ModelKind kind, ByteReader& reader);
};

/// Every model, in ModelKind order (the kind is the index; it is also the first byte of a
/// serialized model, so existing values never change).
inline constexpr std::array kRecommendModels = {
    RecommendModel{ModelKind::kPopularity, "popularity",
                   "all-time buyer counts (baseline, cold-start fallback)",
                   [](ModelKind kind, const TrainInput& input,
                      const RecommendConfig& config) -> Result<std::unique_ptr<Recommender>> {
                     return TrainPopularity(kind, input.snapshot, config);
                   },
                   DeserializePopularity},
    RecommendModel{ModelKind::kTrending, "trending", "time-decayed buyer counts",
                   [](ModelKind kind, const TrainInput& input,
                      const RecommendConfig& config) -> Result<std::unique_ptr<Recommender>> {
                     return TrainPopularity(kind, input.snapshot, config);
                   },
                   DeserializePopularity},
    RecommendModel{
        ModelKind::kSar, "sar", "item-item co-occurrence with time-decayed user affinity",
        [](ModelKind, const TrainInput& input, const RecommendConfig& config)
            -> Result<std::unique_ptr<Recommender>> { return TrainSar(input.snapshot, config); },
        [](ModelKind, ByteReader& reader) { return DeserializeSar(reader); }},
    RecommendModel{ModelKind::kAls, "als", "implicit ALS with a conjugate-gradient solver",
                   [](ModelKind, const TrainInput& input,
                      const RecommendConfig& config) -> Result<std::unique_ptr<Recommender>> {
                     return TrainAls(input.snapshot, config);
                   },
                   [](ModelKind, ByteReader& reader) { return DeserializeAls(reader); }},
    RecommendModel{ModelKind::kComplementary, "complementary",
                   "frequently bought together and sequential cross-sell with best delays",
                   [](ModelKind, const TrainInput& input,
                      const RecommendConfig& config) -> Result<std::unique_ptr<Recommender>> {
                     return TrainComplementary(input.snapshot, config);
                   },
                   [](ModelKind, ByteReader& reader) { return DeserializeComplementary(reader); }},
    RecommendModel{ModelKind::kContent, "content",
                   "TF-IDF cosine over titles, descriptions, categories and attributes",
                   [](ModelKind, const TrainInput& input,
                      const RecommendConfig& config) -> Result<std::unique_ptr<Recommender>> {
                     return TrainContent(input, config);
                   },
                   [](ModelKind, ByteReader& reader) { return DeserializeContent(reader); }},
    RecommendModel{ModelKind::kSession, "session", "session-based next items over SAR similarities",
                   [](ModelKind, const TrainInput& input,
                      const RecommendConfig& config) -> Result<std::unique_ptr<Recommender>> {
                     return TrainSession(input.snapshot, config);
                   },
                   [](ModelKind, ByteReader& reader) { return DeserializeSession(reader); }},
    RecommendModel{
        ModelKind::kEase, "ease", "closed-form item-item weights (EASE) over the most-bought items",
        [](ModelKind, const TrainInput& input, const RecommendConfig& config)
            -> Result<std::unique_ptr<Recommender>> { return TrainEase(input.snapshot, config); },
        [](ModelKind, ByteReader& reader) { return DeserializeEase(reader); }},
    RecommendModel{
        ModelKind::kBpr, "bpr", "matrix factorization trained on sampled pairwise rankings (BPR)",
        [](ModelKind, const TrainInput& input, const RecommendConfig& config)
            -> Result<std::unique_ptr<Recommender>> { return TrainBpr(input.snapshot, config); },
        [](ModelKind, ByteReader& reader) { return DeserializeBpr(reader); }},
    RecommendModel{ModelKind::kRanker, "ranker",
                   "LambdaMART over every other model's candidates, learned on the last days",
                   [](ModelKind, const TrainInput& input,
                      const RecommendConfig& config) -> Result<std::unique_ptr<Recommender>> {
                     return TrainRanker(input, config);
                   },
                   [](ModelKind, ByteReader& reader) { return DeserializeRanker(reader); }},
    RecommendModel{ModelKind::kItemRanker, "item_ranker",
                   "LambdaMART over the item-item models' candidates per anchor item, stored lists",
                   [](ModelKind, const TrainInput& input,
                      const RecommendConfig& config) -> Result<std::unique_ptr<Recommender>> {
                     return TrainItemRanker(input, config);
                   },
                   [](ModelKind, ByteReader& reader) { return DeserializeItemRanker(reader); }},
};

/// How many models there are (ModelKind values run from 0 to kModelKinds - 1).
inline constexpr size_t kModelKinds = kRecommendModels.size();

static_assert(
    [] {
      for (size_t i = 0; i < kRecommendModels.size(); ++i) {
        if (static_cast<size_t>(kRecommendModels[i].kind) != i) return false;
      }
      return true;
    }(),
    "kRecommendModels must list every ModelKind once, in the enum's order");

/// The registry entry of `kind`.
constexpr const RecommendModel& RegisteredModel(ModelKind kind) {
  return kRecommendModels[static_cast<size_t>(kind)];
}

/// Every model name, in registry order (for defaults, help texts and messages).
std::vector<std::string> RecommendModelNames();

}  // namespace mercato::recommend
