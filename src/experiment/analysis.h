// Experiment analysis: turns every exposed unit's outcomes into per-metric results (Welch
// fixed-horizon, always-valid sequential, Bayesian), a sample-ratio check and a verdict.
// The contract between the experiment plumbing (exp-core builds ExperimentData) and the
// statistics (statistics.h); AnalysisJson (analysis_json.h) prints an Analysis.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"

namespace mercato::experiment {

/// One exposed unit's outcomes, attributed within the experiment's window after its first
/// exposure. Built by exp-core (app/experiment_data.*) from exposures + orders.
struct UnitOutcome {
  int32_t variant = 0;       // index into ExperimentData::variants
  int32_t exposure_day = 0;  // whole days from the experiment's start to the first exposure
  double pre_revenue = 0;    // revenue in the pre-period (CUPED covariate), same window length
  double orders = 0;         // orders attributed to the exposure
  double revenue = 0;        // their revenue (net of order discounts)
  double margin = 0;         // revenue − cost of goods where the catalog knows the cost;
                             // equals revenue for lines without a cost
  double repeat = 0;         // 1 when the unit placed ≥ 2 orders within repeat_days
};

struct VariantInfo {
  std::string name;
  double weight = 0;
};  // weights sum to 1 over variants

struct ExperimentData {
  std::vector<VariantInfo> variants;  // variants[control] is the control
  int32_t control = 0;
  std::vector<UnitOutcome> units;  // every exposed unit, any order
  int32_t days_running = 0;        // days since the start (for the sequential looks)
};

/// Metric names (the JSON contract): "conversion", "revenue_per_visitor", "aov" (ratio metric:
/// revenue/orders by the delta method), "orders_per_customer", "repeat_purchase_rate",
/// "margin_per_visitor", "revenue_per_recipient" (RPV under the journey's name).
struct AnalysisOptions {
  std::string primary_metric = "revenue_per_visitor";
  std::vector<std::string> secondary_metrics = {"conversion", "aov", "orders_per_customer"};
  std::vector<std::string> guardrails;  // a significantly worse guardrail blocks "ship"
  double alpha = 0.05;
  double winsor_quantile = 0.99;  // revenue-like metrics capped at this pooled quantile; 1 = off
  bool cuped = true;              // pre_revenue as covariate for revenue-like metrics
  /// The mSPRT mixture's standard deviation in units of the metric's per-unit standard
  /// deviation (statistics.h, MsprtTau2): the size of effect the sequential test is tuned for.
  double sequential_effect_size = 0.05;
};

struct MetricResult {
  std::string metric, variant;  // variant vs control
  bool guardrail = false, primary = false;
  double control_mean = 0, variant_mean = 0;
  double difference = 0, relative_lift = 0;  // variant − control; difference / control_mean
  double ci_low = 0, ci_high = 0;            // fixed-horizon Welch CI of the difference
  double relative_ci_low = 0, relative_ci_high = 0;
  double p_value = 1, p_value_adjusted = 1;  // Welch; Benjamini–Hochberg across metrics
  double sequential_p_value = 1;             // always-valid (mSPRT), safe under peeking
  double sequential_ci_low = 0, sequential_ci_high = 0;
  double chance_to_beat_control = 0.5, expected_loss = 0;  // Bayesian view
  double cuped_variance_reduction = 0;                     // 0 when CUPED was not applied
  bool significant = false;                                // p_value_adjusted < alpha
};

struct SrmCheck {
  std::vector<int64_t> observed;
  std::vector<double> expected;
  double chi_square = 0;
  double p_value = 1;
  bool mismatch = false;
};

struct Analysis {
  std::vector<int64_t> units_per_variant;
  SrmCheck srm;                       // mismatch when p < 0.001
  std::vector<MetricResult> metrics;  // per (metric, non-control variant)
  std::string verdict;                // "ship", "do_not_ship", "keep_running", "invalid"
  std::string verdict_text;           // the verdict in words, naming the metric and interval
};

/// The metric names Analyze knows, in the order above.
const std::vector<std::string>& KnownMetrics();

/// Analyses `data`: per metric (primary, secondaries, guardrails, each once) and non-control
/// variant a MetricResult, the SRM check and the verdict. InvalidArgument for an unknown metric,
/// fewer than two variants, a control or unit variant out of range, alpha outside (0, 1) or
/// winsor_quantile outside (0, 1]. O(units) time.
Result<Analysis> Analyze(const ExperimentData& data, const AnalysisOptions& options);

}  // namespace mercato::experiment
