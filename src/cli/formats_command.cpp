// `mercato formats`: lists the import formats and prints the generic format's reference.
#include <iostream>

#include "cli/commands.h"
#include "ingest/generic_format_doc.h"
#include "ingest/importer.h"

namespace mercato::cli {

void RegisterFormatsCommand(CLI::App& app, int& exit_code) {
  auto format = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("formats", "List import formats, or document one");
  cmd->add_option("format", *format, "Print the reference of this format (generic)");
  cmd->callback([format, &exit_code] {
    if (format->empty()) {
      for (auto f : ImportFormats()) std::cout << f << "\n";
    } else if (*format == "generic") {
      std::cout << GenericFormatMarkdown();
    } else {
      std::cerr << "mercato formats: only 'generic' has a generated reference; see "
                   "docs/import-formats.md for the others\n";
      exit_code = 2;
    }
  });
}

}  // namespace mercato::cli
