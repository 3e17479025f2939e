// CLI flags from an action's option descriptions (app/option_doc.h): one --flag per option (a
// list comma-separated or repeated, a bool a switch), its help text and default from the
// description and the options struct.
#pragma once

#include <CLI/CLI.hpp>
#include <span>
#include <string>
#include <type_traits>
#include <variant>

#include "app/option_doc.h"

namespace mercato::cli {

/// Adds CliFlag(doc.name) for every description, bound to its field of `options` and showing
/// the field's current value as the default (a bool's: a switch, whose help says its default).
template <class Options>
void AddDocumentedOptions(CLI::App* cmd, Options& options,
                          std::span<const app::OptionDoc<Options>> docs) {
  for (const app::OptionDoc<Options>& doc : docs) {
    std::visit(
        [&](auto field) {
          using Field = decltype(field);
          const std::string help(doc.help);
          if constexpr (std::is_same_v<Field, bool Options::*>) {
            // A switch: --in-stock sets the field, --include-purchased{false} turns it off.
            const std::string flag = app::CliFlag(doc.name) + (doc.turns_off ? "{false}" : "");
            cmd->add_flag(flag, options.*field, help);
          } else {
            CLI::Option* option = cmd->add_option(app::CliFlag(doc.name), options.*field, help);
            if constexpr (std::is_same_v<Field, std::vector<std::string> Options::*>) {
              option->delimiter(',');
            }
            option->capture_default_str();
          }
        },
        doc.field);
  }
}

}  // namespace mercato::cli
