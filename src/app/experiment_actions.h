// The experiments' actions (issue 17): create, list, show, change status, assign a unit (logging
// its exposure), record a batch of exposures, and report — attribution, analysis and verdict.
// `mercato experiments ...` and /v1/experiments call them.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "common/time.h"
#include "customers/insights.h"
#include "experiment/analysis.h"
#include "experiment/definition.h"
#include "store/store.h"

namespace mercato::app {

/// An experiment as the store holds it.
struct StoredExperiment {
  experiment::Definition definition;
  Timestamp created_at = 0, updated_at = 0;
  int64_t exposures = 0;  // units exposed so far
};

/// The definition's JSON (experiment::DefinitionJson) with "created_at", "updated_at" (ISO
/// 8601) and "exposures".
nlohmann::json StoredExperimentJson(const StoredExperiment& experiment);

struct CreateExperimentOptions {
  nlohmann::json definition;  // the definition's JSON (docs/api.md, "Experiments")
  Timestamp now = 0;
};

/// Stores a new experiment, in one transaction. The definition is read and checked
/// (experiment::DefinitionFromJson, Validate); targeted segments must be lifecycle stages or RFM
/// segments and need customer units; a running experiment without started_at starts `now`, a
/// stopped one without stopped_at stops `now`. An experiment in a layer gets the first free
/// range of the layer's buckets as wide as its traffic (experiments of the layer that are not
/// stopped hold theirs): FailedPrecondition when the layer is full, InvalidArgument when the
/// definition names layer_buckets (they are given out, not chosen). AlreadyExists when the key
/// is taken (a key's variants never change, so its exposures stay meaningful).
Result<StoredExperiment> CreateExperiment(Store& store, const CreateExperimentOptions& options);

/// Every experiment, in key order.
Result<std::vector<StoredExperiment>> ListExperiments(Store& store);

/// The experiment `key`; NotFound naming it.
Result<StoredExperiment> ShowExperiment(Store& store, const std::string& key);

struct SetExperimentStatusOptions {
  std::string key;
  std::string status;  // draft | running | stopped
  Timestamp now = 0;
};

/// Moves the experiment to `status`: draft -> running (started_at = now unless set), running
/// or draft -> stopped (stopped_at = now; a layer's buckets are free again). The same status
/// changes nothing. A stopped experiment does not run again and a started one does not go back
/// to draft (its report would mix periods): FailedPrecondition saying to create a new key.
Result<StoredExperiment> SetExperimentStatus(Store& store,
                                             const SetExperimentStatusOptions& options);

/// A customer's insight (RFM segment and lifecycle stage) by id; null when the customer has none
/// (no purchase yet).
using InsightLookup = std::function<const customers::CustomerInsight*(const std::string& id)>;

/// A unit's place in an experiment: where assignment put it, and the variant it sees (the
/// control's when it is outside the experiment or the experiment is not running).
struct AssignedVariant {
  experiment::Assignment assignment;
  const experiment::VariantDefinition* variant = nullptr;  // into the definition's variants
};

/// The assignment every action and the server use: a running experiment assigns `unit` by
/// experiment/assignment.h, reading a targeted segment through `lookup` (empty: the unit is in
/// no segment); any other status puts nobody in. Reads no store; thread-safe.
AssignedVariant AssignUnit(const experiment::Definition& definition,
                           const experiment::Assigner& assigner, const std::string& unit,
                           const InsightLookup& lookup);

/// A running experiment ready to assign units in memory.
struct RunningExperiment {
  experiment::Definition definition;
  experiment::Assigner assigner;
};

/// Every running experiment that measures `capability`, in key order, with its assigner (what
/// the server keeps in memory to serve under experiments without reading the store per
/// request). Internal when a stored definition cannot be read.
Result<std::vector<RunningExperiment>> LoadRunningExperiments(Store& store,
                                                              experiment::Capability capability);

struct AssignOptions {
  std::string key;
  std::string unit;  // a customer id, a session id or a SKU, as the experiment's unit says
  bool log_exposure = true;
  Timestamp now = 0;
  /// For experiments that target segments: where a customer's segment is read (the server's
  /// served insights). Empty: the store's insights are computed once per call (the CLI).
  InsightLookup insight;
};

struct AssignmentAnswer {
  std::string experiment, unit, variant;
  bool in_experiment = false;    // false: not running, outside traffic, layer range or segments
  nlohmann::json config;         // the variant's configuration (the control's when not in it)
  bool exposure_logged = false;  // a first exposure was recorded by this call
};

/// {"experiment", "unit", "variant", "in_experiment", "config", "exposure_logged"}.
nlohmann::json AssignmentJson(const AssignmentAnswer& answer);

/// The unit's variant (experiment/assignment.h): sticky, the same for every call. A unit in a
/// running experiment has its first exposure recorded (Store::RecordExposures) unless
/// log_exposure is false; a unit outside it gets the control's configuration and no exposure.
/// NotFound for an unknown key; InvalidArgument for an empty unit.
Result<AssignmentAnswer> AssignExperiment(Store& store, const AssignOptions& options);

/// The most units one RecordExposureBatch takes.
inline constexpr size_t kMaxExposureBatch = 10000;

struct RecordExposureBatchOptions {
  std::string key;
  /// Units seen by storefront code, each with when (nullopt: now). The variant is assigned
  /// here, never taken from the caller.
  std::vector<std::pair<std::string, std::optional<Timestamp>>> units;
  Timestamp now = 0;
  InsightLookup insight;  // as AssignOptions::insight
};

struct ExposureBatchReport {
  int64_t received = 0;
  int64_t recorded = 0;           // first exposures written
  int64_t already_exposed = 0;    // units whose first exposure was stored before
  int64_t not_in_experiment = 0;  // outside traffic, layer or segments, or not running
};

/// {"received", "recorded", "already_exposed", "not_in_experiment"}.
nlohmann::json ExposureBatchJson(const ExposureBatchReport& report);

/// Records the batch's units in one transaction: each in the experiment gets its assigned
/// variant; at most 10,000 units; a time later than `now` + 5 minutes or an empty unit is
/// InvalidArgument naming its position (nothing written). NotFound for an unknown key.
Result<ExposureBatchReport> RecordExposureBatch(Store& store,
                                                const RecordExposureBatchOptions& options);

struct ExperimentReportOptions {
  std::string db;
  std::string key;
  Timestamp now = 0;    // the days running end here (or at stopped_at)
  double alpha = 0.05;  // the tests' significance level
};

struct ExperimentReport {
  StoredExperiment experiment;
  experiment::Analysis analysis;
};

/// {"experiment": StoredExperimentJson, "analysis": experiment::AnalysisJson}.
nlohmann::json ExperimentReportJson(const ExperimentReport& report);

/// Opens the store at `db`, attributes orders to the experiment's exposures
/// (app/experiment_data.h) and analyses them with the definition's metrics
/// (experiment::Analyze). An experiment nobody was exposed to yet reports keep_running.
Result<ExperimentReport> ReportExperiment(const ExperimentReportOptions& options);

struct AttributionSales;  // app/experiment_data.h

/// The report of `experiment` on an open store whose orders were read for its unit kind
/// (`sales`): ReportExperiment's work once the store is open, and BuildLiftReport's for each
/// experiment, which share one reading of the orders.
Result<ExperimentReport> ReportStoredExperiment(Store& store, const AttributionSales& sales,
                                                StoredExperiment experiment, Timestamp now,
                                                double alpha);

}  // namespace mercato::app
