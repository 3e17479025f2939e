// The running recommendations experiments, held in memory so that the recommendation routes can
// serve under them without reading the store per request: each with its assigner and what each
// variant serves. Built from the store when the server opens, when an experiment is created or
// changes status through the API, and on every model reload (ServerContext).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/experiment_actions.h"
#include "experiment/recommender_choice.h"
#include "server/served_models.h"

namespace mercato::server {

/// The units a recommendation request has; empty when it has none of that kind. `customer` is
/// only a customer the caller proved to be (or named with an admin key).
struct RecommendationUnits {
  const std::string& customer;
  const std::string& session;
};

/// The experiment and variant a request is served under.
struct ExperimentDecision {
  const app::RunningExperiment* experiment = nullptr;
  const experiment::VariantDefinition* variant = nullptr;
  experiment::RecommenderChoice choice = experiment::RecommenderChoice::kModels;
  const std::string* unit = nullptr;  // the request's unit the experiment assigned
};

class RecommendationExperiments {
 public:
  /// The running experiments of capability "recommendations" in `store`, in key order; null
  /// when there are none (the routes then pay one atomic load and nothing else).
  static Result<std::shared_ptr<const RecommendationExperiments>> Load(Store& store);

  /// The first experiment (in key order) whose unit the request has and that assigns that unit
  /// (app::AssignUnit: traffic, layer, targeted segments read from `models`' insights); nullopt
  /// when none does. Reads no store; thread-safe.
  std::optional<ExperimentDecision> Decide(const RecommendationUnits& units,
                                           const ServedModels& models) const;

  size_t size() const { return experiments_.size(); }

 private:
  struct Entry {
    app::RunningExperiment experiment;
    std::vector<experiment::RecommenderChoice> choices;  // per variant
  };
  explicit RecommendationExperiments(std::vector<Entry> entries)
      : experiments_(std::move(entries)) {}

  std::vector<Entry> experiments_;
};

}  // namespace mercato::server
