// `mercato report`: the dashboard's overview, customers, forecast and reorder plan in one
// self-contained HTML file (app::BuildReport), for merchants who do not run the server; and
// `mercato report lift`, the lift of mercato's capabilities from their experiments.
#include <cstdio>
#include <ctime>
#include <iostream>
#include <memory>

#include "app/lift_report.h"
#include "app/report_actions.h"
#include "cli/command_failure.h"
#include "cli/commands.h"
#include "cli/table_output.h"

namespace mercato::cli {

namespace {

std::string Percent(double share) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%+.1f%%", 100.0 * share);
  return buf;
}

// One line per experiment and variant: the primary metric's relative lift with its fixed and
// always-valid intervals, then the verdict in words.
std::string LiftText(const nlohmann::json& report) {
  std::string out;
  if (report["experiments"].empty()) {
    return "no experiment has started: create one with `mercato experiments create`, or import "
           "them with `mercato experiments import`\n";
  }
  for (const nlohmann::json& e : report["experiments"]) {
    out += e["capability"].get<std::string>() + ": " + e["experiment"].get<std::string>() + " (" +
           e["status"].get<std::string>() + ", " + e["metric"].get<std::string>() + ")\n";
    for (const nlohmann::json& m : e["primary"]) {
      auto figure = [&](const char* key) {
        return m[key].is_number() ? Percent(m[key].get<double>()) : std::string("n/a");
      };
      out += "  " + m["variant"].get<std::string>() + " vs " + e["control"].get<std::string>() +
             ": " + figure("relative_lift") + " (95% CI " + figure("relative_ci_low") + " to " +
             figure("relative_ci_high") + ")\n";
    }
    out += "  " + e["verdict_text"].get<std::string>() + "\n";
  }
  return out;
}

void RegisterLiftSubcommand(CLI::App* parent, int& exit_code) {
  struct LiftArgs {
    app::LiftReportOptions options;
    bool json = false;
  };
  auto args = std::make_shared<LiftArgs>();
  CLI::App* lift = parent->add_subcommand(
      "lift",
      "The lift of each of mercato's capabilities (recommendations, journeys, pricing, search) "
      "measured by its experiments: the primary metric per variant against the control, with "
      "intervals, and the verdict in words");
  lift->add_option("--db", args->options.db, "Database file")->required()->check(CLI::ExistingFile);
  lift->add_option("--alpha", args->options.alpha, "Significance level")
      ->capture_default_str()
      ->check(CLI::Range(0.0001, 0.5));
  lift->add_flag("--json", args->json, "Print JSON, as GET /v1/reports/lift answers");
  lift->callback([args, &exit_code] {
    args->options.now = std::time(nullptr);
    auto report = app::BuildLiftReport(args->options);
    if (!report.ok()) {
      exit_code = Fail("report lift", report.status());
      return;
    }
    const nlohmann::json json = app::LiftReportJson(*report);
    std::cout << (args->json ? json.dump(2) + "\n" : LiftText(json));
  });
}

}  // namespace

void RegisterReportCommand(CLI::App& app, int& exit_code) {
  struct Args {
    app::ReportOptions options;
    std::string out;
  };
  auto args = std::make_shared<Args>();
  app::ReportOptions& o = args->options;
  CLI::App* cmd = app.add_subcommand(
      "report",
      "Write the dashboard's overview, customers, forecast and reorder plan as one "
      "self-contained HTML file (opening it needs no server and no network)");
  cmd->require_subcommand(0, 1);
  cmd->add_option("--db", o.db, "Database file")->check(CLI::ExistingFile);
  cmd->add_option("--out", args->out,
                  "HTML file to write (through a temporary file: never half-written)");
  cmd->add_option("--as-of", o.as_of,
                  "Last day the overview and customers cover, and the reorder plan's day "
                  "(YYYY-MM-DD; default: the day of the last order, the plan the day after)");
  cmd->add_option("--period", o.period, "The overview's periods: day, week or month")
      ->capture_default_str()
      ->check(CLI::IsMember({"day", "week", "month"}));
  RegisterLiftSubcommand(cmd, exit_code);
  cmd->callback([cmd, args, &exit_code] {
    if (!cmd->get_subcommands().empty()) return;
    if (args->options.db.empty() || args->out.empty()) {
      exit_code = FailAsUsage("report", InvalidArgument("give --db DB and --out FILE.html, or a "
                                                        "subcommand (lift)"));
      return;
    }
    args->options.now = std::time(nullptr);
    auto html = app::BuildReport(args->options);
    if (!html.ok()) {
      exit_code = FailAsUsage("report", html.status());
      return;
    }
    if (Status written = WriteOutput(args->out, *html); !written.ok()) {
      exit_code = Fail("report", written);
      return;
    }
    std::cerr << "wrote " << args->out << " (" << (html->size() + 1023) / 1024
              << " KB): open it in a browser\n";
  });
}

}  // namespace mercato::cli
