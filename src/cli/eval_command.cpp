// `mercato eval recommend`: offline evaluation of every recommendation model on a time split of
// the store (--db) or a per-user random split of an interactions file (--interactions).
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "ingest/importer.h"
#include "recommend/evaluation.h"
#include "recommend/model_registry.h"
#include "store/open_store.h"

namespace mercato::cli {
namespace {

using recommend::EvalSplit;
using recommend::ModelKind;

struct EvalArgs {
  std::string db;
  std::string interactions;
  std::string sep;
  std::string split;
  int holdout_days = 30;
  double test_fraction = 0.25;
  uint64_t seed = 42;
  int k = 10;
  int threads = 0;
  std::vector<std::string> models = recommend::RecommendModelNames();
  bool json = false;
};

// Checks --sep against the file's first line (the interactions importer sniffs comma or tab).
Status CheckSeparator(const std::string& path, const std::string& sep) {
  if (sep.empty()) return Status::Ok();
  char want = 0;
  if (sep == "TAB" || sep == "tab" || sep == "\\t" || sep == "\t") want = '\t';
  if (sep == ",") want = ',';
  if (want == 0) return InvalidArgument("--sep must be TAB or ',' (got '" + sep + "')");
  std::ifstream in(path);
  std::string first;
  if (!in || !std::getline(in, first)) return IoError("cannot read " + path);
  if (first.find(want) == std::string::npos) {
    return InvalidArgument("the first line of " + path + " has no " +
                           (want == '\t' ? std::string("tab") : std::string("comma")) +
                           " (check --sep)");
  }
  return Status::Ok();
}

Result<EvalSplit> MakeSplit(const EvalArgs& a) {
  if (a.split == "time") {
    if (a.db.empty()) return InvalidArgument("--split time needs --db (a store with order times)");
    ASSIGN_OR_RETURN(auto store, OpenStore(a.db));
    ASSIGN_OR_RETURN(Snapshot full, LoadSnapshot(*store));
    ASSIGN_OR_RETURN(const Timestamp cutoff, recommend::TimeSplitCutoff(full, a.holdout_days));
    ASSIGN_OR_RETURN(Snapshot train, LoadSnapshot(*store, {.until = cutoff}));
    return recommend::TimeSplit(full, std::move(train));
  }
  if (a.interactions.empty() && a.db.empty()) {
    return InvalidArgument("give --db or --interactions");
  }
  std::unique_ptr<Store> store;
  if (!a.interactions.empty()) {
    RETURN_IF_ERROR(CheckSeparator(a.interactions, a.sep));
    ASSIGN_OR_RETURN(store, OpenStore(":memory:"));
    const ImportReport report = RunImport(*store, "interactions", {a.interactions}, {});
    if (!report.ok())
      return InvalidArgument("cannot read " + a.interactions + ": " + report.aborted);
  } else {
    ASSIGN_OR_RETURN(store, OpenStore(a.db));
  }
  ASSIGN_OR_RETURN(Snapshot full, LoadSnapshot(*store));
  ASSIGN_OR_RETURN(EvalSplit split, recommend::RandomSplit(full, a.test_fraction, a.seed));
  split.item_texts = recommend::ItemTexts(split.train);
  return split;
}

int Run(const EvalArgs& a) {
  auto fail = [](const Status& s) {
    std::cerr << "mercato eval recommend: " << s.message() << "\n";
    return 1;
  };
  std::vector<ModelKind> kinds;
  for (const std::string& name : a.models) {
    auto kind = recommend::ParseModelKind(name);
    if (!kind.ok()) return fail(kind.status());
    kinds.push_back(kind.value());
  }
  auto split = MakeSplit(a);
  if (!split.ok()) return fail(split.status());
  recommend::RecommendConfig config;
  config.seed = a.seed;
  config.threads = a.threads;
  auto reports = recommend::EvaluateModels(split.value(), kinds, config, a.k);
  if (!reports.ok()) return fail(reports.status());
  const int64_t users = recommend::UsersEvaluated(split.value());
  const std::string at = "@" + std::to_string(a.k);
  if (a.json) {
    nlohmann::json j;
    j["users_evaluated"] = users;
    j["models"] = nlohmann::json::object();
    for (const auto& r : reports.value()) {
      j["models"][std::string(recommend::ModelKindName(r.kind))] = {
          {"precision" + at, r.metrics.precision}, {"recall" + at, r.metrics.recall},
          {"ndcg" + at, r.metrics.ndcg},           {"map" + at, r.metrics.map},
          {"hit_rate" + at, r.metrics.hit_rate},   {"coverage", r.metrics.coverage}};
    }
    std::cout << j.dump(2) << "\n";
    return 0;
  }
  std::printf("%lld users evaluated, k = %d\n", static_cast<long long>(users), a.k);
  std::printf("%-14s %10s %10s %10s %10s %10s %9s %8s\n", "model", ("precision" + at).c_str(),
              ("recall" + at).c_str(), ("ndcg" + at).c_str(), ("map" + at).c_str(),
              ("hit_rate" + at).c_str(), "coverage", "train_s");
  for (const auto& r : reports.value()) {
    const auto& m = r.metrics;
    std::printf("%-14s %10.4f %10.4f %10.4f %10.4f %10.4f %9.4f %8.2f\n",
                std::string(recommend::ModelKindName(r.kind)).c_str(), m.precision, m.recall,
                m.ndcg, m.map, m.hit_rate, m.coverage, r.train_seconds);
  }
  return 0;
}

}  // namespace

void RegisterEvalCommand(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<EvalArgs>();
  CLI::App* eval = app.add_subcommand("eval", "Offline evaluation of models");
  eval->require_subcommand(1);
  CLI::App* cmd = eval->add_subcommand("recommend", "Evaluate the recommendation models");
  auto* db = cmd->add_option("--db", args->db, "Database file")->check(CLI::ExistingFile);
  cmd->add_option("--interactions", args->interactions,
                  "Interactions file (user,item[,weight][,timestamp]) instead of a store")
      ->check(CLI::ExistingFile)
      ->excludes(db);
  cmd->add_option("--sep", args->sep, "Separator of the interactions file: TAB or ','");
  cmd->add_option("--split", args->split, "time (train on the past) or random (per user)")
      ->required()
      ->check(CLI::IsMember({"time", "random"}));
  cmd->add_option("--holdout-days", args->holdout_days, "Time split: days held out at the end")
      ->capture_default_str();
  cmd->add_option("--test-fraction", args->test_fraction,
                  "Random split: share of each user's items held out")
      ->capture_default_str();
  cmd->add_option("--seed", args->seed, "Seed of the split and the models")->capture_default_str();
  cmd->add_option("--k", args->k, "Length of the recommendation lists")->capture_default_str();
  cmd->add_option("--models", args->models, "Models to evaluate (comma-separated)")
      ->delimiter(',')
      ->capture_default_str();
  cmd->add_option("--threads", args->threads, "Training threads (0 = all cores)")
      ->capture_default_str();
  cmd->add_flag("--json", args->json, "Print JSON");
  cmd->callback([args, &exit_code] { exit_code = Run(*args); });
}

}  // namespace mercato::cli
