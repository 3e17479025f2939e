// The mercato executable: parses the command line and hands over to a subcommand.
#include <CLI/CLI.hpp>

#include "cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"mercato: a self-hosted AI engine for e-commerce"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "mercato 0.1.0");
  int exit_code = 0;
  mercato::cli::RegisterGenerateCommand(app, exit_code);
  mercato::cli::RegisterImportCommand(app, exit_code);
  mercato::cli::RegisterStatsCommand(app, exit_code);
  mercato::cli::RegisterFormatsCommand(app, exit_code);
  mercato::cli::RegisterClvCommand(app, exit_code);
  mercato::cli::RegisterCustomersCommand(app, exit_code);
  mercato::cli::RegisterForecastCommand(app, exit_code);
  mercato::cli::RegisterInventoryCommand(app, exit_code);
  mercato::cli::RegisterEvalCommand(app, exit_code);
  mercato::cli::RegisterTrainCommand(app, exit_code);
  mercato::cli::RegisterRecommendCommand(app, exit_code);
  mercato::cli::RegisterCampaignCommand(app, exit_code);
  mercato::cli::RegisterKeysCommand(app, exit_code);
  mercato::cli::RegisterPrivacyCommand(app, exit_code);
  mercato::cli::RegisterServeCommand(app, exit_code);
  CLI11_PARSE(app, argc, argv);
  return exit_code;
}
