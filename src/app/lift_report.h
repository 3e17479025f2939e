// The lift of mercato's own capabilities (`mercato report lift`, GET /v1/reports/lift): for each
// experiment that measures one — a recommendations holdout, a journey's holdout, pricing cells,
// search variants — its primary metric per variant against the control, with the fixed-horizon
// and the always-valid intervals and the verdict in words.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/experiment_actions.h"
#include "common/status.h"
#include "common/time.h"

namespace mercato::app {

struct LiftReportOptions {
  std::string db;
  Timestamp now = 0;
  double alpha = 0.05;
  /// Only the experiments of this capability (the dashboard's Recommendations page); unset: all.
  std::optional<experiment::Capability> capability;
};

/// One experiment's answer: which capability, and its report.
struct CapabilityLift {
  std::string capability;
  ExperimentReport report;
};

struct LiftReport {
  std::vector<CapabilityLift> experiments;  // by capability, then key; drafts are left out
};

/// {"experiments": [{"capability", "experiment", "status", "unit", "units_per_variant",
/// "verdict", "verdict_text", "primary": [MetricResult JSON of the primary metric per variant]}]}.
nlohmann::json LiftReportJson(const LiftReport& report);

/// Reports every experiment that has started (running or stopped) as ReportExperiment does, on one
/// connection that reads the orders once for all of them (ReportStoredExperiment).
Result<LiftReport> BuildLiftReport(const LiftReportOptions& options);

}  // namespace mercato::app
