// `mercato import`: loads files of one source format into the store; `mercato imports`: the
// store's import history.
#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "app/import_history.h"
#include "app/store_actions.h"
#include "cli/command_failure.h"
#include "cli/commands.h"
#include "cli/documented_options.h"

namespace mercato::cli {
namespace {

// One line per import, newest first: when, outcome, format, rows, rejected, warnings, sources.
void PrintImports(const std::vector<ImportRecord>& imports) {
  if (imports.empty()) std::printf("no import recorded yet\n");
  for (const ImportRecord& r : imports) {
    std::printf("%s  %-6s %-17s read %lld, imported %lld, rejected %lld, warnings %lld (%.1f s)\n",
                FormatTimestamp(r.at).c_str(), r.outcome.c_str(), r.format.c_str(),
                static_cast<long long>(r.rows_read), static_cast<long long>(r.rows_imported),
                static_cast<long long>(r.rows_rejected), static_cast<long long>(r.warnings),
                r.seconds);
    std::string sources;
    for (const std::string& s : r.sources) sources += (sources.empty() ? "" : ", ") + s;
    std::printf("    %s\n", sources.c_str());
    if (!r.error.empty()) std::printf("    failed: %s\n", r.error.c_str());
  }
}

void RegisterImportsCommand(CLI::App& app, int& exit_code) {
  struct Args {
    app::ListImportsOptions options;
    bool json = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand("imports", "Show the store's import history, newest first");
  cmd->add_option("--db", args->options.db, "Database file")->required()->check(CLI::ExistingFile);
  AddDocumentedOptions(cmd, args->options, app::ListImportsOptionDocs());
  cmd->add_flag("--json", args->json, "Print JSON (as GET /v1/imports)");
  cmd->callback([args, &exit_code] {
    auto imports = app::ListImports(args->options);
    if (!imports.ok()) {
      exit_code = Fail("imports", imports.status());
      return;
    }
    if (args->json) {
      std::cout << app::ImportHistoryJson(*imports).dump(2) << "\n";
    } else {
      PrintImports(*imports);
    }
  });
}

}  // namespace

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
  RegisterImportsCommand(app, exit_code);
}

}  // namespace mercato::cli
