// The mercato executable: parses the command line and hands over to a subcommand.
#include <CLI/CLI.hpp>

#include "cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"mercato: a self-hosted AI engine for e-commerce"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "mercato 0.1.0");
  int exit_code = 0;
  mercato::cli::RegisterCommands(app, exit_code);
  CLI11_PARSE(app, argc, argv);
  return exit_code;
}
