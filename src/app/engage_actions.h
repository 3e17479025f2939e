// Retention actions (issue 18): today the off-policy evaluation of a decision policy from logs,
// `mercato engage ope`.
#pragma once

#include <nlohmann/json.hpp>
#include <span>
#include <string>

#include "app/option_doc.h"
#include "common/status.h"
#include "engage/ope_estimators.h"

namespace mercato::app {

struct EvaluatePolicyOptions {
  std::string logs;            // the behaviour policy's logged rounds
  std::string target_logs;     // the target policy's own logged rounds
  std::string format = "obd";  // obd (Open Bandit Dataset CSV) or mercato (JSONL decision log)
  // The estimation's options, with engage::OffPolicyOptions' defaults.
  int resamples = engage::OffPolicyOptions{}.resamples;
  double confidence = engage::OffPolicyOptions{}.confidence;
  uint64_t seed = engage::OffPolicyOptions{}.seed;
  double prior_rounds = engage::OffPolicyOptions{}.prior_rounds;
};

/// The options a user sets besides the two files: format, resamples, confidence, seed,
/// prior_rounds.
std::span<const OptionDoc<EvaluatePolicyOptions>> EvaluatePolicyOptionDocs();

/// Reads both logs (plain, .gz or .zst; docs/import-formats.md, "Decision logs") and estimates
/// the target policy's value from the behaviour log (engage::EvaluateOffPolicy). A bad file is
/// an InvalidArgument naming file, line and field; nothing else is read or written.
Result<engage::OffPolicyEvaluation> EvaluatePolicy(const EvaluatePolicyOptions& options);

/// {"estimators": {"dm"|"ipw"|"snipw"|"dr": {"value", "ci_low", "ci_high", "relative_error"}},
///  "on_policy_value", "on_policy_ci_low", "on_policy_ci_high", "confidence", "rounds",
///  "target_rounds", "actions", "positions", "target_distribution", "unsupported_mass",
///  "mean_weight"}; relative_error is |value − on_policy_value| / on_policy_value, null when the
/// on-policy value is 0.
nlohmann::json EvaluatePolicyJson(const engage::OffPolicyEvaluation& evaluation, double confidence);

}  // namespace mercato::app
