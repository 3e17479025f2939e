// `mercato experiments validate`: the experiment statistics' simulations on the store's own
// customers (A/A false-positive rates, planted-lift coverage and power, CUPED's variance
// reduction), as GET /v1/experiments/validate answers them.
#include <cstdio>
#include <iostream>
#include <memory>

#include "app/experiment_validation.h"
#include "cli/command_failure.h"
#include "cli/commands.h"
#include "cli/documented_options.h"

namespace mercato::cli {
namespace {

void PrintValidation(const app::ExperimentValidation& v) {
  const experiment::ValidationReport& r = v.report;
  std::printf(
      "Experiment validation on %lld customers: outcome period %s to %s (%d days), "
      "pre-period from %s, seed %llu\n",
      static_cast<long long>(r.units), FormatTimestamp(v.outcome_start).c_str(),
      FormatTimestamp(v.outcome_end).c_str(), r.days, FormatTimestamp(v.pre_start).c_str(),
      static_cast<unsigned long long>(r.seed));
  std::printf("  A/A tests                              %d\n", r.aa_tests);
  std::printf("  false positives, fixed horizon         %.1f%%  (target %.1f%% +/- 1.5)\n",
              100 * r.fixed_false_positive_rate, 100 * r.alpha);
  std::printf("  false positives, peeking daily         %.1f%%  (target <= %.1f%%)\n",
              100 * r.sequential_false_positive_rate_daily_peeking, 100 * r.alpha);
  std::printf("  planted lift of revenue per visitor    %+.1f%%\n", 100 * r.planted_lift);
  std::printf(
      "  interval coverage of the lift          %.1f%%  (target >= 93%%; winsorized "
      "%.1f%%)\n",
      100 * r.ci_coverage, 100 * r.ci_coverage_winsorized);
  std::printf("  power, fixed horizon                   %.1f%%  (always-valid %.1f%%)\n",
              100 * r.power_at_planted_lift, 100 * r.sequential_power_at_planted_lift);
  std::printf("  CUPED variance reduction on RPV        %.1f%%\n",
              100 * r.cuped_variance_reduction);
}

}  // namespace

void RegisterExperimentsValidateCommand(CLI::App& app, int& exit_code) {
  // The `experiments` group is shared with the other experiment commands: join it when they
  // registered it first.
  std::vector<CLI::App*> found =
      app.get_subcommands([](CLI::App* s) { return s->get_name() == "experiments"; });
  CLI::App* group =
      found.empty()
          ? app.add_subcommand("experiments", "A/B and holdout tests")->require_subcommand(1)
          : found.front();
  struct Args {
    app::ValidateExperimentsOptions options;
    bool json = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = group->add_subcommand(
      "validate",
      "Simulate A/A and planted-lift tests on the store's customers: false-positive rates "
      "(fixed and peeking daily), interval coverage, power, CUPED's variance reduction");
  cmd->add_option("--db", args->options.db, "Database file")->required()->check(CLI::ExistingFile);
  AddDocumentedOptions(cmd, args->options, app::ValidateExperimentsOptionDocs());
  cmd->add_flag("--json", args->json, "Print JSON (as GET /v1/experiments/validate)");
  cmd->callback([args, &exit_code] {
    auto validation = app::ValidateExperiments(args->options);
    if (!validation.ok()) {
      exit_code = Fail("experiments validate", validation.status());
      return;
    }
    if (args->json) {
      std::cout << app::ExperimentValidationJson(*validation).dump(2) << "\n";
    } else {
      PrintValidation(*validation);
    }
  });
}

}  // namespace mercato::cli
