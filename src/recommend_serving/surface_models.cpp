// Choosing the model per surface by a time-split evaluation, and its record.
#include "recommend_serving/surface_models.h"

#include <algorithm>
#include <chrono>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>

#include "recommend/model_registry.h"

namespace mercato::serving {
namespace {

using recommend::ModelKind;

// EASE and BPR are candidates behind ALS (still first where no choice was made), so that the
// choice at training measures them on the store's own purchases: EASE measured above ALS on UCI
// Online Retail and the synthetic store (bench/REPORT.md), BPR below; each store's data decides.
// So is the two-stage ranker, served from the lists it ranks at training (a lookup): last of
// the personalized models, so that a full tie goes to a single model, cheaper to train.
constexpr ModelKind kUserOrder[] = {ModelKind::kAls,       ModelKind::kEase,   ModelKind::kBpr,
                                    ModelKind::kSar,       ModelKind::kRanker, ModelKind::kTrending,
                                    ModelKind::kPopularity};
constexpr ModelKind kSimilarOrder[] = {ModelKind::kSar, ModelKind::kContent, ModelKind::kAls,
                                       ModelKind::kEase, ModelKind::kPopularity};
// The item ranker (recommend/item_ranker.h), served from the lists it ranks per item at
// training, is last of the item surfaces' models: served only where it measures above every
// single model on the store's own split (a full tie goes to the single model).
constexpr ModelKind kComplementOrder[] = {ModelKind::kComplementary, ModelKind::kSar,
                                          ModelKind::kItemRanker, ModelKind::kPopularity};
constexpr ModelKind kCartOrder[] = {ModelKind::kSession, ModelKind::kSar, ModelKind::kComplementary,
                                    ModelKind::kItemRanker, ModelKind::kPopularity};

bool IsFallback(ModelKind kind) {
  return kind == ModelKind::kPopularity || kind == ModelKind::kTrending;
}

nlohmann::json MetricsJson(const recommend::Metrics& m) {
  return {{"precision", m.precision}, {"recall", m.recall},    {"ndcg", m.ndcg}, {"map", m.map},
          {"hit_rate", m.hit_rate},   {"coverage", m.coverage}};
}

recommend::Metrics MetricsOf(const nlohmann::json& j) {
  return {j.at("precision").get<double>(), j.at("recall").get<double>(),
          j.at("ndcg").get<double>(),      j.at("map").get<double>(),
          j.at("hit_rate").get<double>(),  j.at("coverage").get<double>()};
}

Result<Surface> ParseSurface(std::string_view name) {
  for (Surface s : kSurfaces) {
    if (SurfaceName(s) == name) return s;
  }
  return InvalidArgument("unknown surface '" + std::string(name) + "'");
}

}  // namespace

std::string_view SurfaceName(Surface surface) {
  switch (surface) {
    case Surface::kUser:
      return "user";
    case Surface::kSimilar:
      return "similar";
    case Surface::kComplementary:
      return "complementary";
    case Surface::kCart:
      return "cart";
    case Surface::kPostPurchase:
      return "post_purchase";
  }
  return "user";
}

std::span<const ModelKind> DefaultPreference(Surface surface) {
  switch (surface) {
    case Surface::kUser:
      return kUserOrder;
    case Surface::kSimilar:
      return kSimilarOrder;
    case Surface::kComplementary:
    case Surface::kPostPurchase:
      return kComplementOrder;
    case Surface::kCart:
      return kCartOrder;
  }
  return kUserOrder;
}

recommend::EvalQuery SurfaceQuery(Surface surface) {
  switch (surface) {
    case Surface::kUser:
      return recommend::EvalQuery::kUser;
    case Surface::kSimilar:
    case Surface::kComplementary:
      return recommend::EvalQuery::kRelated;
    case Surface::kCart:
      return recommend::EvalQuery::kItems;
    case Surface::kPostPurchase:
      return recommend::EvalQuery::kAfterPurchase;
  }
  return recommend::EvalQuery::kUser;
}

const SurfaceChoice* ModelSelection::Choice(Surface surface) const {
  for (const SurfaceChoice& c : surfaces) {
    if (c.surface == surface) return &c;
  }
  return nullptr;
}

ModelSelection DefaultOrder(std::string why, const SelectionOptions& options) {
  ModelSelection selection;
  selection.skipped = std::move(why);
  selection.k = options.k;
  selection.holdout_days = options.holdout_days;
  return selection;
}

Result<ModelSelection> SelectModels(const recommend::EvalSplit& split,
                                    const recommend::RecommendConfig& config,
                                    const SelectionOptions& options) {
  if (options.k <= 0) return InvalidArgument("the selection's k must be positive");
  const auto start = std::chrono::steady_clock::now();
  ModelSelection selection = DefaultOrder("", options);
  selection.split_at = split.train.until;
  const std::vector<int32_t> evaluated = recommend::EvaluatedUsers(split);
  selection.held_out_users = static_cast<int64_t>(evaluated.size());
  if (selection.held_out_users < options.min_users) {
    selection.skipped = "only " + std::to_string(selection.held_out_users) +
                        " customers with a history bought new items in the last " +
                        std::to_string(options.holdout_days) + " days (at least " +
                        std::to_string(options.min_users) +
                        " needed to compare models): every surface keeps its default order";
    return selection;
  }
  // Each candidate is trained once and measured on every surface that can ask it; the ranker
  // last, over the single models trained here (not trained again), storing only the lists of
  // the customers measured (the only ones Evaluate asks for: the same figures as ranking all).
  std::vector<std::unique_ptr<recommend::Recommender>> trained(recommend::kModelKinds);
  std::array<bool, recommend::kModelKinds> tried{};
  const recommend::TrainInput input{split.train, split.item_texts};
  std::function<Status(ModelKind)> train = [&](ModelKind kind) -> Status {
    const auto k = static_cast<size_t>(kind);
    if (tried[k]) return Status::Ok();
    tried[k] = true;
    if (kind == ModelKind::kItemRanker) {
      // Its base models trained first (and measured where they are candidates), not twice.
      for (ModelKind base : recommend::ItemRankerBaseKinds()) {
        if (!IsFallback(base)) RETURN_IF_ERROR(train(base));
      }
    }
    auto model = kind == ModelKind::kRanker
                     ? recommend::TrainRanker(input, config, {std::move(trained), {}, evaluated})
                 : kind == ModelKind::kItemRanker
                     ? recommend::TrainItemRanker(input, config, trained)
                     : recommend::Train(kind, input, config);
    if (!model.ok() && model.status().code() != StatusCode::kFailedPrecondition) {
      return model.status();
    }
    if (kind == ModelKind::kRanker) trained.resize(recommend::kModelKinds);  // moved out
    if (model.ok()) trained[k] = std::move(model).value();
    return Status::Ok();
  };
  for (Surface surface : kSurfaces) {
    selection.surfaces.push_back({surface, DefaultPreference(surface).front(), {}});
    for (ModelKind kind : DefaultPreference(surface)) {
      if (IsFallback(kind) || kind == ModelKind::kRanker) continue;
      RETURN_IF_ERROR(train(kind));
      const auto k = static_cast<size_t>(kind);
      if (!trained[k]) continue;
      selection.surfaces.back().candidates.push_back(
          {kind, recommend::Evaluate(*trained[k], split, options.k, SurfaceQuery(surface))});
    }
  }
  if (const auto& item_ranker = trained[static_cast<size_t>(ModelKind::kItemRanker)]) {
    selection.item_ranker_boosters = recommend::ItemRankerBoosterBytes(*item_ranker);
  }
  for (SurfaceChoice& choice : selection.surfaces) {
    const std::span<const ModelKind> order = DefaultPreference(choice.surface);
    if (std::find(order.begin(), order.end(), ModelKind::kRanker) == order.end()) continue;
    RETURN_IF_ERROR(train(ModelKind::kRanker));
    const recommend::Recommender* ranker = trained[static_cast<size_t>(ModelKind::kRanker)].get();
    if (ranker == nullptr) continue;
    selection.ranker_boosters = recommend::RankerBoosterBytes(*ranker);
    choice.candidates.push_back(
        {ModelKind::kRanker,
         recommend::Evaluate(*ranker, split, options.k, SurfaceQuery(choice.surface))});
  }
  for (SurfaceChoice& choice : selection.surfaces) {
    const CandidateFigures* best = nullptr;
    for (const CandidateFigures& c : choice.candidates) {
      if (best == nullptr || recommend::RanksAbove(c.metrics, best->metrics)) best = &c;
    }
    if (best != nullptr) choice.chosen = best->model;
  }
  selection.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return selection;
}

std::vector<ModelKind> Preference(Surface surface, const ModelSelection& selection) {
  const std::span<const ModelKind> defaults = DefaultPreference(surface);
  std::vector<ModelKind> order;
  const SurfaceChoice* choice = selection.Choice(surface);
  if (choice != nullptr) order.push_back(choice->chosen);
  for (ModelKind kind : defaults) {
    if (std::find(order.begin(), order.end(), kind) == order.end()) order.push_back(kind);
  }
  return order;
}

std::string SelectionJson(const ModelSelection& s) {
  nlohmann::json surfaces = nlohmann::json::array();
  for (const SurfaceChoice& c : s.surfaces) {
    nlohmann::json candidates = nlohmann::json::array();
    for (const CandidateFigures& f : c.candidates) {
      nlohmann::json one = MetricsJson(f.metrics);
      one["model"] = recommend::ModelKindName(f.model);
      candidates.push_back(std::move(one));
    }
    surfaces.push_back({{"surface", SurfaceName(c.surface)},
                        {"chosen", recommend::ModelKindName(c.chosen)},
                        {"candidates", std::move(candidates)}});
  }
  return nlohmann::json{
      {"skipped", s.skipped.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.skipped)},
      {"k", s.k},
      {"holdout_days", s.holdout_days},
      {"split_at",
       s.split_at ? nlohmann::json(FormatTimestamp(*s.split_at)) : nlohmann::json(nullptr)},
      {"held_out_users", s.held_out_users},
      {"seconds", s.seconds},
      {"surfaces", std::move(surfaces)}}
      .dump();
}

