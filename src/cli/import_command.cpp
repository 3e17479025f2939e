// `mercato import`: loads files of one source format into the store.
#include <unistd.h>

#include <iostream>

#include "app/store_actions.h"
#include "cli/command_failure.h"
#include "cli/commands.h"

namespace mercato::cli {

void RegisterImportCommand(CLI::App& app, int& exit_code) {
  struct Args {
    std::string db, format, date_format, timezone;
    std::vector<std::string> paths;
    bool strict = false, json = false;
  };
  auto args = std::make_shared<Args>();
  std::string formats;
  for (auto f : ImportFormats()) formats += (formats.empty() ? "" : ", ") + std::string(f);
  CLI::App* cmd = app.add_subcommand("import", "Import store data files into the database");
  cmd->add_option("--db", args->db, "Database file (created when absent)")->required();
  cmd->add_option("--format", args->format, "Source format: " + formats)->required();
  cmd->add_flag("--strict", args->strict, "Abort on the first bad row; write nothing then");
  cmd->add_flag("--json", args->json, "Print the import report as JSON");
  cmd->add_option("--date-format", args->date_format,
                  "How slash dates are written: dmy (31/01/2024) or mdy (01/31/2024); default: "
                  "detected from the file's rows (online-retail)")
      ->check(CLI::IsMember({"dmy", "mdy"}));
  cmd->add_option("--timezone", args->timezone,
                  "The store's time zone, for timestamps written without a UTC offset: an IANA "
                  "name (America/New_York) or an offset (-04:00); default: a Shopify export's "
                  "most common offset, else UTC (every format)");
  cmd->add_option("paths", args->paths, "Files (or, for generic, folders) to import")->required();
  cmd->callback([args, &exit_code] {
    app::ImportFilesOptions options{args->db, args->format, args->paths, {}};
    options.import.strict = args->strict;
    if (!args->date_format.empty()) {
      options.import.date_order =
          args->date_format == "dmy" ? DateOrder::kDayFirst : DateOrder::kMonthFirst;
    }
    if (!args->timezone.empty()) {
      auto zone = TimeZone::Parse(args->timezone);
      if (!zone.ok()) {
        exit_code = FailAsUsage(
            "import", Status(zone.status().code(), "--timezone: " + zone.status().message()));
        return;
      }
      options.import.time_zone = std::move(zone).value();
    }
    options.import.progress = !args->json || isatty(STDERR_FILENO);
    const auto report = app::ImportFiles(options);
    if (!report.ok()) {
      exit_code = Fail("import", report.status());
      return;
    }
    if (args->json) {
      std::cout << report->ToJson().dump(2) << "\n";
    } else {
      std::cout << report->ToText();
    }
    exit_code = report->ok() ? 0 : 1;
  });
}

}  // namespace mercato::cli
