// The table of `mercato` subcommands: main and the action drift test register the same set.
#include "cli/commands.h"

namespace mercato::cli {

void RegisterCommands(CLI::App& app, int& exit_code) {
  RegisterGenerateCommand(app, exit_code);
  RegisterImportCommand(app, exit_code);
  RegisterStatsCommand(app, exit_code);
  RegisterFormatsCommand(app, exit_code);
  RegisterClvCommand(app, exit_code);
  RegisterCustomersCommand(app, exit_code);
  RegisterForecastCommand(app, exit_code);
  RegisterInventoryCommand(app, exit_code);
  RegisterEvalCommand(app, exit_code);
  RegisterTrainCommand(app, exit_code);
  RegisterRecommendCommand(app, exit_code);
  RegisterCampaignCommand(app, exit_code);
  RegisterCartsCommand(app, exit_code);
  RegisterJourneysCommand(app, exit_code);
  RegisterKeysCommand(app, exit_code);
  RegisterTokensCommand(app, exit_code);
  RegisterPrivacyCommand(app, exit_code);
  RegisterServeCommand(app, exit_code);
  RegisterConfigCommand(app, exit_code);
  RegisterReportCommand(app, exit_code);
  RegisterExperimentsCommand(app, exit_code);
  RegisterExperimentsValidateCommand(app, exit_code);  // after the `experiments` group
  RegisterEngageCommand(app, exit_code);
  RegisterPricingCommand(app, exit_code);
  RegisterOutboxCommand(app, exit_code);
}

}  // namespace mercato::cli
