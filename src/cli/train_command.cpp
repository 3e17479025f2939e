// `mercato train recommend`: trains every recommendation model on the store and writes the
// artifacts that `mercato recommend` and the server load; prints the hyper-parameters tuned and
// the model chosen per surface.
#include <cstdio>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "app/model_actions.h"
#include "cli/command_failure.h"
#include "cli/commands.h"
#include "cli/documented_options.h"
#include "cli/tuning_output.h"
#include "common/time.h"
#include "recommend_serving/tuning_record.h"

namespace mercato::cli {
namespace {

struct TrainArgs {
  app::TrainRecommendOptions options;
  bool json = false;
};

// The model chosen per surface and every candidate's figures, as a table.
void PrintSelection(const serving::ModelSelection& s) {
  if (!s.skipped.empty()) {
    std::printf("model per surface: default order (%s)\n", s.skipped.c_str());
    return;
  }
  std::printf(
      "model per surface, measured on %lld customers' purchases from %s (last %d days), "
      "%.2f s:\n",
      static_cast<long long>(s.held_out_users),
      s.split_at ? FormatTimestamp(*s.split_at).c_str() : "-", s.holdout_days, s.seconds);
  std::printf("  %-14s %-14s %-14s %10s %10s\n", "surface", "chosen", "candidate",
              ("recall@" + std::to_string(s.k)).c_str(), ("ndcg@" + std::to_string(s.k)).c_str());
  for (const serving::SurfaceChoice& c : s.surfaces) {
    bool first = true;
    for (const serving::CandidateFigures& f : c.candidates) {
      std::printf("  %-14s %-14s %-14s %10.4f %10.4f\n",
                  first ? std::string(serving::SurfaceName(c.surface)).c_str() : "",
                  first ? std::string(recommend::ModelKindName(c.chosen)).c_str() : "",
                  std::string(recommend::ModelKindName(f.model)).c_str(), f.metrics.recall,
                  f.metrics.ndcg);
      first = false;
    }
  }
}

int RunTrainRecommend(const TrainArgs& a) {
  auto report = app::TrainRecommenders(a.options);
  if (!report.ok()) return Fail("train recommend", report.status());
  const std::string& dir = report->dir;
  if (a.json) {
    nlohmann::json models = nlohmann::json::array();
    for (const auto& m : report->models) {
      models.push_back({{"kind", m.kind},
                        {"written", m.written},
                        {"note", m.note.empty() ? nlohmann::json(nullptr) : nlohmann::json(m.note)},
                        {"seconds", m.seconds},
                        {"bytes", m.bytes}});
    }
    std::cout << nlohmann::json{{"artifacts", dir},
                                {"data_hash", report->data.hash},
                                {"customers", report->data.customers},
                                {"items", report->data.items},
                                {"lines", report->data.lines},
                                {"models", models},
                                {"selection",
                                 nlohmann::json::parse(serving::SelectionJson(report->selection))},
                                {"tuning",
                                 report->tuning
                                     ? nlohmann::json::parse(serving::TuningJson(*report->tuning))
                                     : nlohmann::json(nullptr)}}
                     .dump(2)
              << "\n";
    return 0;
  }
  std::printf("trained on %lld customers, %lld items, %lld order lines (data %s)\n",
              static_cast<long long>(report->data.customers),
              static_cast<long long>(report->data.items),
              static_cast<long long>(report->data.lines), report->data.hash.c_str());
  for (const auto& m : report->models) {
    if (m.written) {
      std::printf("  %-26s %8.2f s %12zu bytes\n", m.kind.c_str(), m.seconds, m.bytes);
    } else {
      std::printf("  %-26s skipped: %s\n", m.kind.c_str(), m.note.c_str());
    }
  }
  if (report->tuning) PrintTuning(*report->tuning);
  PrintSelection(report->selection);
  std::printf("artifacts in %s\n", dir.c_str());
  return 0;
}

}  // namespace

void RegisterTrainCommand(CLI::App& app, int& exit_code) {
  CLI::App* train = app.add_subcommand("train", "Train models and write their artifacts");
  train->require_subcommand(1);
  auto args = std::make_shared<TrainArgs>();
  CLI::App* cmd = train->add_subcommand("recommend", "Train every recommendation model");
  cmd->add_option("--db", args->options.db, "Database file")->required()->check(CLI::ExistingFile);
  AddDocumentedOptions(cmd, args->options, app::TrainRecommendOptionDocs());
  cmd->add_flag("--json", args->json, "Print JSON");
  cmd->callback([args, &exit_code] { exit_code = RunTrainRecommend(*args); });
}

}  // namespace mercato::cli
