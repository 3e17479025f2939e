// `mercato.toml`: CLI11's TOML reader with the keys checked against the registered commands.
#include "cli/config_file.h"

#include <cstdlib>
#include <map>
#include <sstream>
#include <utility>

#include "common/text.h"

namespace mercato::cli {
namespace {

constexpr std::string_view kDefaultConfigFile = "mercato.toml";
constexpr std::string_view kConfigEnvironment = "MERCATO_CONFIG";

constexpr ShopKey kShopKeys[] = {
    {"url", "shop-url",
     "the storefront's address (https://roaster.example): a product without a URL of its own "
     "links to {url}/products/{handle}"},
    {"timezone", "timezone",
     "the store's time zone (America/New_York, +02:00): timestamps without a UTC offset are read "
     "in it"},
    {"currency", "currency",
     "the store's currency (ISO 4217: USD, EUR) printed with its money; default: the most "
     "frequent currency of the imported orders"},
    {"sender_name", "sender-name",
     "the sender every marketing email names (CAN-SPAM, CASL): the store's or company's name"},
    {"sender_email", "sender-email", "the From address of every marketing email"},
    {"postal_address", "postal-address",
     "the sender's physical postal address, printed in every marketing email (CAN-SPAM); "
     "mercato refuses to send email without it"},
    {"unsubscribe_url", "unsubscribe-url",
     "where `mercato serve` is reached from the internet (https://api.shop.example): the base "
     "of every email's one-click unsubscribe link"},
};

// "in_stock" and "in-stock" name the same option; CLI11 finds options by their dashed name.
std::string Dashed(std::string_view key) {
  std::string out(key);
  for (char& c : out) c = c == '_' ? '-' : c;
  return out;
}

std::string Underscored(std::string_view name) {
  std::string out(name);
  for (char& c : out) c = c == '-' ? '_' : c;
  return out;
}

// The line each `section.key` is written on, found by reading the file's section headers and
// `key =` lines (CLI11's items carry no line numbers; CLI11 does the parsing).
std::map<std::string, int> KeyLines(const std::string& text) {
  std::map<std::string, int> lines;
  std::string section;
  int number = 0;
  std::istringstream in(text);
  for (std::string raw; std::getline(in, raw);) {
    ++number;
    std::string_view line = Trim(raw);
    if (line.empty() || line.front() == '#') continue;
    if (line.front() == '[') {
      const size_t close = line.find(']');
      section = std::string(Trim(
          line.substr(1, close == std::string_view::npos ? std::string_view::npos : close - 1)));
      continue;
    }
    const size_t eq = line.find('=');
    if (eq == std::string_view::npos) continue;
    std::string key(Trim(line.substr(0, eq)));
    if (key.size() >= 2 && (key.front() == '"' || key.front() == '\'')) {
      key = key.substr(1, key.size() - 2);
    }
    const std::string full = section.empty() ? key : section + "." + key;
    lines.emplace(Dashed(full), number);
  }
  return lines;
}

bool Configurable(const CLI::Option& option) { return !ConfigKey(option).empty(); }

const CLI::Option* FindConfigurable(const CLI::App& cmd, const std::string& dashed_name) {
  for (const CLI::Option* option : cmd.get_options()) {
    if (!Configurable(*option)) continue;
    for (const std::string& name : option->get_lnames()) {
      if (name == dashed_name) return option;
    }
  }
  return nullptr;
}

// Every command below `cmd` (itself included) with a configurable option of that name.
void CollectTargets(const CLI::App& cmd, const std::string& dashed_name,
                    std::vector<std::pair<const CLI::App*, const CLI::Option*>>& out) {
  if (const CLI::Option* option = FindConfigurable(cmd, dashed_name))
    out.emplace_back(&cmd, option);
  for (const CLI::App* sub : cmd.get_subcommands({})) CollectTargets(*sub, dashed_name, out);
}

std::string KeysOf(const CLI::App& cmd) {
  std::vector<std::string> keys;
  for (const CLI::Option* option : cmd.get_options()) {
    if (Configurable(*option)) keys.push_back(ConfigKey(*option));
  }
  return keys.empty() ? "none" : Join(keys, ", ");
}

// A value of the wrong type for the option's kind, described; "" when it fits.
std::string CheckValue(const CLI::Option& option, const std::vector<std::string>& inputs) {
  if (option.get_expected_min() == 0) {  // a flag
    if (inputs.size() != 1 || !ParseBool(inputs.front()).ok()) {
      return "expected true or false, got '" + Join(inputs, ",") + "'";
    }
    return "";
  }
  if (inputs.size() > 1 && option.get_expected_max() <= 1 && option.get_delimiter() == '\0') {
    return "expected one value, got a list of " + std::to_string(inputs.size());
  }
  // "INT", or "INT:POSITIVE" when a check is attached.
  const std::string full_type = option.get_type_name();
  const std::string type = full_type.substr(0, full_type.find(':'));
  for (const std::string& input : inputs) {
    if (type == "INT" && !ParseInt(input).ok()) {
      return "expected an integer, got '" + input + "'";
    }
    if (type == "UINT") {
      auto v = ParseInt(input);
      if (!v.ok() || *v < 0) return "expected an integer >= 0, got '" + input + "'";
    }
    if (type == "FLOAT" && !ParseReal(input).ok()) {
      return "expected a number, got '" + input + "'";
    }
  }
  return "";
}

}  // namespace

void AddCurrencyOption(CLI::App* cmd, std::string& currency) {
  cmd->add_option("--currency", currency,
                  "The store's currency (ISO 4217: USD, EUR) printed with money; default: the "
                  "most frequent of the imported orders; usually set once as [shop] currency in "
                  "mercato.toml");
}

std::span<const ShopKey> ShopKeys() { return kShopKeys; }

std::string ConfigKey(const CLI::Option& option) {
  if (option.get_lnames().empty() || !option.get_configurable()) return "";
  const std::string& name = option.get_lnames().front();
  if (name == "help" || name == "help-all" || name == "version") return "";
  return Underscored(name);
}

std::vector<CLI::ConfigItem> MercatoConfigFile::from_config(std::istream& input) const {
  std::stringstream text;
  text << input.rdbuf();
  path_ = root_->get_config_ptr() != nullptr ? root_->get_config_ptr()->as<std::string>() : "";
  settings_.clear();
  std::istringstream reparse(text.str());
  const std::vector<CLI::ConfigItem> parsed = CLI::ConfigTOML::from_config(reparse);
  const std::map<std::string, int> lines = KeyLines(text.str());

  std::vector<CLI::ConfigItem> own, shared;  // own sections first: the first value set wins
  for (const CLI::ConfigItem& item : parsed) {
    if (item.name == "++" || item.name == "--") continue;  // section markers
    ConfigSetting setting;
    setting.key = item.fullname();
    setting.values = item.inputs;
    const auto line = lines.find(Dashed(setting.key));
    setting.line = line == lines.end() ? 0 : line->second;
    const std::string where =
        path_ + (setting.line > 0 ? ":" + std::to_string(setting.line) : std::string()) + ": ";
    const std::string name = Dashed(item.name);

    if (item.parents.size() == 1 && item.parents.front() == "shop") {
      const ShopKey* shop = nullptr;
      for (const ShopKey& k : kShopKeys) {
        if (Dashed(k.key) == name) shop = &k;
      }
      if (shop == nullptr) {
        std::vector<std::string> known;
        for (const ShopKey& k : kShopKeys) known.emplace_back(k.key);
        throw CLI::ConfigError(where + "unknown key '" + setting.key + "'; [shop] has " +
                               Join(known, ", "));
      }
      CollectTargets(*root_, std::string(shop->option), setting.targets);
    } else if (item.parents.empty()) {
      CollectTargets(*root_, name, setting.targets);
      if (setting.targets.empty()) {
        throw CLI::ConfigError(where + "unknown key '" + setting.key + "': no command has --" +
                               name +
                               " (a command's own keys go in its section, e.g. [recommend.user])");
      }
    } else {
      const CLI::App* cmd = root_;
      for (const std::string& parent : item.parents) {
        const CLI::App* sub = nullptr;
        for (const CLI::App* s : cmd->get_subcommands({})) {
          if (s->get_name() == parent) sub = s;
        }
        if (sub == nullptr) {
          throw CLI::ConfigError(where + "unknown section [" + Join(item.parents, ".") +
                                 "]: no command `mercato " + Join(item.parents, " ") + "`");
        }
        cmd = sub;
      }
      const CLI::Option* option = FindConfigurable(*cmd, name);
      if (option == nullptr) {
        throw CLI::ConfigError(where + "unknown key '" + setting.key + "'; [" +
                               Join(item.parents, ".") + "] has " + KeysOf(*cmd));
      }
      setting.targets.emplace_back(cmd, option);
    }
    for (const auto& [cmd, option] : setting.targets) {
      const std::string problem = CheckValue(*option, item.inputs);
      if (!problem.empty()) throw CLI::ConfigError(where + setting.key + ": " + problem);
    }
    // One item per target in the command being run (CLI11 would also convert and check the
    // values of every other command, e.g. that their --db exists), addressed by its path.
    for (const auto& [cmd, option] : setting.targets) {
      if (!cmd->parsed()) continue;
      CLI::ConfigItem target;
      for (const CLI::App* up = cmd; up != nullptr && up != root_; up = up->get_parent()) {
        target.parents.insert(target.parents.begin(), up->get_name());
      }
      target.name = option->get_lnames().front();
      target.inputs = item.inputs;
      (item.parents.empty() || item.parents.front() == "shop" ? shared : own)
          .push_back(std::move(target));
    }
    settings_.push_back(std::move(setting));
  }
  own.insert(own.end(), shared.begin(), shared.end());
  return own;
}

std::string WithConfigSource(const CLI::App& root, const std::string& message) {
  const auto* reader = dynamic_cast<const MercatoConfigFile*>(root.get_config_formatter().get());
  if (reader == nullptr || reader->path().empty()) return message;
  for (const ConfigSetting& setting : reader->settings()) {
    for (const auto& [cmd, option] : setting.targets) {
      if (!cmd->parsed() || option->results() != setting.values) continue;
      if (message.find("--" + option->get_lnames().front()) == std::string::npos) continue;
      return message + " (" + reader->path() + ":" + std::to_string(setting.line) + ": " +
             setting.key + ")";
    }
  }
  return message;
}

std::vector<CommandSetting> SettingsOf(const CLI::App& root, const CLI::App& command) {
  std::vector<CommandSetting> found;
  const auto* reader = dynamic_cast<const MercatoConfigFile*>(root.get_config_formatter().get());
  if (reader == nullptr) return found;
  for (const ConfigSetting& setting : reader->settings()) {
    for (const auto& [cmd, option] : setting.targets) {
      if (cmd != &command) continue;
      found.push_back({option, setting.values,
                       reader->path() + ":" + std::to_string(setting.line) + ": " + setting.key});
    }
  }
  return found;
}

void EnableConfigFile(CLI::App& app) {
  const char* from_environment = std::getenv(std::string(kConfigEnvironment).c_str());
  const bool named = from_environment != nullptr && *from_environment != '\0';
  app.set_config("--config", named ? from_environment : std::string(kDefaultConfigFile),
                 "Read settings from this TOML file (default: $MERCATO_CONFIG, else ./mercato.toml "
                 "when present); a flag on the command line wins over the file",
                 named);
  app.config_formatter(std::make_shared<MercatoConfigFile>(app));
}

namespace {

std::string TableCell(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += '\\';
    out += c == '\n' ? ' ' : c;
  }
  return out;
}

std::string CommandPath(const CLI::App& cmd, const CLI::App& root, char separator) {
  std::string path;
  for (const CLI::App* up = &cmd; up != nullptr && up != &root; up = up->get_parent()) {
    path = path.empty() ? up->get_name() : up->get_name() + separator + path;
  }
  return path;
}

void AppendSections(const CLI::App& cmd, const CLI::App& root, std::string& out) {
  std::string rows;
  for (const CLI::Option* option : cmd.get_options()) {
    const std::string key = ConfigKey(*option);
    if (key.empty() || &cmd == &root) continue;
    const std::string value = DefaultValue(*option);
    rows += "| `" + key + "` | " + (value.empty() ? "" : "`" + TableCell(value) + "`") + " | " +
            TableCell(option->get_description()) + " |\n";
  }
  if (!rows.empty()) {
    out += "\n## [" + CommandPath(cmd, root, '.') + "]\n\n`mercato " + CommandPath(cmd, root, ' ') +
           "`: " + TableCell(cmd.get_description()) +
           "\n\n| key | default | meaning |\n|---|---|---|\n" + rows;
  }
  for (const CLI::App* sub : cmd.get_subcommands({})) AppendSections(*sub, root, out);
}

void CollectCommandsWith(const CLI::App& cmd, const CLI::App& root, const std::string& option,
                         std::vector<std::string>& out) {
  if (FindConfigurable(cmd, option) != nullptr) out.push_back(CommandPath(cmd, root, ' '));
  for (const CLI::App* sub : cmd.get_subcommands({})) {
    CollectCommandsWith(*sub, root, option, out);
  }
}

}  // namespace

