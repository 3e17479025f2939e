// JSON of a recommendation list.
#include "recommend_serving/list_json.h"

namespace mercato::serving {
namespace {

nlohmann::json OrNull(const std::string& s) {
  return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s);
}

}  // namespace

nlohmann::json ListJson(const RecommendationList& list) {
  nlohmann::json items = nlohmann::json::array();
  for (const Recommendation& r : list.items) {
    items.push_back({{"sku", r.sku},
                     {"title", OrNull(r.title)},
                     {"price", r.price ? nlohmann::json(*r.price) : nlohmann::json(nullptr)},
                     {"url", OrNull(r.url)},
                     {"score", r.score},
                     {"model", recommend::ModelKindName(r.model)},
                     {"reason", recommend::ReasonKindName(r.reason.kind)},
                     {"reason_text", r.reason_text},
                     {"image_url", OrNull(r.image_url)}});
  }
  return {{"items", std::move(items)},
          {"personalized", list.personalized},
          {"fallback", OrNull(list.fallback)}};
}

}  // namespace mercato::serving
