// Reading a recommendations variant's "recommender" choice; the error names the field.
#include "experiment/recommender_choice.h"

#include <string>

#include "common/text.h"

namespace mercato::experiment {

Result<RecommenderChoice> ReadRecommenderChoice(const nlohmann::json& config,
                                                std::string_view field) {
  const auto it = config.find("recommender");
  if (it == config.end()) return RecommenderChoice::kModels;
  if (const std::string* name = it->get_ptr<const std::string*>()) {
    if (*name == "popularity") return RecommenderChoice::kPopularity;
    if (*name == "none") return RecommenderChoice::kNone;
  }
  return InvalidArgument(std::string(field) +
                         ".recommender: expected \"popularity\" (the store's popular items) or "
                         "\"none\" (no recommendations), or no recommender key (the trained "
                         "models), got " +
                         Excerpt(it->dump(), 60));
}

}  // namespace mercato::experiment
