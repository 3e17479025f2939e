// CLI flags from an action's option descriptions (app/option_doc.h): one --flag per option (a
// list comma-separated), its help text and default from the description and the options struct.
#pragma once

#include <CLI/CLI.hpp>
#include <span>
#include <string>
#include <type_traits>
#include <variant>

#include "app/option_doc.h"

namespace mercato::cli {

/// Adds CliFlag(doc.name) for every description, bound to its field of `options` and showing
/// the field's current value as the default.
template <class Options>
void AddDocumentedOptions(CLI::App* cmd, Options& options,
                          std::span<const app::OptionDoc<Options>> docs) {
  for (const app::OptionDoc<Options>& doc : docs) {
    std::visit(
        [&](auto field) {
          CLI::Option* option =
              cmd->add_option(app::CliFlag(doc.name), options.*field, std::string(doc.help));
          if constexpr (std::is_same_v<decltype(field), std::vector<std::string> Options::*>) {
            option->delimiter(',');
          }
          option->capture_default_str();
        },
        doc.field);
  }
}

}  // namespace mercato::cli
