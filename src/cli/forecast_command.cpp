// `mercato forecast`: demand forecasts with P50/P90/P95 per SKU from the store — a summary of
// expected units and revenue per product and for the store, or the CSV per SKU and period with
// per-product roll-ups — and
// `mercato forecast backtest`: rolling-origin backtests on the store (--db) or holdout
// backtests of a long-format series file (--series).
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <thread>

#include "app/evaluation_actions.h"
#include "app/planning_actions.h"
#include "cli/command_failure.h"
#include "cli/commands.h"
#include "cli/config_file.h"
#include "cli/documented_options.h"
#include "cli/table_output.h"
#include "common/csv_writer.h"
#include "common/money.h"
#include "common/text.h"
#include "forecast/demand_forecast.h"
#include "forecast/forecast_summary.h"
#include "forecast/model_registry.h"
#include "forecast/store_forecast.h"

namespace mercato::cli {
namespace {

using forecast::Period;

// Options shared by the store commands.
struct StoreArgs {
  std::string db;
  std::string horizon;
  std::string by = "week";
  forecast::StoreForecastOptions documented;  // the app's described options (ma_window, …)
  std::string covariates;
  int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
};

struct ForecastArgs {
  StoreArgs store;
  std::string model = app::ForecastDemandOptions{}.model;  // the app's default
  std::string out;
  bool json = false;
  bool csv = false;      // the CSV on standard output instead of the summary
  bool rollups = true;   // the CSV's per-product roll-up rows
  size_t top = 10;       // products in the summary (0: all)
  std::string currency;  // configured; empty: the store's
};

struct BacktestArgs {
  StoreArgs store;
  std::string series;
  int season = 1;
  int origins = 1;
  std::vector<std::string> models;
  bool per_sku = false;
  bool intervals = false;
  bool json = false;
};

forecast::StoreForecastOptions OptionsOf(const StoreArgs& args) {
  forecast::StoreForecastOptions o = args.documented;
  o.horizon = args.horizon;
  o.period = args.by == "day" ? Period::kDay : Period::kWeek;
  o.covariates = args.covariates;
  o.threads = args.threads;
  return o;
}

// A bad horizon or history named as the option it came from.
Status NameHorizonOption(const Status& status) {
  if (StartsWith(status.message(), "horizon") || StartsWith(status.message(), "history")) {
    return InvalidArgument("--" + status.message());
  }
  return status;
}

std::string Num(double v) { return FormatReal(v); }

// The summary a merchant reads first: the store's and the top products' expected units and
// revenue over the horizon.
void PrintSummary(const forecast::StoreDemand& demand, const forecast::ForecastSummary& summary,
                  const std::string& model, size_t top) {
  const forecast::DemandPanel& panel = demand.panel;
  const int64_t first = DayOf(forecast::PeriodStart(panel.period, panel.end));
  const int64_t last = DayOf(forecast::PeriodStart(panel.period, panel.end + demand.horizon)) - 1;
  std::printf("forecast of %zu SKUs (%zu products) for %d %s%s, %s to %s, model %s\n",
              panel.series.size(), summary.products.size(), demand.horizon,
              panel.period == Period::kDay ? "day" : "week", demand.horizon == 1 ? "" : "s",
              FormatDay(first).c_str(), FormatDay(last).c_str(), model.c_str());
  std::printf("store: %.1f units expected, %s revenue at current prices", summary.units,
              MoneyText(summary.revenue, demand.currency).c_str());
  if (summary.series_without_price > 0) {
    std::printf(" (%lld SKUs without a price left out)",
                static_cast<long long>(summary.series_without_price));
  }
  std::printf("\n");
  const size_t shown = top == 0 ? summary.products.size() : std::min(top, summary.products.size());
  if (shown == 0) return;
  std::printf("%s products by expected units:\n",
              shown == summary.products.size() ? "all" : ("top " + std::to_string(shown)).c_str());
  const std::string revenue_title =
      demand.currency.empty() ? "revenue" : "revenue " + demand.currency;
  std::printf("  %10s %12s %5s  %s\n", "units", revenue_title.c_str(), "skus", "product");
  for (size_t i = 0; i < shown; ++i) {
    const forecast::ProductForecast& p = summary.products[i];
    const std::string name = p.title.empty() ? p.product_id : p.title + " (" + p.product_id + ")";
    std::printf("  %10.1f %12s %5zu  %s\n", p.units,
                p.revenue ? FormatMoney(*p.revenue).c_str() : "", p.series.size(), name.c_str());
  }
}

int RunForecast(const ForecastArgs& args) {
  auto result =
      app::ForecastDemand({args.store.db, OptionsOf(args.store), args.model, args.currency});
  if (!result.ok()) return Fail("forecast", NameHorizonOption(result.status()));
  const forecast::StoreDemand* loaded = &result->demand;
  const forecast::DemandPanel& panel = loaded->panel;
  const std::vector<forecast::DemandForecast>& forecasts = result->forecasts;
  auto start_of = [&](int j) {
    return FormatDay(DayOf(forecast::PeriodStart(panel.period, panel.end + j)));
  };
  if (args.json) {
    std::cout << forecast::ForecastsJson(*loaded, forecasts).dump(2) << "\n";
    return 0;
  }
  const forecast::ForecastSummary summary = forecast::SummarizeForecasts(*loaded, forecasts);
  if (args.out.empty() && !args.csv) {
    PrintSummary(*loaded, summary, args.model, args.top);
    return 0;
  }
  // The columns added after the first eight go at the end, so existing imports keep their
  // mapping: each row's title, product and level ("sku", or "product" for a roll-up row: the
  // sums of the product's SKU rows, without p90/p95 since quantiles do not add) and mean.
  const std::vector<std::string> header = {"sku",   "location",   "period_start", "p50",
                                           "p90",   "p95",        "model",        "demand_class",
                                           "title", "product_id", "level",        "mean"};
  auto row = [&](size_t i, int k) {
    const forecast::DemandForecast& f = forecasts[i];
    const size_t s = static_cast<size_t>(k);
    return std::vector<std::string>{panel.series[i].sku,
                                    panel.series[i].location,
                                    start_of(k),
                                    Num(f.p50[s]),
                                    Num(f.p90[s]),
                                    Num(f.p95[s]),
                                    f.model,
                                    std::string(forecast::DemandClassName(f.demand_class)),
                                    loaded->products[i].title,
                                    loaded->products[i].product_id,
                                    "sku",
                                    Num(f.mean[s])};
  };
  auto rollup = [&](const forecast::ProductForecast& p, int k) {
    const size_t s = static_cast<size_t>(k);
    return std::vector<std::string>{"", "", start_of(k), Num(p.p50[s]), "",        "",
                                    "", "", p.title,     p.product_id,  "product", Num(p.mean[s])};
  };
  std::vector<std::vector<std::string>> rows;
  for (size_t i = 0; i < forecasts.size(); ++i) {
    for (int k = 0; k < loaded->horizon; ++k) rows.push_back(row(i, k));
  }
  if (args.rollups) {
    for (const forecast::ProductForecast& p : summary.products) {
      for (int k = 0; k < loaded->horizon; ++k) rows.push_back(rollup(p, k));
    }
  }
  if (args.out.empty()) {
    std::string text = CsvLine(header);
    for (const std::vector<std::string>& fields : rows) text += CsvLine(fields);
    std::cout << text;
    return 0;
  }
  auto writer = CsvWriter::Create(args.out);
  if (!writer.ok()) return Fail("forecast", writer.status());
  (*writer)->WriteRow(header);
  for (const std::vector<std::string>& fields : rows) (*writer)->WriteRow(fields);
  const Status closed = (*writer)->Close();
  if (!closed.ok()) return Fail("forecast", closed);
  std::printf("%zu series x %d %ss written to %s\n", forecasts.size(), loaded->horizon,
              args.store.by.c_str(), args.out.c_str());
  PrintSummary(*loaded, summary, args.model, args.top);
  return 0;
}

nlohmann::json AccuracyJson(const forecast::Accuracy& a) {
  return {{"forecasts", a.forecasts},
          {"periods", a.periods},
          {"mase", a.mase},
          {"rmsse", a.rmsse},
          {"smape", a.smape},
          {"wape", a.wape},
          {"wape_p50", a.wape_p50},
          {"bias", a.bias},
          {"pinball", a.pinball},
          {"coverage_p50", a.coverage_p50},
          {"coverage_p90", a.coverage_p90},
          {"coverage_p95", a.coverage_p95}};
}

int RunStoreBacktest(const BacktestArgs& args) {
  auto result = app::BacktestStoreForecasts(
      {args.store.db, OptionsOf(args.store), args.origins, args.models});
  if (!result.ok()) return Fail("forecast backtest", NameHorizonOption(result.status()));
  const forecast::StoreDemand* loaded = &result->demand;
  const double seconds = result->seconds;
  const forecast::DemandBacktestResult& r = result->result;
  if (args.json) {
    nlohmann::json j;
    j["series"] = r.series;
    j["by"] = args.store.by;
    j["horizon"] = loaded->horizon;
    j["origins"] = args.origins;
    j["seconds"] = seconds;
    for (const auto& [name, a] : r.models) j["models"][name] = AccuracyJson(a);
    for (const auto& [demand_class, models] : r.by_class) {
      for (const auto& [name, a] : models) j["by_class"][demand_class][name] = AccuracyJson(a);
    }
    j["chosen"] = r.chosen;
    if (!r.ensemble_weights.empty()) j["ensemble_weights"] = r.ensemble_weights;
    for (const auto& [feature, gain] : r.feature_gain) j["feature_gain"][feature] = gain;
    j["countries"] = loaded->covariates.countries;
    if (args.per_sku) {
      j["per_sku"] = nlohmann::json::array();
      for (const forecast::SkuAccuracy& sku : r.skus) {
        nlohmann::json models;
        for (const auto& [name, a] : sku.models) models[name] = AccuracyJson(a);
        j["per_sku"].push_back({{"sku", sku.sku},
                                {"location", sku.location},
                                {"demand_class", forecast::DemandClassName(sku.demand_class)},
                                {"models", models}});
      }
    }
    std::cout << j.dump(2) << "\n";
    return 0;
  }
  std::printf("%zu series, horizon %d %ss, %d origin(s), %.1f s\n", r.series, loaded->horizon,
              args.store.by.c_str(), args.origins, seconds);
  std::printf("  %-8s %7s %7s %7s %7s %7s %7s %7s %7s\n", "model", "WAPE", "MASE", "RMSSE", "sMAPE",
              "bias", "pinball", "cov90", "cov95");
  for (const auto& [name, a] : r.models) {
    std::printf("  %-8s %7.3f %7.3f %7.3f %7.2f %7.3f %7.3f %7.3f %7.3f\n", name.c_str(), a.wape,
                a.mase, a.rmsse, a.smape, a.bias, a.pinball, a.coverage_p90, a.coverage_p95);
  }
  return 0;
}

int RunSeriesBacktest(const BacktestArgs& args) {
  auto result = app::BacktestSeriesForecasts({args.series, args.store.horizon, args.season,
                                              args.models, args.store.threads, args.intervals});
  if (!result.ok()) return Fail("forecast backtest", result.status());
  const int h = result->horizon;
  const forecast::BacktestResult& r = result->result;
  if (args.json) {
    nlohmann::json j;
    j["series"] = r.series;
    j["horizon"] = h;
    j["season"] = args.season;
    j["series_without_mase_scale"] = r.series_without_mase_scale;
    for (const auto& [name, score] : r.models) {
      j["models"][name] = {
          {"smape", score.smape}, {"mase", score.mase}, {"seconds", score.seconds}};
      if (score.coverage_p90) {
        j["models"][name]["p90_cover"] = *score.coverage_p90;
        j["models"][name]["p95_cover"] = *score.coverage_p95;
      }
      j["owa"][name] = score.owa;
      if (!score.chosen.empty()) j["chosen"][name] = score.chosen;
    }
    std::cout << j.dump(2) << "\n";
    return 0;
  }
  std::printf("%zu series, horizon %d, season %d\n", r.series, h, args.season);
  std::printf("  %-8s %8s %8s %8s %9s\n", "model", "sMAPE", "MASE", "OWA", "seconds");
  for (const auto& [name, score] : r.models) {
    std::printf("  %-8s %8.3f %8.3f %8.3f %9.3f\n", name.c_str(), score.smape, score.mase,
                score.owa, score.seconds);
  }
  for (const auto& [name, score] : r.models) {
    if (!score.coverage_p90) continue;
    std::printf("%s: P90 cover %.3f, P95 cover %.3f\n", name.c_str(), *score.coverage_p90,
                *score.coverage_p95);
  }
  for (const auto& [name, score] : r.models) {
    if (score.chosen.empty()) continue;
    std::printf("%s chose (series):", name.c_str());
    for (const auto& [pick, count] : score.chosen) std::printf(" %s %zu", pick.c_str(), count);
    std::printf("\n");
  }
  return 0;
}

void AddStoreOptions(CLI::App* cmd, StoreArgs& args) {
  cmd->add_option("--by", args.by, "Period of the series")
      ->capture_default_str()
      ->check(CLI::IsMember({"week", "day"}));
  AddDocumentedOptions(cmd, args.documented, app::StoreForecastOptionDocs());
  cmd->add_option("--covariates", args.covariates,
                  "CSV of covariates date[,sku],name,value for the global model")
      ->check(CLI::ExistingFile);
  // The default depends on the machine, so the help (and docs/config.md) names it in words.
  cmd->add_option("--threads", args.threads,
                  "Threads (results do not depend on it, except those of the global model)")
      ->default_str("all cores")
      ->check(CLI::Range(1, 256));
}

}  // namespace

void RegisterForecastCommand(CLI::App& app, int& exit_code) {
  auto fargs = std::make_shared<ForecastArgs>();
  auto args = std::make_shared<BacktestArgs>();
  const std::string names = Join(forecast::ModelNames(), ",");
  const std::string demand_names = Join(forecast::ForecastModelNames(), ",");
  CLI::App* cmd = app.add_subcommand(
      "forecast", "Forecast demand per SKU (P50/P90/P95) and evaluate forecast models");
  cmd->require_subcommand(0, 1);
  cmd->add_option("--db", fargs->store.db, "Database file")->check(CLI::ExistingFile);
  cmd->add_option("--horizon", fargs->store.horizon, "Periods ahead: 8w, 56d or 8 (of --by)");
  AddStoreOptions(cmd, fargs->store);
  AddDocumentedOptions(cmd, fargs->store.documented, app::ForecastOutputOptionDocs());
  cmd->add_option("--model", fargs->model, "Model: " + demand_names)->capture_default_str();
  auto* json = cmd->add_flag("--json", fargs->json, "Print JSON");
  auto* out = cmd->add_option("--out", fargs->out,
                              "Write the CSV (sku, location, period_start, p50, p90, p95, model, "
                              "demand_class, title, product_id, level, mean) to this file and "
                              "print the summary")
                  ->excludes(json);
  cmd->add_flag("--csv", fargs->csv,
                "Print the CSV of every SKU and period (and the product roll-ups) instead of "
                "the summary")
      ->excludes(json)
      ->excludes(out);
  cmd->add_flag("!--no-rollups", fargs->rollups,
                "Leave the per-product roll-up rows (level \"product\") out of the CSV");
  cmd->add_option("--top", fargs->top, "Products listed in the summary (0: all)")
      ->capture_default_str();
  AddCurrencyOption(cmd, fargs->currency);

  CLI::App* backtest = cmd->add_subcommand(
      "backtest", "Rolling-origin backtest on the store (--db) or a series file (--series)");
  auto* db =
      backtest->add_option("--db", args->store.db, "Database file")->check(CLI::ExistingFile);
  backtest->add_option("--series", args->series, "CSV file series_id,t,value (t a period or date)")
      ->excludes(db);
  backtest
      ->add_option("--horizon", args->store.horizon,
                   "Periods held out: 8w, 56d or 8 with --db; a number of points with "
                   "--series")
      ->required();
  backtest->add_option("--season", args->season, "Season length (also scales MASE)")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  backtest->add_option("--origins", args->origins, "Rolling origins, one period apart (--db)")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000));
  backtest
      ->add_option("--models", args->models,
                   "Comma-separated models; with --series from: " + names +
                       "; with --db "
                       "from: " +
                       demand_names)
      ->delimiter(',');
  backtest->add_flag("--per-sku", args->per_sku, "Add per-SKU accuracy to the JSON (--db)");
  backtest->add_flag("--intervals", args->intervals,
                     "Also score each model's P90 and P95 on the holdout (--series; --db always "
                     "does)");
  backtest->add_flag("--json", args->json, "Print JSON");
  AddStoreOptions(backtest, args->store);
  backtest->callback([args, &exit_code] {
    if (args->series.empty() && args->store.db.empty()) {
      exit_code =
          FailAsUsage("forecast backtest", InvalidArgument("give --db DB or --series FILE"));
      return;
    }
    exit_code = args->series.empty() ? RunStoreBacktest(*args) : RunSeriesBacktest(*args);
  });
  cmd->callback([cmd, fargs, &exit_code] {
    if (!cmd->get_subcommands().empty()) return;
    if (fargs->store.db.empty() || fargs->store.horizon.empty()) {
      exit_code = FailAsUsage("forecast", InvalidArgument("give --db DB and --horizon (e.g. 8w), "
                                                          "or a subcommand (backtest)"));
      return;
    }
    exit_code = RunForecast(*fargs);
  });
}

}  // namespace mercato::cli
