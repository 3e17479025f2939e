// Off-policy evaluation of a decision policy from two log files.
#include "app/engage_actions.h"

#include <cmath>

#include "engage/ope_logs.h"

namespace mercato::app {

std::span<const OptionDoc<EvaluatePolicyOptions>> EvaluatePolicyOptionDocs() {
  using O = EvaluatePolicyOptions;
  static const OptionDoc<O> kDocs[] = {
      {"format", "Format of both logs: obd (Open Bandit Dataset CSV) or mercato (JSONL)",
       &O::format},
      {"resamples", "Bootstrap resamples of the logged rounds", &O::resamples},
      {"confidence", "Level of the bootstrap intervals", &O::confidence},
      {"seed", "Seed of the bootstrap", &O::seed},
      {"prior_rounds", "Shrinkage of the direct method's reward model, in rounds",
       &O::prior_rounds},
  };
  return kDocs;
}

Result<engage::OffPolicyEvaluation> EvaluatePolicy(const EvaluatePolicyOptions& options) {
  ASSIGN_OR_RETURN(const engage::LogFormat format, engage::ParseLogFormat(options.format));
  ASSIGN_OR_RETURN(const auto behaviour, engage::ReadBanditLog(options.logs, format));
  ASSIGN_OR_RETURN(const auto target, engage::ReadBanditLog(options.target_logs, format));
  engage::OffPolicyOptions estimation;
  estimation.resamples = options.resamples;
  estimation.confidence = options.confidence;
  estimation.seed = options.seed;
  estimation.prior_rounds = options.prior_rounds;
  return engage::EvaluateOffPolicy(behaviour, target, estimation);
}

nlohmann::json EvaluatePolicyJson(const engage::OffPolicyEvaluation& e, double confidence) {
  const double truth = e.on_policy.value;
  nlohmann::json estimators = nlohmann::json::object();
  for (const auto& [name, x] : {std::pair{"dm", &e.dm}, std::pair{"ipw", &e.ipw},
                                std::pair{"snipw", &e.snipw}, std::pair{"dr", &e.dr}}) {
    estimators[name] = {
        {"value", x->value},
        {"ci_low", x->ci_low},
        {"ci_high", x->ci_high},
        {"relative_error", truth != 0 ? nlohmann::json(std::abs(x->value - truth) / std::abs(truth))
                                      : nlohmann::json(nullptr)}};
  }
  return {{"estimators", estimators},
          {"on_policy_value", truth},
          {"on_policy_ci_low", e.on_policy.ci_low},
          {"on_policy_ci_high", e.on_policy.ci_high},
          {"confidence", confidence},
          {"rounds", e.rounds},
          {"target_rounds", e.target_rounds},
          {"actions", e.actions},
          {"positions", e.positions},
          {"target_distribution", e.target_distribution},
          {"unsupported_mass", e.unsupported_mass},
          {"mean_weight", e.mean_weight}};
}

}  // namespace mercato::app
