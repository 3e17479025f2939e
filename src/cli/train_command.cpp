// `mercato train recommend`: trains every recommendation model on the store and writes the
// artifacts that `mercato recommend` and the server load.
#include <cstdio>
#include <ctime>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "recommend_serving/training.h"
#include "store/open_store.h"

namespace mercato::cli {
namespace {

struct TrainArgs {
  std::string db;
  std::string artifacts;
  uint64_t seed = 42;
  int threads = 0;
  bool json = false;
};

int RunTrainRecommend(const TrainArgs& a) {
  auto fail = [](const Status& s) {
    std::cerr << "mercato train recommend: " << s.message() << "\n";
    return 1;
  };
  auto store = OpenStore(a.db);
  if (!store.ok()) return fail(store.status());
  recommend::RecommendConfig config;
  config.seed = a.seed;
  config.threads = a.threads;
  const std::string dir = a.artifacts.empty() ? DefaultArtifactDir(a.db) : a.artifacts;
  auto snapshot = LoadSnapshot(*store.value());
  if (!snapshot.ok()) return fail(snapshot.status());
  auto report = serving::TrainRecommendArtifacts(*snapshot, dir, config, std::time(nullptr));
  if (!report.ok()) return fail(report.status());
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
                                {"models", models}}
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
  std::printf("artifacts in %s\n", dir.c_str());
  return 0;
}

}  // namespace

void RegisterTrainCommand(CLI::App& app, int& exit_code) {
  CLI::App* train = app.add_subcommand("train", "Train models and write their artifacts");
  train->require_subcommand(1);
  auto args = std::make_shared<TrainArgs>();
  CLI::App* cmd = train->add_subcommand("recommend", "Train every recommendation model");
  cmd->add_option("--db", args->db, "Database file")->required()->check(CLI::ExistingFile);
  cmd->add_option("--artifacts", args->artifacts, "Artifacts directory (default: <db>.artifacts)");
  cmd->add_option("--seed", args->seed, "Random seed")->capture_default_str();
  cmd->add_option("--threads", args->threads, "Threads (0: all cores)")->capture_default_str();
  cmd->add_flag("--json", args->json, "Print JSON");
  cmd->callback([args, &exit_code] { exit_code = RunTrainRecommend(*args); });
}

}  // namespace mercato::cli
