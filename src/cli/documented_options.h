// CLI flags from an action's option descriptions (app/option_doc.h): one --flag per option, its
// help text and default from the description and the options struct.
#pragma once

#include <CLI/CLI.hpp>
#include <span>
#include <string>
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
          cmd->add_option(app::CliFlag(doc.name), options.*field, std::string(doc.help))
              ->capture_default_str();
        },
        doc.field);
  }
}

}  // namespace mercato::cli