std::string DefaultValue(const CLI::Option& option) {
  if (!option.get_default_str().empty()) return option.get_default_str();
  return option.get_expected_min() == 0 ? "false" : "";
}

std::string ConfigReferenceMarkdown(const CLI::App& root) {
  std::string out =
      "# Configuration: `mercato.toml`\n\n"
      "<!-- Generated by `mercato config docs` from the options the commands register; a test "
      "fails when this file and the code drift. -->\n\n"
      "Settings a merchant fixes once live in a TOML file. mercato reads `--config FILE` (on any "
      "command), else the file named by `$MERCATO_CONFIG`, else `./mercato.toml` when it exists; "
      "a file named by the flag or the variable must exist. Without a file every command behaves "
      "as its flags alone say.\n\n"
      "- **A flag on the command line always wins** over the file.\n"
      "- A key in a command's own section (`[recommend.user]`, `[serve]`) sets that command's "
      "option of the same name (`k = 5` is `--k 5`; `in_stock = true` is `--in-stock`; a list "
      "is `[\"a\", \"b\"]`).\n"
      "- A key written before any section applies to every command that has that option, e.g. "
      "`db = \"store.db\"`; a command's own section wins over it.\n"
      "- `[shop]` holds the store's settings, applied to every command that takes them.\n"
      "- A key no command has, or a value of the wrong type, is an error naming the file, the "
      "line and the key. `mercato config show` prints what a file sets.\n\n"
      "## [shop]\n\n| key | sets | meaning |\n|---|---|---|\n";
  for (const ShopKey& key : kShopKeys) {
    std::vector<std::string> commands;
    CollectCommandsWith(root, root, std::string(key.option), commands);
    out += "| `" + std::string(key.key) + "` | `--" + std::string(key.option) + "` of " +
           (commands.empty() ? std::string("no command") : "`" + Join(commands, "`, `") + "`") +
           " | " + TableCell(key.help) + " |\n";
  }
  AppendSections(root, root, out);
  return out;
}

}  // namespace mercato::cli
