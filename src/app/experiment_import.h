// Imports experiments run outside mercato's server: their definitions (a JSON file, the keys of
// `mercato experiments create --file`) and their exposure logs (CSV: experiment, unit,
// exposed_at, optionally variant) — what a storefront logged before it called the API, or the
// synthetic store's planted holdout (`mercato generate --recommendation-lift`).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/experiment_actions.h"
#include "common/status.h"
#include "common/time.h"

namespace mercato::app {

struct ImportExperimentsOptions {
  std::string db;
  /// Files: *.json are definitions (one object, or an array of them); anything else is an
  /// exposure log (CSV, plain or .gz/.zst).
  std::vector<std::string> paths;
  Timestamp now = 0;
};

struct ExperimentImportReport {
  int64_t experiments_created = 0;
  int64_t experiments_kept = 0;  // already stored with the same unit, salt and variants
  int64_t exposure_rows = 0;
  ExposureBatchReport exposures;  // summed over every batch
};

/// {"experiments_created", "experiments_kept", "exposure_rows", "exposures": ExposureBatchJson}.
nlohmann::json ExperimentImportJson(const ExperimentImportReport& report);

/// Reads and checks every file before writing anything: each definition (as CreateExperiment
/// does), each exposure row (its experiment defined in the store or in these files, a unit, an
/// ISO 8601 exposed_at; a variant, when the column is there, must be the one mercato's
/// assignment gives that unit — exposures of an experiment mercato assigns come from its
/// assignment). Errors name the file, line and column and what was expected, and nothing is
/// written. Then creates the new experiments and records the exposures through
/// RecordExposureBatch (the unit's first exposure sticks). A definition whose key is stored
/// with the same unit, salt and variants is kept as it is; with others, AlreadyExists. Writes
/// are idempotent: importing the same files again changes nothing.
Result<ExperimentImportReport> ImportExperiments(const ImportExperimentsOptions& options);

}  // namespace mercato::app
