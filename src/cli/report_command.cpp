// `mercato report`: the dashboard's overview, customers, forecast and reorder plan in one
// self-contained HTML file (app::BuildReport), for merchants who do not run the server.
#include <ctime>
#include <iostream>
#include <memory>

#include "app/report_actions.h"
#include "cli/command_failure.h"
#include "cli/commands.h"
#include "cli/table_output.h"

namespace mercato::cli {

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
  cmd->add_option("--db", o.db, "Database file")->required()->check(CLI::ExistingFile);
  cmd->add_option("--out", args->out,
                  "HTML file to write (through a temporary file: never half-written)")
      ->required();
  cmd->add_option("--as-of", o.as_of,
                  "Last day the overview and customers cover, and the reorder plan's day "
                  "(YYYY-MM-DD; default: the day of the last order, the plan the day after)");
  cmd->add_option("--period", o.period, "The overview's periods: day, week or month")
      ->capture_default_str()
      ->check(CLI::IsMember({"day", "week", "month"}));
  cmd->callback([args, &exit_code] {
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
