// Loading the running recommendations experiments and deciding a request's variant.
#include "server/recommendation_experiments.h"

namespace mercato::server {

Result<std::shared_ptr<const RecommendationExperiments>> RecommendationExperiments::Load(
    Store& store) {
  ASSIGN_OR_RETURN(std::vector<app::RunningExperiment> running,
                   app::LoadRunningExperiments(store, experiment::Capability::kRecommendations));
  if (running.empty()) return std::shared_ptr<const RecommendationExperiments>();
  std::vector<Entry> entries;
  for (app::RunningExperiment& e : running) {
    Entry entry{std::move(e), {}};
    const experiment::Definition& d = entry.experiment.definition;
    for (size_t i = 0; i < d.variants.size(); ++i) {
      // Validated when the experiment was created; a definition stored otherwise is refused
      // here, naming the experiment, rather than served wrongly.
      auto choice = experiment::ReadRecommenderChoice(
          d.variants[i].config,
          "experiment '" + d.key + "': variants[" + std::to_string(i) + "].config");
      if (!choice.ok()) return choice.status();
      entry.choices.push_back(*choice);
    }
    entries.push_back(std::move(entry));
  }
  return std::shared_ptr<const RecommendationExperiments>(
      new RecommendationExperiments(std::move(entries)));
}

std::optional<ExperimentDecision> RecommendationExperiments::Decide(
    const RecommendationUnits& units, const ServedModels& models) const {
  const app::InsightLookup insight = [&models](const std::string& id) {
    return models.Insight(id);
  };
  for (const Entry& entry : experiments_) {
    const experiment::Definition& d = entry.experiment.definition;
    const std::string* unit = d.unit == experiment::UnitKind::kCustomer  ? &units.customer
                              : d.unit == experiment::UnitKind::kSession ? &units.session
                                                                         : nullptr;
    if (unit == nullptr || unit->empty()) continue;  // the request has no unit of its kind
    const app::AssignedVariant assigned =
        app::AssignUnit(d, entry.experiment.assigner, *unit, insight);
    if (!assigned.assignment.in_experiment) continue;
    return ExperimentDecision{&entry.experiment, assigned.variant,
                              entry.choices[static_cast<size_t>(assigned.assignment.variant)],
                              unit};
  }
  return std::nullopt;
}

}  // namespace mercato::server
