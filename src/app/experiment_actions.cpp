// The experiments' actions: definitions in the store, sticky assignment with exposure logging,
// and the report.
#include "app/experiment_actions.h"

#include <algorithm>
#include <filesystem>
#include <optional>
#include <thread>

#include "app/customer_data.h"
#include "app/experiment_data.h"
#include "dataset/snapshot.h"
#include "experiment/analysis_json.h"
#include "store/open_store.h"

namespace mercato::app {
namespace {

using experiment::Definition;
using experiment::RunStatus;
using nlohmann::json;

constexpr Timestamp kClockSkewSeconds = 300;

Result<Definition> ParseStoredDefinition(const ExperimentRecord& record) {
  const json j = json::parse(record.definition, nullptr, false);
  auto definition = experiment::DefinitionFromJson(j);
  if (!definition.ok()) {
    return Internal("the stored definition of experiment '" + record.key +
                    "' cannot be read: " + definition.status().message());
  }
  return definition;
}

Result<StoredExperiment> FromRecord(Store& store, const ExperimentRecord& record) {
  StoredExperiment out;
  ASSIGN_OR_RETURN(out.definition, ParseStoredDefinition(record));
  out.created_at = record.created_at;
  out.updated_at = record.updated_at;
  ASSIGN_OR_RETURN(out.exposures, store.CountExposures(record.key));
  return out;
}

ExperimentRecord ToRecord(const Definition& definition, Timestamp created_at,
                          Timestamp updated_at) {
  ExperimentRecord r;
  r.key = definition.key;
  r.unit = std::string(experiment::UnitKindName(definition.unit));
  r.definition = experiment::DefinitionJson(definition).dump();
  r.created_at = created_at;
  r.updated_at = updated_at;
  return r;
}

Result<ExperimentRecord> Find(Store& store, const std::string& key) {
  ASSIGN_OR_RETURN(std::optional<ExperimentRecord> record, store.GetExperiment(key));
  if (!record) {
    return NotFound("no experiment has the key '" + key +
                    "'; `mercato experiments list` shows them");
  }
  return std::move(*record);
}

// Targeted segments must be customer segments of customer units.
Status CheckSegments(const Definition& d) {
  if (d.segments.empty()) return Status::Ok();
  if (d.unit != experiment::UnitKind::kCustomer) {
    return InvalidArgument("segments: targeting needs customer units, this experiment's unit is " +
                           std::string(experiment::UnitKindName(d.unit)));
  }
  for (size_t i = 0; i < d.segments.size(); ++i) {
    if (!customers::ParseCustomerSegment(d.segments[i])) {
      return InvalidArgument("segments[" + std::to_string(i) + "]: unknown segment '" +
                             d.segments[i] + "'; expected " + customers::CustomerSegmentNames());
    }
  }
  return Status::Ok();
}

// Gives a layered experiment the first free range of its layer's buckets.
Status AllocateLayer(Store& store, Definition& d) {
  if (d.layer.empty()) return Status::Ok();
  if (d.layer_buckets.size() != 0) {
    return InvalidArgument(
        "layer_buckets: a layer's buckets are given out at creation; leave layer_buckets out");
  }
  ASSIGN_OR_RETURN(std::vector<ExperimentRecord> all, store.ListExperiments());
  std::vector<experiment::BucketRange> taken;
  for (const ExperimentRecord& record : all) {
    ASSIGN_OR_RETURN(StoredExperiment other, FromRecord(store, record));
    const Definition& o = other.definition;
    if (o.layer == d.layer && o.status != RunStatus::kStopped) taken.push_back(o.layer_buckets);
  }
  ASSIGN_OR_RETURN(d.layer_buckets, experiment::AllocateLayerBuckets(
                                        d.layer, taken, experiment::BucketsForTraffic(d.traffic)));
  return Status::Ok();
}

// The segment the assignment sees: the first of the definition's segments the customer is in,
// or "" (in none, or no insight).
std::string SegmentOf(const Definition& d, const customers::CustomerInsight* insight) {
  if (insight == nullptr) return "";
  for (const std::string& name : d.segments) {
    const auto segment = customers::ParseCustomerSegment(name);
    if (segment && segment->Contains(*insight)) return name;
  }
  return "";
}

// The lookup to use: the caller's, or the store's insights computed once.
Result<InsightLookup> ResolveLookup(Store& store, const Definition& d, InsightLookup given,
                                    std::shared_ptr<StoreInsights>& computed) {
  if (d.segments.empty() || given) return given;
  ASSIGN_OR_RETURN(Snapshot snapshot, LoadSnapshot(store));
  ASSIGN_OR_RETURN(StoreInsights insights, LoadStoreInsights(snapshot, {}));
  if (insights.failed) return Internal("customer insights: " + insights.missing);
  computed = std::make_shared<StoreInsights>(std::move(insights));
  return InsightLookup([computed](const std::string& id) -> const customers::CustomerInsight* {
    if (!computed->insights) return nullptr;
    for (const customers::CustomerInsight& c : computed->insights->customers) {
      if (c.id == id) return &c;
    }
    return nullptr;
  });
}

// An experiment ready to assign units: its definition, its assigner, and where a targeted
// segment is read (insights computed for it live as long as the lookup).
struct AssignableExperiment {
  Definition definition;
  experiment::Assigner assigner;
  InsightLookup lookup;
};

Result<AssignableExperiment> LoadAssignable(Store& store, const std::string& key,
                                            InsightLookup given) {
  ASSIGN_OR_RETURN(ExperimentRecord record, Find(store, key));
  ASSIGN_OR_RETURN(StoredExperiment e, FromRecord(store, record));
  ASSIGN_OR_RETURN(experiment::Assigner assigner,
                   experiment::Assigner::Create(e.definition.Assignment()));
  std::shared_ptr<StoreInsights> computed;
  ASSIGN_OR_RETURN(InsightLookup lookup,
                   ResolveLookup(store, e.definition, std::move(given), computed));
  return AssignableExperiment{std::move(e.definition), std::move(assigner), std::move(lookup)};
}

// The report of `experiment` from its units' outcomes: Analyze with the definition's metrics.
Result<ExperimentReport> AnalyzeExperiment(StoredExperiment experiment,
                                           const experiment::ExperimentData& data, double alpha) {
  ExperimentReport report;
  report.experiment = std::move(experiment);
  const Definition& d = report.experiment.definition;
  experiment::AnalysisOptions analysis;
  analysis.primary_metric = d.primary_metric;
  analysis.secondary_metrics = d.secondary_metrics;
  analysis.guardrails = d.guardrails;
  analysis.alpha = alpha;
  ASSIGN_OR_RETURN(report.analysis, experiment::Analyze(data, analysis));
  return report;
}

}  // namespace

AssignedVariant AssignUnit(const Definition& d, const experiment::Assigner& assigner,
                           const std::string& unit, const InsightLookup& lookup) {
  AssignedVariant out;
  if (d.status == RunStatus::kRunning) {
    const customers::CustomerInsight* insight =
        d.segments.empty() || !lookup ? nullptr : lookup(unit);
    out.assignment =
        assigner.Assign(unit, d.segments.empty() ? std::string() : SegmentOf(d, insight));
  }
  out.variant = &d.variants[static_cast<size_t>(
      out.assignment.in_experiment ? out.assignment.variant : d.ControlIndex())];
  return out;
}

Result<std::vector<RunningExperiment>> LoadRunningExperiments(Store& store,
                                                              experiment::Capability capability) {
  ASSIGN_OR_RETURN(std::vector<ExperimentRecord> records, store.ListExperiments());
  std::vector<RunningExperiment> out;
  for (const ExperimentRecord& record : records) {
    ASSIGN_OR_RETURN(Definition definition, ParseStoredDefinition(record));
    if (definition.status != RunStatus::kRunning || definition.capability != capability) continue;
    ASSIGN_OR_RETURN(experiment::Assigner assigner,
                     experiment::Assigner::Create(definition.Assignment()));
    out.push_back({std::move(definition), std::move(assigner)});
  }
  return out;
}

json StoredExperimentJson(const StoredExperiment& e) {
  json j = experiment::DefinitionJson(e.definition);
  j["created_at"] = FormatTimestamp(e.created_at);
  j["updated_at"] = FormatTimestamp(e.updated_at);
  j["exposures"] = e.exposures;
  return j;
}

Result<StoredExperiment> CreateExperiment(Store& store, const CreateExperimentOptions& options) {
  ASSIGN_OR_RETURN(Definition d, experiment::DefinitionFromJson(options.definition));
  if (d.status == RunStatus::kRunning && !d.started_at) d.started_at = options.now;
  if (d.status == RunStatus::kStopped && !d.stopped_at) d.stopped_at = options.now;
  RETURN_IF_ERROR(CheckSegments(d));
  RETURN_IF_ERROR(store.Begin());
  const auto write = [&]() -> Status {
    ASSIGN_OR_RETURN(std::optional<ExperimentRecord> existing, store.GetExperiment(d.key));
    if (existing) {
      return {StatusCode::kAlreadyExists,
              "an experiment with the key '" + d.key +
                  "' exists; its variants cannot change — change its status, or create the new "
                  "one under another key"};
    }
    RETURN_IF_ERROR(AllocateLayer(store, d));
    RETURN_IF_ERROR(experiment::Validate(d));
    return store.PutExperiment(ToRecord(d, options.now, options.now));
  };
  if (Status s = write(); !s.ok()) {
    (void)store.Rollback();
    return s;
  }
  RETURN_IF_ERROR(store.Commit());
  StoredExperiment out;
  out.definition = std::move(d);
  out.created_at = out.updated_at = options.now;
  return out;
}

Result<std::vector<StoredExperiment>> ListExperiments(Store& store) {
  ASSIGN_OR_RETURN(std::vector<ExperimentRecord> records, store.ListExperiments());
  std::vector<StoredExperiment> out;
  for (const ExperimentRecord& r : records) {
    ASSIGN_OR_RETURN(StoredExperiment e, FromRecord(store, r));
    out.push_back(std::move(e));
  }
  return out;
}

Result<StoredExperiment> ShowExperiment(Store& store, const std::string& key) {
  ASSIGN_OR_RETURN(ExperimentRecord record, Find(store, key));
  return FromRecord(store, record);
}

Result<StoredExperiment> SetExperimentStatus(Store& store,
                                             const SetExperimentStatusOptions& options) {
  const auto status = experiment::ParseRunStatus(options.status);
  if (!status) {
    return InvalidArgument("status: expected draft, running or stopped, got '" + options.status +
                           "'");
  }
  ASSIGN_OR_RETURN(ExperimentRecord record, Find(store, options.key));
  ASSIGN_OR_RETURN(StoredExperiment e, FromRecord(store, record));
  Definition& d = e.definition;
  if (d.status == *status) return e;
  const std::string from(experiment::RunStatusName(d.status));
  if (d.status == RunStatus::kStopped || *status == RunStatus::kDraft) {
    return FailedPrecondition("experiment '" + d.key + "' is " + from + " and cannot become " +
                              options.status +
                              ": its report would mix periods; create a new experiment under "
                              "another key");
  }
  d.status = *status;
  if (*status == RunStatus::kRunning && !d.started_at) d.started_at = options.now;
  if (*status == RunStatus::kStopped) d.stopped_at = options.now;
  RETURN_IF_ERROR(experiment::Validate(d));
  RETURN_IF_ERROR(store.PutExperiment(ToRecord(d, e.created_at, options.now)));
  e.updated_at = options.now;
  return e;
}

json AssignmentJson(const AssignmentAnswer& a) {
  return {{"experiment", a.experiment}, {"unit", a.unit},
          {"variant", a.variant},       {"in_experiment", a.in_experiment},
          {"config", a.config},         {"exposure_logged", a.exposure_logged}};
}

Result<AssignmentAnswer> AssignExperiment(Store& store, const AssignOptions& options) {
  if (options.unit.empty()) return InvalidArgument("unit: expected a customer, session or SKU id");
  ASSIGN_OR_RETURN(AssignableExperiment loaded,
                   LoadAssignable(store, options.key, options.insight));
  const Definition& d = loaded.definition;
  const experiment::Assigner& assigner = loaded.assigner;
  const InsightLookup& lookup = loaded.lookup;
  const AssignedVariant assigned = AssignUnit(d, assigner, options.unit, lookup);
  AssignmentAnswer answer;
  answer.experiment = d.key;
  answer.unit = options.unit;
  answer.variant = assigned.variant->name;
  answer.in_experiment = assigned.assignment.in_experiment;
  answer.config = assigned.variant->config;
  if (answer.in_experiment && options.log_exposure) {
    const Exposure exposure{options.unit, answer.variant, options.now};
    ASSIGN_OR_RETURN(int64_t written,
                     store.RecordExposures(d.key, std::span<const Exposure>(&exposure, 1)));
    answer.exposure_logged = written > 0;
  }
  return answer;
}

json ExposureBatchJson(const ExposureBatchReport& r) {
  return {{"received", r.received},
          {"recorded", r.recorded},
          {"already_exposed", r.already_exposed},
          {"not_in_experiment", r.not_in_experiment}};
}

Result<ExposureBatchReport> RecordExposureBatch(Store& store,
                                                const RecordExposureBatchOptions& options) {
  if (options.units.size() > kMaxExposureBatch) {
    return InvalidArgument("exposures: at most " + std::to_string(kMaxExposureBatch) +
                           " units per batch, got " + std::to_string(options.units.size()));
  }
  for (size_t i = 0; i < options.units.size(); ++i) {
    const auto& [unit, at] = options.units[i];
    const std::string where = "exposures[" + std::to_string(i) + "]";
    if (unit.empty()) return InvalidArgument(where + ".unit: expected a non-empty id");
    if (at && *at > options.now + kClockSkewSeconds) {
      return InvalidArgument(where + ".ts: " + FormatTimestamp(*at) +
                             " is in the future; expected a time up to now");
    }
  }
  ASSIGN_OR_RETURN(AssignableExperiment loaded,
                   LoadAssignable(store, options.key, options.insight));
  const Definition& d = loaded.definition;
  const experiment::Assigner& assigner = loaded.assigner;
  const InsightLookup& lookup = loaded.lookup;
  ExposureBatchReport report;
  report.received = static_cast<int64_t>(options.units.size());
  std::vector<Exposure> exposures;
  for (const auto& [unit, at] : options.units) {
    const AssignedVariant assigned = AssignUnit(d, assigner, unit, lookup);
    if (!assigned.assignment.in_experiment) {
      ++report.not_in_experiment;
      continue;
    }
    exposures.push_back({unit, assigned.variant->name, at.value_or(options.now)});
  }
  // The earliest sighting of a unit is its first exposure: the store keeps the first written.
  std::stable_sort(exposures.begin(), exposures.end(),
                   [](const Exposure& a, const Exposure& b) { return a.first_at < b.first_at; });
  ASSIGN_OR_RETURN(report.recorded, store.RecordExposures(d.key, exposures));
  report.already_exposed = static_cast<int64_t>(exposures.size()) - report.recorded;
  return report;
}

json ExperimentReportJson(const ExperimentReport& r) {
  return {{"experiment", StoredExperimentJson(r.experiment)},
          {"analysis", experiment::AnalysisJson(r.analysis)}};
}

Result<ExperimentReport> ReportExperiment(const ExperimentReportOptions& options) {
  if (!std::filesystem::exists(options.db)) {
    return NotFound(options.db + ": no such store (create it with `mercato import --db " +
                    options.db + " ...`)");
  }
  ASSIGN_OR_RETURN(std::unique_ptr<Store> store, OpenStore(options.db));
  ASSIGN_OR_RETURN(StoredExperiment e, ShowExperiment(*store, options.key));
  const experiment::UnitKind kinds[] = {e.definition.unit};
  // Two cores: a second connection reads the orders in a second thread while this one reads the
  // exposures (SQLite's WAL lets readers run side by side).
  std::optional<Result<AttributionSales>> sales;
  std::thread orders([&] {
    Result<std::unique_ptr<Store>> reader = OpenStore(options.db);
    if (reader.ok()) {
      sales.emplace(LoadAttributionSales(**reader, kinds));
    } else {
      sales.emplace(reader.status());
    }
  });
  Result<ExposedUnits> exposed = ReadExposures(*store, e.definition, e.exposures);
  orders.join();
  RETURN_IF_ERROR(sales->status());
  RETURN_IF_ERROR(exposed.status());
  ASSIGN_OR_RETURN(experiment::ExperimentData data,
                   AttributeExposures(**sales, *exposed, e.definition, options.now));
  return AnalyzeExperiment(std::move(e), data, options.alpha);
}

Result<ExperimentReport> ReportStoredExperiment(Store& store, const AttributionSales& sales,
                                                StoredExperiment experiment, Timestamp now,
                                                double alpha) {
  ASSIGN_OR_RETURN(
      experiment::ExperimentData data,
      BuildExperimentData(store, sales, experiment.definition, now, experiment.exposures));
  return AnalyzeExperiment(std::move(experiment), data, alpha);
}

}  // namespace mercato::app
