// The recommendations page's JSON from a loaded service and the store's event counts.
#include "app/dashboard_recommendations.h"

#include <cmath>

#include "app/json_values.h"
#include "common/time.h"
#include "recommend_serving/surface_models.h"

namespace mercato::app {
namespace {

// Why `surface` asks `model` first: the evaluation's choice, or the default order and why.
std::string WhyAsked(const serving::ModelSelection& selection, serving::Surface surface,
                     recommend::ModelKind model) {
  const serving::SurfaceChoice* choice = selection.Choice(surface);
  if (choice == nullptr) {
    return "default order" + (selection.skipped.empty() ? std::string() : ": " + selection.skipped);
  }
  if (choice->chosen != model) {
    return "the chosen model (" + std::string(recommend::ModelKindName(choice->chosen)) +
           ") is not loaded: the next in the surface's order";
  }
  return "highest recall@" + std::to_string(selection.k) + " of " +
         std::to_string(choice->candidates.size()) + " candidates on the last " +
         std::to_string(selection.holdout_days) + " days (" +
         std::to_string(selection.held_out_users) + " customers)";
}

}  // namespace

Result<std::map<std::string, int64_t>> CountEventsByType(Store& store) {
  std::map<std::string, int64_t> counts;
  for (std::string_view type : kCountedEventTypes) {
    int64_t& n = counts[std::string(type)];
    RETURN_IF_ERROR(store.ScanEventsOfType(type, [&n](const Event&) {
      ++n;
      return Status::Ok();
    }));
  }
  return counts;
}

nlohmann::ordered_json DashboardRecommendationsJson(
    const serving::RecommendationService& service, std::optional<Timestamp> trained_at,
    const std::map<std::string, int64_t>& events_by_type) {
  const serving::ModelSelection& selection = service.selection();
  nlohmann::ordered_json models = nlohmann::ordered_json::array();
  nlohmann::ordered_json catalog_coverage = nullptr;
  for (const serving::SurfaceChoice& c : selection.surfaces) {
    for (const serving::CandidateFigures& f : c.candidates) {
      const bool chosen = f.model == c.chosen;
      models.push_back({{"name", recommend::ModelKindName(f.model)},
                        {"surface", serving::SurfaceName(c.surface)},
                        {"chosen", chosen},
                        {"precision", Round4(f.metrics.precision)},
                        {"recall", Round4(f.metrics.recall)},
                        {"ndcg", Round4(f.metrics.ndcg)},
                        {"map", Round4(f.metrics.map)},
                        {"hit_rate", Round4(f.metrics.hit_rate)},
                        {"coverage", Round4(f.metrics.coverage)}});
      if (chosen && c.surface == serving::Surface::kUser) {
        catalog_coverage = Round4(f.metrics.coverage);
      }
    }
  }
  nlohmann::ordered_json surfaces = nlohmann::ordered_json::array();
  for (serving::Surface s : serving::kSurfaces) {
    for (recommend::ModelKind kind : serving::Preference(s, selection)) {
      if (!service.HasModel(kind)) continue;
      surfaces.push_back({{"surface", serving::SurfaceName(s)},
                          {"model", recommend::ModelKindName(kind)},
                          {"why", WhyAsked(selection, s, kind)}});
      break;
    }
  }
  nlohmann::ordered_json events = nullptr;
  int64_t any = 0;
  for (const auto& [type, n] : events_by_type) any += n;
  if (any > 0) {
    auto count = [&](const char* type) {
      auto it = events_by_type.find(type);
      return it == events_by_type.end() ? int64_t{0} : it->second;
    };
    events = {{"views", count("view")},
              {"add_to_carts", count("add_to_cart")},
              {"purchases", count("purchase")},
              {"email_clicks", count("email_click")}};
  }
  return {{"trained_at", TimeOrNull(trained_at)},
          {"k", selection.k},
          {"holdout_days", selection.holdout_days},
          {"split_at", TimeOrNull(selection.split_at)},
          {"held_out_users", selection.held_out_users},
          {"skipped", selection.skipped.empty() ? nlohmann::ordered_json(nullptr)
                                                : nlohmann::ordered_json(selection.skipped)},
          {"models", std::move(models)},
          {"surfaces", std::move(surfaces)},
          {"catalog_items", service.catalog().size()},
          {"catalog_coverage", std::move(catalog_coverage)},
          {"events", std::move(events)}};
}

}  // namespace mercato::app
