// The lift report: every started experiment's report, grouped by the capability it measures.
#include "app/lift_report.h"

#include <algorithm>
#include <filesystem>

#include "app/experiment_data.h"
#include "experiment/analysis_json.h"
#include "store/open_store.h"

namespace mercato::app {

nlohmann::json LiftReportJson(const LiftReport& report) {
  nlohmann::json experiments = nlohmann::json::array();
  for (const CapabilityLift& e : report.experiments) {
    const experiment::Definition& d = e.report.experiment.definition;
    const nlohmann::json analysis = experiment::AnalysisJson(e.report.analysis);
    nlohmann::json primary = nlohmann::json::array();
    for (const nlohmann::json& metric : analysis["metrics"]) {
      if (metric["primary"].get<bool>()) primary.push_back(metric);
    }
    nlohmann::json units = nlohmann::json::object();
    for (size_t v = 0; v < d.variants.size(); ++v) {
      units[d.variants[v].name] = v < e.report.analysis.units_per_variant.size()
                                      ? e.report.analysis.units_per_variant[v]
                                      : 0;
    }
    experiments.push_back({{"capability", e.capability},
                           {"experiment", d.key},
                           {"name", d.name},
                           {"status", experiment::RunStatusName(d.status)},
                           {"unit", experiment::UnitKindName(d.unit)},
                           {"control", d.variants[static_cast<size_t>(d.ControlIndex())].name},
                           {"units_per_variant", units},
                           {"metric", d.primary_metric},
                           {"verdict", analysis["verdict"]},
                           {"verdict_text", analysis["verdict_text"]},
                           {"primary", primary}});
  }
  return {{"experiments", experiments}};
}

Result<LiftReport> BuildLiftReport(const LiftReportOptions& options) {
  if (!std::filesystem::exists(options.db)) {
    return NotFound(options.db + ": no such store (create it with `mercato import --db " +
                    options.db + " ...`)");
  }
  ASSIGN_OR_RETURN(std::unique_ptr<Store> store, OpenStore(options.db));
  ASSIGN_OR_RETURN(std::vector<StoredExperiment> all, ListExperiments(*store));
  std::vector<StoredExperiment> started;
  std::vector<experiment::UnitKind> kinds;  // the orders are read once, for every unit kind used
  for (StoredExperiment& e : all) {
    if (e.definition.status == experiment::RunStatus::kDraft) continue;
    if (options.capability && e.definition.capability != *options.capability) continue;
    if (std::find(kinds.begin(), kinds.end(), e.definition.unit) == kinds.end()) {
      kinds.push_back(e.definition.unit);
    }
    started.push_back(std::move(e));
  }
  LiftReport report;
  if (started.empty()) return report;
  ASSIGN_OR_RETURN(AttributionSales sales, LoadAttributionSales(*store, kinds));
  for (StoredExperiment& e : started) {
    std::string capability(experiment::CapabilityName(e.definition.capability));
    ASSIGN_OR_RETURN(ExperimentReport r, ReportStoredExperiment(*store, sales, std::move(e),
                                                                options.now, options.alpha));
    report.experiments.push_back({std::move(capability), std::move(r)});
  }
  std::stable_sort(
      report.experiments.begin(), report.experiments.end(),
      [](const CapabilityLift& a, const CapabilityLift& b) { return a.capability < b.capability; });
  return report;
}

}  // namespace mercato::app
