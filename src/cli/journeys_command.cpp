// `mercato journeys list|run|stats`: the configured journeys, running them now (or --dry-run:
// what would be sent, holdout marked, nothing written) for cron users, and each journey's
// figures with its lift over the holdout.
#include <cstdio>
#include <memory>
#include <string>

#include "app/journey_actions.h"
#include "cli/command_failure.h"
#include "cli/commands.h"
#include "cli/documented_options.h"

namespace mercato::cli {

namespace {

struct JourneysArgs {
  app::JourneyOptions options;
  bool dry_run = false;
  bool json = false;
  std::string journey;  // stats: one journey; empty: every configured one
};

int RunJourneysList(const JourneysArgs& args) {
  auto list = app::ListJourneysJson(args.options);
  if (!list.ok()) return FailAsUsage("journeys list", list.status());
  if (args.json) {
    std::printf("%s\n", list->dump(2).c_str());
    return 0;
  }
  for (const auto& j : (*list)["journeys"]) {
    std::printf("%d. %s (%s): trigger %s, holdout %.0f%%, experiment %s\n",
                j["priority"].get<int>(), j["id"].get<std::string>().c_str(),
                j["name"].get<std::string>().c_str(), j["trigger"].get<std::string>().c_str(),
                100 * j["holdout"].get<double>(), j["experiment"].get<std::string>().c_str());
    for (const auto& s : j["steps"]) {
      std::printf("   %-12s after %7.1f h  %s%s\n", s["id"].get<std::string>().c_str(),
                  s["delay_seconds"].get<double>() / 3600, s["subject"].get<std::string>().c_str(),
                  s["incentive"].get<bool>() ? " (+ incentive)" : "");
    }
  }
  for (const auto& j : (*list)["available"]) {
    std::printf("-. %s (%s): trigger %s, not running (add it to --journeys)\n",
                j["id"].get<std::string>().c_str(), j["name"].get<std::string>().c_str(),
                j["trigger"].get<std::string>().c_str());
  }
  const auto& rules = (*list)["rules"];
  std::printf(
      "rules: at most %d messages per %.0f days per customer; quiet %02d:00-%02d:00 local "
      "(customer's country, else %s)\n",
      rules["cap_messages"].get<int>(), rules["cap_window_seconds"].get<double>() / 86400,
      rules["quiet_hours"]["start"].get<int>(), rules["quiet_hours"]["end"].get<int>(),
      rules["store_time_zone"].get<std::string>().c_str());
  return 0;
}

int RunJourneysRun(const JourneysArgs& args) {
  app::JourneyRunOptions run;
  run.journeys = args.options;
  run.dry_run = args.dry_run;
  auto report = app::RunJourneys(run);
  if (!report.ok()) return FailAsUsage("journeys run", report.status());
  const nlohmann::json out = app::JourneyRunJson(*report);
  if (args.json) {
    std::printf("%s\n", out.dump(2).c_str());
    return 0;
  }
  std::printf("journeys at %s%s\n", out["as_of"].get<std::string>().c_str(),
              args.dry_run ? " (dry run: nothing written)" : "");
  for (const auto& [id, n] : out["journeys"].items()) {
    std::printf(
        "%-14s entered %lld (held out %lld), messaged %lld, withheld %lld, capped %lld, "
        "not contactable %lld, blocked %lld\n",
        id.c_str(), n["entered"].get<long long>(), n["held_out"].get<long long>(),
        n["messaged"].get<long long>(), n["withheld"].get<long long>(),
        n["capped"].get<long long>(), n["not_contactable"].get<long long>(),
        n["blocked"].get<long long>());
    if (n.contains("skipped")) {
      std::printf("%-14s not run: %s\n", "", n["skipped"].get<std::string>().c_str());
    }
  }
  if (args.dry_run) {
    for (const auto& d : out["decisions"]) {
      if (d["action"] != "step") continue;
      const bool holdout = d["holdout"].get<bool>();
      const std::string subject =
          holdout ? "(no message)" : d["message"]["payload"]["subject"].get<std::string>();
      std::printf(
          "%s %-14s %-10s %-16s %s%s\n", holdout ? "[holdout]" : "would send",
          d["journey"].get<std::string>().c_str(), d["customer_id"].get<std::string>().c_str(),
          d["entry_id"].get<std::string>().c_str(), subject.c_str(),
          !holdout && d["message"]["payload"].contains("incentive")
              ? (" [incentive: " + d["message"]["payload"]["incentive"].get<std::string>() + "]")
                    .c_str()
              : "");
    }
  } else {
    std::printf("written: %lld journey log rows, %lld messages, %lld holdout exposures\n",
                out["written"]["log_rows"].get<long long>(),
                out["written"]["messages"].get<long long>(),
                out["written"]["exposures"].get<long long>());
  }
  return 0;
}

int RunJourneysStats(const JourneysArgs& args) {
  std::vector<std::string> ids = {args.journey};
  if (args.journey.empty()) ids = args.options.journeys;
  nlohmann::json all = nlohmann::json::array();
  for (const std::string& id : ids) {
    app::JourneyStatsOptions options;
    options.journeys = args.options;
    options.id = id;
    auto stats = app::ReportJourneyStats(options);
    if (!stats.ok()) return FailAsUsage("journeys stats", stats.status());
    all.push_back(app::JourneyStatsJson(*stats));
  }
  if (args.json) {
    std::printf(
        "%s\n",
        (args.journey.empty() ? nlohmann::json{{"journeys", all}} : all[0]).dump(2).c_str());
    return 0;
  }
  for (const auto& s : all) {
    std::printf(
        "%-14s entered %lld, messaged %lld, converted %lld, revenue %.2f, repeat rate "
        "%.1f%%\n",
        s["journey"].get<std::string>().c_str(), s["entered"].get<long long>(),
        s["messaged"].get<long long>(), s["converted"].get<long long>(), s["revenue"].get<double>(),
        100 * s["repeat_rate"].get<double>());
    std::printf("%-14s %s\n", "",
                s["verdict_text"].get<std::string>().empty()
                    ? "no holdout experiment yet"
                    : s["verdict_text"].get<std::string>().c_str());
  }
  return 0;
}

}  // namespace

void RegisterJourneysCommand(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<JourneysArgs>();
  CLI::App* cmd = app.add_subcommand(
      "journeys",
      "Retention journeys: cart recovery, post-purchase cross-sell, win-back, VIP; checkout, "
      "browse abandonment, back in stock, price drop");
  cmd->require_subcommand(1);
  CLI::App* list = cmd->add_subcommand("list", "The configured journeys, their steps and rules");
  CLI::App* run = cmd->add_subcommand(
      "run", "Evaluate the journeys now: enter, send due steps into the outbox, exit (for cron)");
  CLI::App* stats = cmd->add_subcommand(
      "stats", "Each journey's entries, messages, conversions, revenue, repeat rate and lift");
  for (CLI::App* sub : {list, run, stats}) {
    AddDocumentedOptions(sub, args->options, app::JourneyOptionDocs());
    sub->add_option("--timezone", args->options.timezone,
                    "The store's time zone for customers whose country gives none (IANA name "
                    "or offset); default: UTC");
    sub->add_flag("--json", args->json, "Print JSON");
  }
  run->add_option("--db", args->options.db, "Database file")->required();
  stats->add_option("--db", args->options.db, "Database file")->required();
  run->add_flag("--dry-run", args->dry_run,
                "Print what would be sent (holdout marked) and write nothing");
  stats->add_option("journey", args->journey, "One journey's stats; default: every one");
  list->callback([args, &exit_code] { exit_code = RunJourneysList(*args); });
  run->callback([args, &exit_code] { exit_code = RunJourneysRun(*args); });
  stats->callback([args, &exit_code] { exit_code = RunJourneysStats(*args); });
}

}  // namespace mercato::cli
