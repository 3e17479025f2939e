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
#include "cli/config_file.h"
#include "common/status.h"
#include "common/text.h"

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

/// Sets the fields of `options` that the config file gave `command` (SettingsOf), each through
/// its description; the command's other keys (such as `db`) are left alone. How one command
/// reads another's section: `serve` starts its pricing route from `[pricing.recommend]`.
/// InvalidArgument naming the file, line and key for a value that does not parse.
template <class Options>
Status ReadConfiguredOptions(const CLI::App& root, const CLI::App& command, Options& options,
                             std::span<const app::OptionDoc<Options>> docs) {
  for (const CommandSetting& setting : SettingsOf(root, command)) {
    for (const app::OptionDoc<Options>& doc : docs) {
      if (app::CliFlag(doc.name) != "--" + setting.option->get_lnames().front()) continue;
      const std::string text = setting.values.empty() ? "true" : Join(setting.values, ",");
      if (Status s = app::SetOption(options, doc, text); !s.ok()) {
        return InvalidArgument(s.message() + " (" + setting.source + ")");
      }
    }
  }
  return Status::Ok();
}

}  // namespace mercato::cli
