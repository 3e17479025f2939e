// Model names, the training and deserialization dispatch through the model registry, and the
// item texts for the content model.
#include "recommend/recommender.h"

#include <array>
#include <string>

#include "common/text.h"
#include "recommend/bytes.h"
#include "recommend/model_registry.h"

namespace mercato::recommend {
namespace {

constexpr std::array<std::string_view, 10> kReasonNames = {
    "popular",         "trending",           "bought_together",    "viewed_together",
    "similar_content", "because_you_bought", "because_you_viewed", "follow_up",
    "session",         "personalized"};

Status ValidateConfig(const RecommendConfig& c) {
  if (c.trending_half_life_days <= 0 || c.sar_half_life_days <= 0) {
    return InvalidArgument("half-lives must be positive days");
  }
  if (c.als_factors <= 0 || c.als_iterations < 0 || c.als_cg_steps <= 0) {
    return InvalidArgument("ALS needs factors > 0, iterations >= 0 and cg steps > 0");
  }
  if (c.als_regularization < 0 || c.als_alpha < 0) {
    return InvalidArgument("ALS regularization and alpha must be >= 0");
  }
  if (c.sar_neighbours <= 0 || c.content_neighbours <= 0 || c.complementary_neighbours <= 0) {
    return InvalidArgument("neighbour counts must be positive");
  }
  if (c.complementary_same_category_weight < 0 || c.complementary_same_category_weight > 1) {
    return InvalidArgument("complementary same-category weight must be in [0, 1]");
  }
  if (c.session_recency_decay <= 0 || c.session_recency_decay > 1) {
    return InvalidArgument("session recency decay must be in (0, 1]");
  }
  if (!(c.ease_lambda > 0) || c.ease_max_items <= 0 || c.ease_neighbours <= 0) {
    return InvalidArgument("EASE needs lambda > 0, max items > 0 and neighbours > 0");
  }
  if (c.bpr_factors <= 0 || c.bpr_epochs < 0) {
    return InvalidArgument("BPR needs factors > 0 and epochs >= 0");
  }
  if (!(c.bpr_learning_rate > 0) || !(c.bpr_regularization >= 0)) {
    return InvalidArgument("BPR needs a learning rate > 0 and a regularization >= 0");
  }
  if (c.ranker_validation_days <= 0 || c.ranker_candidates <= 0 || c.ranker_trend_days <= 0 ||
      c.ranker_min_customers <= 0 || c.ranker_rounds <= 0 || c.ranker_max_depth <= 0) {
    return InvalidArgument(
        "ranker validation days, candidates, trend days, min customers, rounds and max depth "
        "must be positive");
  }
  if (!(c.ranker_eta > 0 && c.ranker_eta <= 1) || !(c.ranker_min_child_weight >= 0)) {
    return InvalidArgument("ranker eta must be in (0, 1] and min child weight >= 0");
  }
  if (c.ranker_boosters < 1 || c.ranker_boosters > RecommendConfig::kMaxRankerBoosters) {
    return InvalidArgument("ranker boosters must be between 1 and " +
                           std::to_string(RecommendConfig::kMaxRankerBoosters));
  }
  if (c.ranker_stored_items < 0 || c.ranker_stored_items > RecommendConfig::kMaxRankerStoredItems) {
    return InvalidArgument("ranker stored items must be between 0 and " +
                           std::to_string(RecommendConfig::kMaxRankerStoredItems));
  }
  return Status::Ok();
}

}  // namespace

float ContextEventWeight(ContextEvent event) {
  switch (event) {
    case ContextEvent::kView:
      return 1.0f;
    case ContextEvent::kAddToCart:
      return 2.0f;
    case ContextEvent::kPurchase:
      return 3.0f;
  }
  return 1.0f;
}

std::string_view ReasonKindName(ReasonKind kind) { return kReasonNames[static_cast<size_t>(kind)]; }

std::string_view ModelKindName(ModelKind kind) { return RegisteredModel(kind).name; }

Result<ModelKind> ParseModelKind(std::string_view name) {
  for (const RecommendModel& model : kRecommendModels) {
    if (model.name == name) return model.kind;
  }
  return InvalidArgument("unknown recommendation model '" + std::string(name) +
                         "' (known: " + Join(RecommendModelNames(), ", ") + ")");
}

std::vector<std::string> RecommendModelNames() {
  std::vector<std::string> names;
  for (const RecommendModel& model : kRecommendModels) names.emplace_back(model.name);
  return names;
}

std::vector<ScoredItem> Recommender::AfterPurchase(std::span<const int32_t> items, int k) const {
  std::vector<ContextItem> context;
  context.reserve(items.size());
  for (int32_t item : items) context.push_back({item, ContextEvent::kPurchase});
  return ForItems(context, k);
}

Result<std::unique_ptr<Recommender>> Train(ModelKind kind, const TrainInput& input,
                                           const RecommendConfig& config) {
  RETURN_IF_ERROR(ValidateConfig(config));
  if (static_cast<size_t>(kind) >= kModelKinds) {
    return InvalidArgument("unknown model kind " + std::to_string(static_cast<int>(kind)));
  }
  return RegisteredModel(kind).train(kind, input, config);
}

Result<std::unique_ptr<Recommender>> Deserialize(std::string_view bytes) {
  ByteReader reader(bytes);
  ModelKind kind{};
  RETURN_IF_ERROR(reader.Get(kind));
  if (static_cast<size_t>(kind) >= kModelKinds) {
    return InvalidArgument("model bytes start with an unknown model kind " +
                           std::to_string(static_cast<int>(kind)));
  }
  ASSIGN_OR_RETURN(std::unique_ptr<Recommender> model, RegisteredModel(kind).load(kind, reader));
  RETURN_IF_ERROR(reader.ExpectEnd());
  return model;
}

std::vector<std::string> ItemTexts(const Snapshot& snapshot) {
  const CatalogColumns& c = snapshot.catalog;
  std::vector<std::string> texts(static_cast<size_t>(snapshot.items.size()));
  for (size_t i = 0; i < static_cast<size_t>(c.products); ++i) {  // the rest have no product
    std::string& t = texts[i];
    for (const std::string* part :
         {&c.title[i], &c.description[i], &Snapshot::NameOf(snapshot.brands, c.brand[i]),
          &Snapshot::NameOf(snapshot.category_paths, c.category[i]), &c.attributes[i],
          &c.tags[i]}) {
      if (part->empty()) continue;
      if (!t.empty()) t += ' ';
      t += *part;
    }
  }
  return texts;
}

}  // namespace mercato::recommend
