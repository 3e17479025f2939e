// The tuning record as JSON.
#include "recommend_serving/tuning_record.h"

#include <nlohmann/json.hpp>

namespace mercato::serving {
namespace {

// Numbers as numbers, the similarity's name as text.
nlohmann::json ValuesJson(const recommend::TuningTrial& trial) {
  nlohmann::json values = nlohmann::json::object();
  for (const recommend::TunedValue& v : trial.values) {
    values[v.name] = nlohmann::json::parse(v.value, nullptr, /*allow_exceptions=*/false);
    if (values[v.name].is_discarded()) values[v.name] = v.value;
  }
  return values;
}

}  // namespace

std::string TuningJson(const recommend::Tuning& t) {
  nlohmann::json trials = nlohmann::json::array();
  for (const recommend::TuningTrial& trial : t.trials) {
    trials.push_back({{"model", recommend::ModelKindName(trial.model)},
                      {"values", ValuesJson(trial)},
                      {"recall", trial.metrics.recall},
                      {"ndcg", trial.metrics.ndcg},
                      {"hit_rate", trial.metrics.hit_rate},
                      {"seconds", trial.seconds}});
  }
  nlohmann::json chosen = nlohmann::json::array();
  for (size_t index : t.chosen) {
    const recommend::TuningTrial& trial = t.trials[index];
    chosen.push_back({{"model", recommend::ModelKindName(trial.model)},
                      {"values", ValuesJson(trial)},
                      {"recall", trial.metrics.recall},
                      {"ndcg", trial.metrics.ndcg}});
  }
  return nlohmann::json{
      {"skipped", t.skipped.empty() ? nlohmann::json(nullptr) : nlohmann::json(t.skipped)},
      {"validation_days", t.validation_days},
      {"k", t.k},
      {"budget_seconds", t.budget_seconds},
      {"split_at",
       t.split_at ? nlohmann::json(FormatTimestamp(*t.split_at)) : nlohmann::json(nullptr)},
      {"validation_users", t.validation_users},
      {"budget_spent", t.budget_spent},
      {"seconds", t.seconds},
      {"chosen", std::move(chosen)},
      {"trials", std::move(trials)}}
      .dump();
}

}  // namespace mercato::serving
