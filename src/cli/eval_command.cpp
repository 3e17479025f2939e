// `mercato eval recommend`: offline evaluation of every recommendation model on a time split of
// the store (--db) or a per-user random split of an interactions file (--interactions).
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "app/evaluation_actions.h"
#include "cli/command_failure.h"
#include "cli/commands.h"
#include "cli/documented_options.h"
#include "cli/tuning_output.h"
#include "recommend_serving/tuning_record.h"

namespace mercato::cli {
namespace {

struct EvalArgs {
  app::EvaluateRecommendersOptions options;
  bool json = false;
};

int Run(const EvalArgs& args) {
  const app::EvaluateRecommendersOptions& a = args.options;
  auto evaluation = app::EvaluateRecommenders(a);
  if (!evaluation.ok()) return Fail("eval recommend", evaluation.status());
  const int64_t users = evaluation->users;
  const std::vector<recommend::ModelReport>* reports = &evaluation->reports;
  const std::string at = "@" + std::to_string(a.k);
  if (args.json) {
    nlohmann::json j;
    j["users_evaluated"] = users;
    j["models"] = nlohmann::json::object();
    for (const auto& r : *reports) {
      j["models"][std::string(recommend::ModelKindName(r.kind))] = {
          {"precision" + at, r.metrics.precision}, {"recall" + at, r.metrics.recall},
          {"ndcg" + at, r.metrics.ndcg},           {"map" + at, r.metrics.map},
          {"hit_rate" + at, r.metrics.hit_rate},   {"coverage", r.metrics.coverage}};
    }
    if (evaluation->tuning) {
      j["tuning"] = nlohmann::json::parse(serving::TuningJson(*evaluation->tuning));
    }
    std::cout << j.dump(2) << "\n";
    return 0;
  }
  if (evaluation->tuning) PrintTuning(*evaluation->tuning);
  std::printf("%lld users evaluated, k = %d\n", static_cast<long long>(users), a.k);
  std::printf("%-14s %10s %10s %10s %10s %10s %9s %8s\n", "model", ("precision" + at).c_str(),
              ("recall" + at).c_str(), ("ndcg" + at).c_str(), ("map" + at).c_str(),
              ("hit_rate" + at).c_str(), "coverage", "train_s");
  for (const auto& r : *reports) {
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
  auto* db = cmd->add_option("--db", args->options.db, "Database file")->check(CLI::ExistingFile);
  cmd->add_option("--interactions", args->options.interactions,
                  "Interactions file (user,item[,weight][,timestamp]) instead of a store")
      ->check(CLI::ExistingFile)
      ->excludes(db);
  AddDocumentedOptions(cmd, args->options, app::EvaluateRecommendersOptionDocs());
  cmd->get_option("--split")->required()->check(CLI::IsMember({"time", "random"}));
  cmd->add_flag("--json", args->json, "Print JSON");
  cmd->callback([args, &exit_code] { exit_code = Run(*args); });
}

}  // namespace mercato::cli
