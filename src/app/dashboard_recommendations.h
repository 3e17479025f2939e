// The dashboard's recommendations page: the model each surface asks first and why (the choice
// `mercato train recommend` made by its time-split evaluation, or the default order), every
// candidate's offline figures, the storefront events the store holds by type, and what
// recommendations earned as their holdout experiments measured it (the store records no click on
// a recommended item, so the holdout's lift is the figure that can be attributed honestly).
// GET /v1/dashboard/recommendations calls this with the served models.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/experiment_actions.h"
#include "common/status.h"
#include "recommend_serving/recommendation_service.h"
#include "store/store.h"

namespace mercato::app {

/// The storefront events the page counts, by type: "view", "add_to_cart", "purchase",
/// "email_click".
inline constexpr std::array<std::string_view, 4> kCountedEventTypes = {"view", "add_to_cart",
                                                                       "purchase", "email_click"};

/// Events of each kCountedEventTypes type in `store` (a full scan of each type).
Result<std::map<std::string, int64_t>> CountEventsByType(Store& store);

/// One variant of a recommendations experiment against its control, on the primary metric.
struct RecommendationLift {
  std::string experiment, name, status, metric, variant, control;
  int64_t variant_units = 0, control_units = 0;
  experiment::MetricResult result;  // the primary metric's row for the variant
  /// For a revenue-per-unit primary metric (revenue_per_visitor, revenue_per_recipient): the
  /// revenue the variant's units spent beyond what the control's rate predicts, difference ×
  /// variant units, with the interval's bounds × variant units. None for other metrics.
  std::optional<double> incremental_revenue, incremental_revenue_low, incremental_revenue_high;
  std::string verdict, verdict_text;
};

/// The lift rows of `report` if it measures recommendations (capability "recommendations"),
/// one per non-control variant in variant order; none for other capabilities.
std::vector<RecommendationLift> RecommendationLiftOf(const ExperimentReport& report);

/// Every started (running or stopped) recommendations experiment of the store at `db`, reported
/// at `now` (app::ReportExperiment: each loads the snapshot), as RecommendationLiftOf rows.
Result<std::vector<RecommendationLift>> MeasureRecommendationLift(const std::string& db,
                                                                  Timestamp now);

/// {"trained_at", "k", "holdout_days", "split_at", "held_out_users", "skipped",
///  "models": [{"name", "surface", "chosen", "precision", "recall", "ndcg", "map", "hit_rate",
///  "coverage"}] (every candidate of every evaluated surface, in surface order),
///  "surfaces": [{"surface", "model", "why"}] (the model that answers first among those loaded),
///  "catalog_items", "catalog_coverage" (the user surface's chosen model's share of the catalog
///  it recommended in the evaluation; null when not evaluated),
///  "events": {"views", "add_to_carts", "purchases", "email_clicks"} or null when all are 0,
///  "lift": [{"experiment", "name", "status", "metric", "variant", "control", "variant_units",
///  "control_units", "control_mean", "variant_mean", "difference", "ci_low", "ci_high",
///  "relative_lift", "relative_ci_low", "relative_ci_high", "p_value", "significant",
///  "incremental_revenue", "incremental_revenue_low", "incremental_revenue_high", "verdict",
///  "verdict_text"}]}. Figures to 4 decimals (money to the cent), null when undefined; times
/// ISO-8601 UTC.
nlohmann::ordered_json DashboardRecommendationsJson(
    const serving::RecommendationService& service, std::optional<Timestamp> trained_at,
    const std::map<std::string, int64_t>& events_by_type,
    const std::vector<RecommendationLift>& lift);

}  // namespace mercato::app
