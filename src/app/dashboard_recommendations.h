// The dashboard's recommendations page: the model each surface asks first and why (the choice
// `mercato train recommend` made by its time-split evaluation, or the default order), every
// candidate's offline figures, and the storefront events the store holds by type.
// GET /v1/dashboard/recommendations calls this with the served models.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

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

/// {"trained_at", "k", "holdout_days", "split_at", "held_out_users", "skipped",
///  "models": [{"name", "surface", "chosen", "precision", "recall", "ndcg", "map", "hit_rate",
///  "coverage"}] (every candidate of every evaluated surface, in surface order),
///  "surfaces": [{"surface", "model", "why"}] (the model that answers first among those loaded),
///  "catalog_items", "catalog_coverage" (the user surface's chosen model's share of the catalog
///  it recommended in the evaluation; null when not evaluated),
///  "events": {"views", "add_to_carts", "purchases", "email_clicks"} or null when all are 0}.
/// Figures to 4 decimals; times ISO-8601 UTC.
nlohmann::ordered_json DashboardRecommendationsJson(
    const serving::RecommendationService& service, std::optional<Timestamp> trained_at,
    const std::map<std::string, int64_t>& events_by_type);

}  // namespace mercato::app
