// The JSON shape of a recommendation list, shared by the CLI (`recommend --json`) and the API,
// and the API's fast writer of the same bytes.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "recommend_serving/recommendation_service.h"

namespace mercato::serving {

/// {"items": [{"sku", "title", "price", "url", "score", "model", "reason", "reason_text",
///             "image_url"}, ...],
///  "personalized", "fallback", "currency"} — null for unknown fields; "currency" only when the
///  list's currency is known.
nlohmann::json ListJson(const RecommendationList& list);

/// The text of `members` updated with ListJson(list) (the list's members win), byte for byte
/// what nlohmann's dump(-1, ' ', false, error_handler_t::replace) writes for that document —
/// keys in sorted order, its number formatting, NaN and infinities as null, invalid UTF-8
/// replaced — written straight into one buffer without building the list's document (the hot
/// path of the recommendation routes). `members` must be an object.
std::string ListJsonText(const RecommendationList& list, const nlohmann::json& members);

}  // namespace mercato::serving
