// The recommendations holdout of the synthetic store (SynthConfig::rec_lift): who was exposed when
// and to which arm, what recommendations added, the exposures file an experiment report reads,
// and the planted lift it must recover.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/status.h"
#include "experiment/assignment.h"
#include "synth/clock.h"
#include "synth/generator.h"

namespace mercato::synth {

/// The experiment's key in the exposures file and truth.json.
inline constexpr const char* kHoldoutExperiment = "recs-holdout";

/// How the storefront assigns the holdout's arms: mercato's assignment with the experiment's key
/// as salt, variants control (weight rec_holdout_share) then treatment — as experiments.json
/// defines it, so a report assigns the same customers the same arms.
experiment::Assigner HoldoutAssigner(const SynthConfig& config);

/// One customer's first visit on or after the test's start.
struct HoldoutExposure {
  uint32_t customer = 0;
  double at = 0;           // simulation time (days since the start)
  bool treatment = false;  // shown recommendations (false: held out)
  // Within rec_attribution_days of `at`: every order's revenue (line subtotal less the order's
  // discount) and orders, and those that recommendations caused (their orders and the follow-ups
  // those orders triggered), which a held-out customer never has.
  double window_revenue = 0;
  int64_t window_orders = 0;
  double caused_revenue = 0;
  int64_t caused_orders = 0;
};

/// Writes <dir>/experiment_exposures.csv: experiment,unit,variant,exposed_at (one row per
/// exposure, in time order; variant "control" or "treatment").
Status WriteHoldoutExposures(const std::vector<HoldoutExposure>& exposures, const Clock& clock,
                             const std::string& dir);

/// Writes <dir>/experiments.json: the holdout's definition (the keys of `mercato experiments
/// create --file`), a JSON array of one, so an import knows the experiment its exposures name.
Status WriteHoldoutDefinition(const SynthConfig& config, const Clock& clock,
                              const std::string& dir);

/// truth.json's "recommendation_holdout": the design, the arms' sizes and revenue per visitor
/// within the window, and the planted lift: the revenue recommendations caused per treated
/// customer (absolute) and as a share of what those customers would have spent without them.
nlohmann::ordered_json HoldoutTruthJson(const SynthConfig& config, const Clock& clock,
                                        const std::vector<HoldoutExposure>& exposures);

}  // namespace mercato::synth