Result<ModelSelection> ParseSelectionJson(std::string_view text) {
  const auto j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return InvalidArgument("the model selection is not a JSON object");
  }
  ModelSelection s;
  try {
    if (!j.at("skipped").is_null()) s.skipped = j.at("skipped").get<std::string>();
    s.k = j.at("k").get<int>();
    s.holdout_days = j.at("holdout_days").get<int>();
    if (!j.at("split_at").is_null()) {
      ASSIGN_OR_RETURN(s.split_at, ParseTimestamp(j.at("split_at").get<std::string>()));
    }
    s.held_out_users = j.at("held_out_users").get<int64_t>();
    s.seconds = j.at("seconds").get<double>();
    for (const nlohmann::json& c : j.at("surfaces")) {
      SurfaceChoice choice;
      ASSIGN_OR_RETURN(choice.surface, ParseSurface(c.at("surface").get<std::string>()));
      ASSIGN_OR_RETURN(choice.chosen, recommend::ParseModelKind(c.at("chosen").get<std::string>()));
      for (const nlohmann::json& f : c.at("candidates")) {
        ASSIGN_OR_RETURN(const ModelKind model,
                         recommend::ParseModelKind(f.at("model").get<std::string>()));
        choice.candidates.push_back({model, MetricsOf(f)});
      }
      s.surfaces.push_back(std::move(choice));
    }
  } catch (const nlohmann::json::exception& e) {
    return InvalidArgument(std::string("the model selection has a field missing or of the wrong "
                                       "type: ") +
                           e.what());
  }
  return s;
}

}  // namespace mercato::serving
