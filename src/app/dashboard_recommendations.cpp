// The recommendations page's JSON from a loaded service, the store's event counts and the lift
// its recommendations holdouts measured.
#include "app/dashboard_recommendations.h"

#include <cmath>

#include "app/json_values.h"
#include "app/lift_report.h"
#include "common/text.h"
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

// A figure rounded to 4 decimals, null when undefined (too few units, a zero control mean).
nlohmann::ordered_json Figure(double v) {
  return std::isfinite(v) ? nlohmann::ordered_json(Round4(v)) : nlohmann::ordered_json(nullptr);
}

// Money rounded to cents, null when unknown or not finite.
nlohmann::ordered_json CentsOrNull(std::optional<double> v) {
  return v && std::isfinite(*v) ? nlohmann::ordered_json(RoundToCents(*v))
                                : nlohmann::ordered_json(nullptr);
}

nlohmann::ordered_json LiftJson(const RecommendationLift& l) {
  const experiment::MetricResult& r = l.result;
  return {{"experiment", l.experiment},
          {"name", l.name},
          {"status", l.status},
          {"metric", l.metric},
          {"variant", l.variant},
          {"control", l.control},
          {"variant_units", l.variant_units},
          {"control_units", l.control_units},
          {"control_mean", Figure(r.control_mean)},
          {"variant_mean", Figure(r.variant_mean)},
          {"difference", Figure(r.difference)},
          {"ci_low", Figure(r.ci_low)},
          {"ci_high", Figure(r.ci_high)},
          {"relative_lift", Figure(r.relative_lift)},
          {"relative_ci_low", Figure(r.relative_ci_low)},
          {"relative_ci_high", Figure(r.relative_ci_high)},
          {"p_value", Figure(r.p_value)},
          {"significant", r.significant},
          {"incremental_revenue", CentsOrNull(l.incremental_revenue)},
          {"incremental_revenue_low", CentsOrNull(l.incremental_revenue_low)},
          {"incremental_revenue_high", CentsOrNull(l.incremental_revenue_high)},
          {"verdict", l.verdict},
          {"verdict_text", l.verdict_text}};
}

}  // namespace

std::vector<RecommendationLift> RecommendationLiftOf(const ExperimentReport& report) {
  const experiment::Definition& d = report.experiment.definition;
  std::vector<RecommendationLift> out;
  if (d.capability != experiment::Capability::kRecommendations) return out;
  const experiment::Analysis& a = report.analysis;
  const auto units = [&](int32_t v) {
    return v >= 0 && static_cast<size_t>(v) < a.units_per_variant.size()
               ? a.units_per_variant[static_cast<size_t>(v)]
               : int64_t{0};
  };
  const bool revenue =
      d.primary_metric == "revenue_per_visitor" || d.primary_metric == "revenue_per_recipient";
  for (const experiment::MetricResult& r : a.metrics) {
    if (!r.primary) continue;
    RecommendationLift l;
    l.experiment = d.key;
    l.name = d.name;
    l.status = std::string(experiment::RunStatusName(d.status));
    l.metric = r.metric;
    l.variant = r.variant;
    l.control = d.variants[static_cast<size_t>(d.ControlIndex())].name;
    l.variant_units = units(d.VariantIndex(r.variant));
    l.control_units = units(d.ControlIndex());
    l.result = r;
    if (revenue) {
      const double n = static_cast<double>(l.variant_units);
      l.incremental_revenue = r.difference * n;
      l.incremental_revenue_low = r.ci_low * n;
      l.incremental_revenue_high = r.ci_high * n;
    }
    l.verdict = a.verdict;
    l.verdict_text = a.verdict_text;
    out.push_back(std::move(l));
  }
  return out;
}

Result<std::vector<RecommendationLift>> MeasureRecommendationLift(const std::string& db,
                                                                  Timestamp now) {
  ASSIGN_OR_RETURN(
      LiftReport report,
      BuildLiftReport(
          {.db = db, .now = now, .capability = experiment::Capability::kRecommendations}));
  std::vector<RecommendationLift> out;
  for (const CapabilityLift& e : report.experiments) {
    for (RecommendationLift& l : RecommendationLiftOf(e.report)) out.push_back(std::move(l));
  }
  return out;
}

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
    const std::map<std::string, int64_t>& events_by_type,
    const std::vector<RecommendationLift>& lift) {
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
  nlohmann::ordered_json lift_rows = nlohmann::ordered_json::array();
  for (const RecommendationLift& l : lift) lift_rows.push_back(LiftJson(l));
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
          {"events", std::move(events)},
          {"lift", std::move(lift_rows)}};
}

}  // namespace mercato::app
