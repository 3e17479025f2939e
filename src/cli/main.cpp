// The mercato executable: parses the command line (and the config file) and hands over to a
// subcommand.
#include <CLI/CLI.hpp>
#include <string>

#include "cli/commands.h"
#include "cli/config_file.h"

int main(int argc, char** argv) {
  CLI::App app{"mercato: a self-hosted AI engine for e-commerce"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "mercato 0.1.0");
  app.fallthrough();  // inherited by every command, so `--config` works after any of them
  int exit_code = 0;
  mercato::cli::RegisterCommands(app, exit_code);
  mercato::cli::EnableConfigFile(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // A value of the config file that a command's check refused: say where the file set it.
    const std::string message = mercato::cli::WithConfigSource(app, e.what());
    if (message != e.what()) return app.exit(CLI::ParseError(message, e.get_exit_code()));
    return app.exit(e);
  }
  return exit_code;
}
