// AnalysisJson: an Analysis as JSON, undefined figures as null.
#include "experiment/analysis_json.h"

#include <cmath>

namespace mercato::experiment {
namespace {

nlohmann::json FigureJson(double value) {
  return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json(nullptr);
}

nlohmann::json MetricJson(const MetricResult& r) {
  return {{"metric", r.metric},
          {"variant", r.variant},
          {"guardrail", r.guardrail},
          {"primary", r.primary},
          {"control_mean", FigureJson(r.control_mean)},
          {"variant_mean", FigureJson(r.variant_mean)},
          {"difference", FigureJson(r.difference)},
          {"relative_lift", FigureJson(r.relative_lift)},
          {"ci_low", FigureJson(r.ci_low)},
          {"ci_high", FigureJson(r.ci_high)},
          {"relative_ci_low", FigureJson(r.relative_ci_low)},
          {"relative_ci_high", FigureJson(r.relative_ci_high)},
          {"p_value", FigureJson(r.p_value)},
          {"p_value_adjusted", FigureJson(r.p_value_adjusted)},
          {"sequential_p_value", FigureJson(r.sequential_p_value)},
          {"sequential_ci_low", FigureJson(r.sequential_ci_low)},
          {"sequential_ci_high", FigureJson(r.sequential_ci_high)},
          {"chance_to_beat_control", FigureJson(r.chance_to_beat_control)},
          {"expected_loss", FigureJson(r.expected_loss)},
          {"cuped_variance_reduction", FigureJson(r.cuped_variance_reduction)},
          {"significant", r.significant}};
}

}  // namespace

nlohmann::json AnalysisJson(const Analysis& analysis) {
  nlohmann::json expected = nlohmann::json::array();
  for (double e : analysis.srm.expected) expected.push_back(FigureJson(e));
  nlohmann::json metrics = nlohmann::json::array();
  for (const MetricResult& r : analysis.metrics) metrics.push_back(MetricJson(r));
  return {{"units_per_variant", analysis.units_per_variant},
          {"srm",
           {{"observed", analysis.srm.observed},
            {"expected", expected},
            {"chi_square", FigureJson(analysis.srm.chi_square)},
            {"p_value", FigureJson(analysis.srm.p_value)},
            {"mismatch", analysis.srm.mismatch}}},
          {"metrics", metrics},
          {"verdict", analysis.verdict},
          {"verdict_text", analysis.verdict_text}};
}

}  // namespace mercato::experiment
