// Registration of every `mercato` subcommand; each lives in its own *_command.cpp file.
#pragma once

#include <CLI/CLI.hpp>

namespace mercato::cli {

/// Adds every subcommand below to `app`, in the order `mercato --help` lists them.
void RegisterCommands(CLI::App& app, int& exit_code);

/// Each Register function adds one subcommand to `app`; its callback stores the process exit
/// status in `exit_code` (0 success, 1 failure, 2 usage).
void RegisterGenerateCommand(CLI::App& app, int& exit_code);
void RegisterImportCommand(CLI::App& app, int& exit_code);
void RegisterStatsCommand(CLI::App& app, int& exit_code);
void RegisterFormatsCommand(CLI::App& app, int& exit_code);
void RegisterClvCommand(CLI::App& app, int& exit_code);
void RegisterCustomersCommand(CLI::App& app, int& exit_code);
void RegisterForecastCommand(CLI::App& app, int& exit_code);
void RegisterInventoryCommand(CLI::App& app, int& exit_code);
void RegisterEvalCommand(CLI::App& app, int& exit_code);
void RegisterTrainCommand(CLI::App& app, int& exit_code);
void RegisterRecommendCommand(CLI::App& app, int& exit_code);
void RegisterCampaignCommand(CLI::App& app, int& exit_code);
void RegisterCartsCommand(CLI::App& app, int& exit_code);
void RegisterJourneysCommand(CLI::App& app, int& exit_code);
void RegisterKeysCommand(CLI::App& app, int& exit_code);
void RegisterTokensCommand(CLI::App& app, int& exit_code);
void RegisterPrivacyCommand(CLI::App& app, int& exit_code);
void RegisterServeCommand(CLI::App& app, int& exit_code);
void RegisterConfigCommand(CLI::App& app, int& exit_code);
void RegisterReportCommand(CLI::App& app, int& exit_code);
void RegisterExperimentsCommand(CLI::App& app, int& exit_code);
void RegisterEngageCommand(CLI::App& app, int& exit_code);
void RegisterPricingCommand(CLI::App& app, int& exit_code);
void RegisterOutboxCommand(CLI::App& app, int& exit_code);
/// `experiments validate`; joins the `experiments` group when it is registered before it.
void RegisterExperimentsValidateCommand(CLI::App& app, int& exit_code);

}  // namespace mercato::cli
