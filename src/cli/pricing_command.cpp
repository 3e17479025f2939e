// `mercato pricing elasticity` (own-price elasticities of a store's products or of a panel file's
// SKUs per store, and a panel's cross-price elasticities, with their intervals and pooling
// level), `mercato pricing recommend` (prices within the merchant's rules, as JSON, CSV or
// Shopify's product import), `mercato pricing explore` (test prices where elasticities are
// uncertain, as a pricing experiment) and `mercato pricing simulate` (a synthetic store's weeks
// replayed under four pricing policies).
#include <cstdio>
#include <ctime>
#include <memory>
#include <string>

#include "app/json_rows_csv.h"
#include "app/price_exploration_actions.h"
#include "app/price_simulation_actions.h"
#include "app/pricing_actions.h"
#include "cli/command_failure.h"
#include "cli/commands.h"
#include "cli/documented_options.h"
#include "cli/table_output.h"

namespace mercato::cli {
namespace {

struct PricingElasticityArgs {
  app::PriceElasticityOptions options;
  std::string out;
  bool json = false;
};

int RunElasticity(const PricingElasticityArgs& args) {
  auto result = app::EstimatePriceElasticities(args.options);
  if (!result.ok()) return FailAsUsage("pricing elasticity", result.status());
  const nlohmann::ordered_json j = app::PriceElasticitiesJson(*result);
  std::string text;
  if (args.json) {
    text = j.dump(2) + "\n";
  } else {
    const pricing::ElasticityReport& r = result->report;
    char line[256];
    std::snprintf(line, sizeof line,
                  "%zu %ss, %d with an estimate of their own; %s: %.3f [%.3f, %.3f] (%.0f%%)\n",
                  r.series.size(), r.series_level.c_str(), r.n_estimated, r.top_level.c_str(),
                  r.overall.elasticity, r.overall.ci_low, r.overall.ci_high, 100 * r.interval);
    text = line;
    const std::optional<pricing::ElasticityReport>& cross = result->cross;
    std::vector<std::string> header = {r.group_level, "elasticity", "ci_low",
                                       "ci_high",     "n_series",   "n_estimated"};
    if (cross) header.insert(header.end(), {"cross_elasticity", "cross_ci_low", "cross_ci_high"});
    text += "\n" + CsvLine(header);
    const auto fixed = [](double v) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.4f", v);
      return std::string(buf);
    };
    for (size_t g = 0; g < r.groups.size(); ++g) {
      const pricing::Estimate& e = r.groups[g].estimate;
      std::vector<std::string> row = {r.groups[g].name,
                                      fixed(e.elasticity),
                                      fixed(e.ci_low),
                                      fixed(e.ci_high),
                                      std::to_string(r.groups[g].n_series),
                                      std::to_string(r.groups[g].n_estimated)};
      if (cross) {
        const pricing::Estimate& c = cross->groups[g].estimate;
        row.insert(row.end(), {fixed(c.elasticity), fixed(c.ci_low), fixed(c.ci_high)});
      }
      text += CsvLine(row);
    }
  }
  const Status written = WriteOutput(args.out, text);
  return written.ok() ? 0 : Fail("pricing elasticity", written);
}

// What `pricing recommend` and `pricing explore` print: their JSON, Shopify's product import
// (--format shopify), or by default a CSV of the JSON's `rows_key` rows with `money` columns.
struct PricesOutput {
  std::string out, format;
  bool json = false;
};

template <class Value, class Json, class Shopify>
int WritePrices(const char* command, const PricesOutput& output, const Value& result, Json json,
                Shopify shopify, const char* rows_key, std::vector<std::string> money) {
  std::string text;
  if (output.format == "shopify") {
    text = shopify(result);
  } else {
    const nlohmann::ordered_json j = json(result);
    if (output.json) {
      text = j.dump(2) + "\n";
    } else {
      std::vector<nlohmann::ordered_json> rows(j[rows_key].begin(), j[rows_key].end());
      app::CsvLayout layout;
      layout.money = std::move(money);
      text = app::RowsAsCsv(rows, layout);
    }
  }
  const Status written = WriteOutput(output.out, text);
  return written.ok() ? 0 : Fail(command, written);
}

Status CheckPricesOutput(const PricesOutput& output) {
  return output.json && !output.format.empty()
             ? InvalidArgument("give at most one of --json and --format")
             : Status::Ok();
}

struct PricingRecommendArgs {
  app::RecommendPricesOptions options;
  PricesOutput output;
};

int RunRecommend(const PricingRecommendArgs& args) {
  if (Status s = CheckPricesOutput(args.output); !s.ok()) {
    return FailAsUsage("pricing recommend", s);
  }
  auto result = app::RecommendPrices(args.options);
  if (!result.ok()) return FailAsUsage("pricing recommend", result.status());
  return WritePrices("pricing recommend", args.output, *result, app::PriceRecommendationsJson,
                     app::PriceRecommendationsShopifyCsv, "recommendations",
                     {"current_price", "recommended_price"});
}

struct PricingExploreArgs {
  app::ExplorePricesOptions options;
  PricesOutput output;
};

int RunExplore(PricingExploreArgs& args) {
  if (Status s = CheckPricesOutput(args.output); !s.ok()) return FailAsUsage("pricing explore", s);
  args.options.now = std::time(nullptr);
  auto result = app::ExplorePrices(args.options);
  if (!result.ok()) return FailAsUsage("pricing explore", result.status());
  return WritePrices("pricing explore", args.output, *result, app::PriceExplorationJson,
                     app::PriceExplorationShopifyCsv, "cells",
                     {"current_price", "test_price", "recommended_price"});
}

struct PricingSimulateArgs {
  app::SimulatePricesOptions options;
  std::string out;
  bool json = false;
};

int RunSimulate(const PricingSimulateArgs& args) {
  auto result = app::SimulatePrices(args.options);
  if (!result.ok()) return FailAsUsage("pricing simulate", result.status());
  const nlohmann::ordered_json j = app::PriceSimulationJson(*result);
  std::string text;
  if (args.json) {
    text = j.dump(2) + "\n";
  } else {
    text = CsvLine({"policy", "profit", "revenue", "units", "price_changes", "rule_violations"});
    for (const auto& [policy, o] : j["policies"].items()) {
      char row[256];
      std::snprintf(row, sizeof row, "%s,%.2f,%.2f,%.1f,%lld,%lld\n", policy.c_str(),
                    o["profit"].get<double>(), o["revenue"].get<double>(), o["units"].get<double>(),
                    o["price_changes"].get<long long>(), o["rule_violations"].get<long long>());
      text += row;
    }
  }
  const Status written = WriteOutput(args.out, text);
  return written.ok() ? 0 : Fail("pricing simulate", written);
}

}  // namespace

