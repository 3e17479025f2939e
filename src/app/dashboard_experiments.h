// The dashboard's experiments page, its list: every experiment with its units exposed per variant
// (the report, GET /v1/experiments/{key}/report, analyses one of them). GET
// /v1/dashboard/experiments calls this.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/experiment_actions.h"
#include "common/status.h"

namespace mercato::app {

/// An experiment and how many units were first exposed to each of its variants.
struct DashboardExperiment {
  StoredExperiment experiment;
  std::vector<int64_t> exposures_per_variant;  // in the definition's variant order
};

struct DashboardExperiments {
  std::vector<DashboardExperiment> experiments;  // in key order
};

/// Every experiment of the store at `db` (its own connection), its exposures counted per variant
/// by streaming them (Store::ForEachExposure); an exposure naming a variant the definition does
/// not have is Internal (the store was written by something other than mercato's assignment).
Result<DashboardExperiments> BuildDashboardExperiments(const std::string& db);

/// {"experiments": [StoredExperimentJson + "exposures_per_variant": {variant: units}, in the
/// definition's variant order]}.
nlohmann::json DashboardExperimentsJson(const DashboardExperiments& page);

}  // namespace mercato::app
