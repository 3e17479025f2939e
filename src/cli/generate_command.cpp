// The `mercato generate` command: writes a synthetic store with planted ground truth.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/commands.h"
#include "common/time.h"
#include "synth/generator.h"
#include "synth/shopify_export.h"

namespace mercato::cli {

namespace {

struct GenerateOptions {
  std::string out;
  int64_t customers = 20000;
  int64_t days = 730;
  uint64_t seed = 42;
  std::string start = "2023-01-01";
  int64_t skus = 0;
  std::string format = "generic";
  double recommendation_lift = 0;
  double holdout_share = 0.5;
  bool json = false;
};

// The store as Shopify's three exports: generated in the generic format into a scratch folder
// inside `out`, converted, and the scratch folder removed; every truth file goes to out/truth, so
// that `mercato import --format shopify out` finds only the exports.
Status GenerateShopifyStore(const synth::SynthConfig& config, const std::string& out,
                            synth::SynthSummary* summary) {
  const std::filesystem::path scratch = std::filesystem::path(out) / ".generic";
  RETURN_IF_ERROR(synth::GenerateStore(config, scratch.string(), summary));
  synth::ShopifyExportSummary exports;
  RETURN_IF_ERROR(synth::WriteShopifyExports(scratch.string(), out, &exports));
  std::error_code ec;
  for (const char* truth : {"truth.json", "truth_customers.csv"}) {
    std::filesystem::rename(scratch / truth, std::filesystem::path(out) / "truth" / truth, ec);
    if (ec) return IoError("cannot move " + (scratch / truth).string() + ": " + ec.message());
  }
  // Shopify does not export experiment exposures: the storefront's own log, kept apart.
  for (const char* log : {"experiments.json", "experiment_exposures.csv"}) {
    if (!std::filesystem::exists(scratch / log)) continue;
    std::filesystem::create_directories(std::filesystem::path(out) / "experiments", ec);
    if (!ec)
      std::filesystem::rename(scratch / log, std::filesystem::path(out) / "experiments" / log, ec);
    if (ec) return IoError("cannot move " + (scratch / log).string() + ": " + ec.message());
  }
  std::filesystem::remove_all(scratch, ec);
  if (ec) return IoError("cannot remove " + scratch.string() + ": " + ec.message());
  summary->rows = exports.rows;
  summary->rows.push_back({"truth/truth_customers.csv", config.customers});
  return Status::Ok();
}

int RunGenerate(const GenerateOptions& opt) {
  synth::SynthConfig config;
  config.customers = opt.customers;
  config.days = opt.days;
  config.seed = opt.seed;
  config.skus = opt.skus;
  config.rec_lift = opt.recommendation_lift;
  config.rec_holdout_share = opt.holdout_share;
  const auto start = ParseTimestamp(opt.start);
  if (!start.ok()) {
    std::fprintf(stderr, "mercato generate: --start: %s\n", start.status().message().c_str());
    return 1;
  }
  config.start = start.value();
  if (!opt.json) {
    std::fprintf(stderr, "generating %lld customers over %lld days into %s ...\n",
                 static_cast<long long>(config.customers), static_cast<long long>(config.days),
                 opt.out.c_str());
  }
  synth::SynthSummary summary;
  const Status status = opt.format == "shopify" ? GenerateShopifyStore(config, opt.out, &summary)
                                                : synth::GenerateStore(config, opt.out, &summary);
  if (!status.ok()) {
    std::fprintf(stderr, "mercato generate: %s\n", status.ToString().c_str());
    return 1;
  }
  if (opt.json) {
    nlohmann::ordered_json rows;
    for (const auto& [file, n] : summary.rows) rows[file] = n;
    const nlohmann::ordered_json out{
        {"out", opt.out},
        {"customers", config.customers},
        {"days", config.days},
        {"start", FormatTimestamp(config.start)},
        {"skus", config.skus == 0 ? synth::DefaultSkuCount(config.customers) : config.skus},
        {"seed", config.seed},
        {"format", opt.format},
        {"rows", rows},
        {"seconds", summary.seconds}};
    std::printf("%s\n", out.dump(2).c_str());
    return 0;
  }
  for (const auto& [file, n] : summary.rows) {
    std::printf("%-34s %12lld\n", file.c_str(), static_cast<long long>(n));
  }
  if (opt.format == "shopify") {
    std::printf("wrote %s (truth in %s/truth) in %.1f s\n", opt.out.c_str(), opt.out.c_str(),
                summary.seconds);
  } else {
    std::printf("wrote %s (with truth.json) in %.1f s\n", opt.out.c_str(), summary.seconds);
  }
  return 0;
}

}  // namespace

void RegisterGenerateCommand(CLI::App& app, int& exit_code) {
  auto opt = std::make_shared<GenerateOptions>();
  CLI::App* cmd = app.add_subcommand(
      "generate",
      "Write a synthetic store (generic CSV import format, or Shopify's exports) with planted "
      "ground truth: truth.json and truth_customers.csv");
  cmd->add_option("--out", opt->out, "Output directory, created when missing")->required();
  cmd->add_option("--customers", opt->customers, "Number of customers")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{10}, int64_t{20'000'000}));
  cmd->add_option("--days", opt->days, "Length of the period in days")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{28}, int64_t{3660}));
  cmd->add_option("--seed", opt->seed, "Random seed; the same options give identical files")
      ->capture_default_str();
  cmd->add_option("--start", opt->start, "First day of the period (YYYY-MM-DD, UTC)")
      ->capture_default_str();
  cmd->add_option("--skus", opt->skus,
                  "Number of SKUs (default: customers / 10, between 100 and 50000)")
      ->check(CLI::Range(int64_t{100}, int64_t{1'000'000}));
  cmd->add_option("--format", opt->format,
                  "generic: one CSV per entity (the generic import format); shopify: Shopify's "
                  "products, orders and customers exports (import with --format shopify), with "
                  "size variants, guest checkouts, archived, draft and SKU-less products planted "
                  "and written down in truth_shopify*.{csv,json}")
      ->capture_default_str()
      ->check(CLI::IsMember({"generic", "shopify"}));
  cmd->add_option("--recommendation-lift", opt->recommendation_lift,
                  "Plant a recommendations holdout (experiment \"recs-holdout\") in the last "
                  "quarter of the period: recommendations add this share of each shown "
                  "customer's purchase occasions (0.1 = 10% more); writes experiments.json and "
                  "experiment_exposures.csv, and truth.json's recommendation_holdout holds the "
                  "lift an experiment report must recover. 0: none")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 10.0));
  cmd->add_option("--holdout-share", opt->holdout_share,
                  "With --recommendation-lift: the share of customers held out (no "
                  "recommendations)")
      ->capture_default_str()
      ->check(CLI::Range(0.01, 0.99));
  cmd->add_flag("--json", opt->json, "Print a JSON summary (rows per file, seconds)");
  cmd->callback([opt, &exit_code] { exit_code = RunGenerate(*opt); });
}

}  // namespace mercato::cli
