// `mercato forecast backtest`: holdout backtest of the forecast models on a long-format series
// file.
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "common/text.h"
#include "forecast/backtest.h"
#include "forecast/models.h"

namespace mercato::cli {
namespace {

struct BacktestArgs {
  std::string series;
  int horizon = 0;
  int season = 1;
  std::vector<std::string> models = forecast::ModelNames();
  bool json = false;
};

int RunBacktest(const BacktestArgs& args) {
  auto series = forecast::ReadLongSeries(args.series);
  auto result = series.ok()
                    ? forecast::Backtest(series.value(), args.horizon, args.season, args.models)
                    : Result<forecast::BacktestResult>(series.status());
  if (!result.ok()) {
    std::cerr << "mercato forecast backtest: " << result.status().message() << "\n";
    return 1;
  }
  const forecast::BacktestResult& r = result.value();
  if (args.json) {
    nlohmann::json j;
    j["series"] = r.series;
    j["horizon"] = args.horizon;
    j["season"] = args.season;
    j["series_without_mase_scale"] = r.series_without_mase_scale;
    for (const auto& [name, score] : r.models) {
      j["models"][name] = {
          {"smape", score.smape}, {"mase", score.mase}, {"seconds", score.seconds}};
      j["owa"][name] = score.owa;
    }
    std::cout << j.dump(2) << "\n";
    return 0;
  }
  std::printf("%zu series, horizon %d, season %d\n", r.series, args.horizon, args.season);
  std::printf("  %-8s %8s %8s %8s %9s\n", "model", "sMAPE", "MASE", "OWA", "seconds");
  for (const auto& [name, score] : r.models) {
    std::printf("  %-8s %8.3f %8.3f %8.3f %9.3f\n", name.c_str(), score.smape, score.mase,
                score.owa, score.seconds);
  }
  return 0;
}

}  // namespace

void RegisterForecastCommand(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<BacktestArgs>();
  std::string names;
  for (const std::string& name : forecast::ModelNames()) names += (names.empty() ? "" : ",") + name;
  CLI::App* cmd = app.add_subcommand("forecast", "Forecast demand and evaluate forecast models");
  cmd->require_subcommand(1);
  CLI::App* backtest =
      cmd->add_subcommand("backtest", "Score models on the last H points of each series");
  backtest->add_option("--series", args->series, "CSV file series_id,t,value (t a period or date)")
      ->required();
  backtest->add_option("--horizon", args->horizon, "Points held out at the end of each series")
      ->required()
      ->check(CLI::Range(1, 100000));
  backtest->add_option("--season", args->season, "Season length (also scales MASE)")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  backtest->add_option("--models", args->models, "Comma-separated models from: " + names)
      ->delimiter(',')
      ->default_str(names);
  backtest->add_flag("--json", args->json, "Print JSON");
  backtest->callback([args, &exit_code] { exit_code = RunBacktest(*args); });
}

}  // namespace mercato::cli
