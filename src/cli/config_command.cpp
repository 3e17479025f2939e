// `mercato config`: the reference of every `mercato.toml` key, and what the file in effect sets.
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/config_file.h"
#include "common/text.h"

namespace mercato::cli {
namespace {

const MercatoConfigFile* ConfigReader(const CLI::App& root) {
  return dynamic_cast<const MercatoConfigFile*>(root.get_config_formatter_base().get());
}

std::string Shown(const std::vector<std::string>& values) {
  return values.size() == 1 ? values.front() : "[" + Join(values, ", ") + "]";
}

bool IsShared(const ConfigSetting& setting) {
  return setting.key.find('.') == std::string::npos || StartsWith(setting.key, "shop.");
}

// `config show COMMAND...`: each key of that command, its value and where it came from.
int ShowCommand(const CLI::App& root, const std::vector<std::string>& words) {
  const CLI::App* cmd = &root;
  for (const std::string& word : words) {
    const CLI::App* sub = nullptr;
    for (const CLI::App* s : cmd->get_subcommands({})) {
      if (s->get_name() == word) sub = s;
    }
    if (sub == nullptr) {
      std::cerr << "mercato config show: no command `mercato " << Join(words, " ") << "`\n";
      return 2;
    }
    cmd = sub;
  }
  const MercatoConfigFile* reader = ConfigReader(root);
  for (const CLI::Option* option : cmd->get_options()) {
    const std::string key = ConfigKey(*option);
    if (key.empty()) continue;
    std::string source = "default";
    std::string value = DefaultValue(*option);
    // A command's own section wins over a shared key, as when the file is applied.
    for (const bool shared : {false, true}) {
      if (reader == nullptr || source != "default") break;
      for (const ConfigSetting& setting : reader->settings()) {
        if (IsShared(setting) != shared) continue;
        for (const auto& [target_cmd, target] : setting.targets) {
          if (target != option || source != "default") continue;
          source = reader->path() + ":" + std::to_string(setting.line) + " (" + setting.key + ")";
          value = Shown(setting.values);
        }
      }
    }
    std::cout << key << " = " << value << "\t" << source << "\n";
  }
  return 0;
}

}  // namespace

void RegisterConfigCommand(CLI::App& app, int& exit_code) {
  CLI::App* cmd = app.add_subcommand("config", "The config file (mercato.toml): reference, effect");
  cmd->require_subcommand(1);

  CLI::App* docs = cmd->add_subcommand("docs",
                                       "Print the reference of every config key "
                                       "(docs/config.md)");
  docs->callback([&app] { std::cout << ConfigReferenceMarkdown(app); });

  auto words = std::make_shared<std::vector<std::string>>();
  CLI::App* show = cmd->add_subcommand(
      "show",
      "Print what the config file sets, or every key of one command with its value and "
      "source (default, or file and line)");
  show->add_option("command", *words, "A command, e.g. `recommend user`");
  show->callback([&app, &exit_code, words] {
    if (!words->empty()) {
      exit_code = ShowCommand(app, *words);
      return;
    }
    const MercatoConfigFile* reader = ConfigReader(app);
    if (reader == nullptr || reader->path().empty()) {
      std::cout << "no config file: every setting is its default or its flag\n";
      return;
    }
    std::cout << "config file " << reader->path() << "\n";
    for (const ConfigSetting& setting : reader->settings()) {
      std::vector<std::string> commands;
      for (const auto& [target_cmd, option] : setting.targets) {
        std::string path;
        for (const CLI::App* up = target_cmd; up != nullptr && up != &app; up = up->get_parent()) {
          path = path.empty() ? up->get_name() : up->get_name() + " " + path;
        }
        commands.push_back(path);
      }
      std::cout << setting.key << " = " << Shown(setting.values) << "\tline " << setting.line
                << "\t" << (commands.empty() ? "no command here" : Join(commands, ", ")) << "\n";
    }
  });
}

}  // namespace mercato::cli