void RegisterPricingCommand(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<PricingElasticityArgs>();
  CLI::App* pricing =
      app.add_subcommand("pricing", "Pricing: price elasticities and recommendations");
  pricing->require_subcommand(1);
  CLI::App* cmd = pricing->add_subcommand(
      "elasticity",
      "Own-price elasticity per product (daily sales around its price events, shrunk toward the "
      "category and the store) or per SKU and store of a panel file (weekly log-log demand, "
      "with its cross-price elasticity to the store's other SKUs), with intervals");
  cmd->add_option("--db", args->options.db, "Database file");
  cmd->add_option(
         "--panel", args->options.panel,
         "A long panel CSV "
         "sku,store,period,units,price[,promo][,feature][,category][,<covariate>...] instead "
         "of a store")
      ->check(CLI::ExistingFile);
  AddDocumentedOptions(cmd, args->options, app::PriceElasticityOptionDocs());
  cmd->add_option("--out", args->out, "Write to this file instead of standard output");
  cmd->add_flag("--json", args->json,
                "Print every product's estimate as JSON (default: a summary per category)");
  cmd->callback([args, &exit_code] { exit_code = RunElasticity(*args); });

  auto rec = std::make_shared<PricingRecommendArgs>();
  CLI::App* recommend = pricing->add_subcommand(
      "recommend",
      "Recommended price per SKU within the rules (margin, competitors, compare-at, change size "
      "and frequency, endings, inventory), maximizing expected profit or revenue, with the "
      "expected weekly effect, its interval and the rule that bound it");
  recommend->add_option("--db", rec->options.db, "Database file")->required();
  AddDocumentedOptions(recommend, rec->options, app::PriceRecommendationOptionDocs());
  recommend->add_option("--out", rec->output.out, "Write to this file instead of standard output");
  recommend->add_flag("--json", rec->output.json,
                      "Print JSON (default: a CSV, one row per SKU, largest expected gain first)");
  recommend
      ->add_option("--format", rec->output.format,
                   "shopify: a CSV for Shopify's product import (Handle, Variant SKU, Variant "
                   "Price, Variant Compare At Price)")
      ->check(CLI::IsMember({"shopify"}));
  recommend->callback([rec, &exit_code] { exit_code = RunRecommend(*rec); });

  auto exp = std::make_shared<PricingExploreArgs>();
  CLI::App* explore = pricing->add_subcommand(
      "explore",
      "Test prices where elasticities are uncertain: the products with the widest elasticity "
      "intervals (times their weekly revenue) get a small price step within the rules, half of "
      "them by a new pricing experiment on product units (created running, with their "
      "exposures), so `experiments report` measures the test and the next estimate sees a "
      "second price");
  explore->add_option("--db", exp->options.recommend.db, "Database file")->required();
  explore
      ->add_option("--experiment", exp->options.experiment,
                   "Key of the experiment to create (1-64 of [a-z0-9._-])")
      ->required();
  explore
      ->add_option("--fraction", exp->options.exploration.fraction,
                   "At most this share of the products is explored, in (0, 1]")
      ->capture_default_str();
  explore
      ->add_option("--step-pct", exp->options.exploration.step_pct,
                   "The test price moves the current one by about this percentage (toward the "
                   "recommendation; within the rules), in (0, 50]")
      ->capture_default_str();
  explore
      ->add_option("--min-interval-width", exp->options.exploration.min_interval_width,
                   "A product is uncertain when its elasticity interval is at least this wide")
      ->capture_default_str();
  explore->add_flag("--dry-run", exp->options.dry_run,
                    "Plan only: create no experiment and record no exposure");
  AddDocumentedOptions(explore, exp->options.recommend, app::PriceRecommendationOptionDocs());
  explore->add_option("--out", exp->output.out, "Write to this file instead of standard output");
  explore->add_flag("--json", exp->output.json,
                    "Print JSON (default: a CSV, one row per explored product)");
  explore
      ->add_option("--format", exp->output.format,
                   "shopify: the test arm's prices as a CSV for Shopify's product import")
      ->check(CLI::IsMember({"shopify"}));
  explore->callback([exp, &exit_code] { exit_code = RunExplore(*exp); });

  auto sim = std::make_shared<PricingSimulateArgs>();
  CLI::App* simulate = pricing->add_subcommand(
      "simulate",
      "Replay a synthetic store's next days under mercato's recommended prices, the oracle (the "
      "planted elasticities), static prices and matching the lowest competitor, re-priced "
      "weekly within the same rules: profit, revenue, units, price changes and rule violations");
  simulate->add_option("--db", sim->options.recommend.db, "Database file")->required();
  simulate->add_option("--days", sim->options.days, "Days to replay")
      ->capture_default_str()
      ->check(CLI::Range(1, 3660));
  simulate
      ->add_option("--truth", sim->options.truth,
                   "The truth.json `mercato generate` wrote beside the store's CSVs (the "
                   "planted elasticities)")
      ->required();
  AddDocumentedOptions(simulate, sim->options.recommend, app::PriceRecommendationOptionDocs());
  simulate->add_option("--out", sim->out, "Write to this file instead of standard output");
  simulate->add_flag("--json", sim->json, "Print JSON (default: a CSV, one row per policy)");
  simulate->callback([sim, &exit_code] { exit_code = RunSimulate(*sim); });
}

}  // namespace mercato::cli
