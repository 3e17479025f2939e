// The JSON shape of a recommendation list, shared by the CLI (`recommend --json`) and the API.
#pragma once

#include <nlohmann/json.hpp>

#include "recommend_serving/recommendation_service.h"

namespace mercato::serving {

/// {"items": [{"sku", "title", "price", "url", "score", "model", "reason", "reason_text",
///             "image_url"}, ...],
///  "personalized", "fallback"} — null for unknown fields.
nlohmann::json ListJson(const RecommendationList& list);

}  // namespace mercato::serving
