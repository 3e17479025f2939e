// `mercato engage ope`: the off-policy evaluation of a decision policy from a behaviour policy's
// logs, against the target policy's own logs.
#include <cstdio>
#include <iostream>
#include <memory>

#include "app/engage_actions.h"
#include "cli/command_failure.h"
#include "cli/commands.h"
#include "cli/documented_options.h"

namespace mercato::cli {
namespace {

struct EngageOpeArgs {
  app::EvaluatePolicyOptions options;
  bool json = false;
};

int RunOpe(const EngageOpeArgs& args) {
  auto evaluation = app::EvaluatePolicy(args.options);
  if (!evaluation.ok()) return FailAsUsage("engage ope", evaluation.status());
  const nlohmann::json j = app::EvaluatePolicyJson(*evaluation, args.options.confidence);
  if (args.json) {
    std::cout << j.dump(2) << "\n";
    return 0;
  }
  std::printf(
      "%lld behaviour rounds, %lld target rounds, %lld actions, %lld positions\n",
      static_cast<long long>(evaluation->rounds), static_cast<long long>(evaluation->target_rounds),
      static_cast<long long>(evaluation->actions), static_cast<long long>(evaluation->positions));
  std::printf("on-policy value %.6f [%.6f, %.6f]\n", evaluation->on_policy.value,
              evaluation->on_policy.ci_low, evaluation->on_policy.ci_high);
  std::printf("%-9s %10s %10s %10s %10s\n", "estimator", "value", "ci_low", "ci_high", "rel_err");
  for (const auto& [name, e] : j["estimators"].items()) {
    const std::string error =
        e["relative_error"].is_null() ? "-" : std::to_string(e["relative_error"].get<double>());
    std::printf("%-9s %10.6f %10.6f %10.6f %10s\n", name.c_str(), e["value"].get<double>(),
                e["ci_low"].get<double>(), e["ci_high"].get<double>(), error.c_str());
  }
  return 0;
}

}  // namespace

void RegisterEngageCommand(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<EngageOpeArgs>();
  CLI::App* engage = app.add_subcommand("engage", "Retention decisions: evaluate policies");
  engage->require_subcommand(1);
  CLI::App* cmd = engage->add_subcommand(
      "ope", "Off-policy evaluation (DM, IPW, SNIPW, DR) of a target policy from logs");
  cmd->add_option("--logs", args->options.logs, "The behaviour policy's logged rounds")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--target-logs", args->options.target_logs,
                  "The target policy's own logged rounds (its action distribution and truth)")
      ->required()
      ->check(CLI::ExistingFile);
  AddDocumentedOptions(cmd, args->options, app::EvaluatePolicyOptionDocs());
  cmd->get_option("--format")->check(CLI::IsMember({"obd", "mercato"}));
  cmd->add_flag("--json", args->json, "Print JSON");
  cmd->callback([args, &exit_code] { exit_code = RunOpe(*args); });
}

}  // namespace mercato::cli
