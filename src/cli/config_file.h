// `mercato.toml`: settings a merchant fixes once, read through CLI11's config-file support so that
// every option of every command (present or added later) can be set in it and a flag on the
// command line always wins. Keys are checked against the real commands: a wrong key or a value of
// the wrong type is an error naming the file, the line and the key.
#pragma once

#include <CLI/CLI.hpp>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace mercato::cli {

/// One key of the file and the command options it set.
struct ConfigSetting {
  std::string key;  // as written, with its section: "recommend.user.k", "shop.url", "db"
  int line = 0;     // 1-based line in the file
  std::vector<std::string> values;
  std::vector<std::pair<const CLI::App*, const CLI::Option*>> targets;  // command and option set
};

/// The `mercato.toml` reader: CLI11's TOML reader plus key checking, line numbers and the two
/// kinds of shared keys — a key before any section applies to every command that has that option
/// (e.g. `db`), and `[shop]`'s keys apply to the commands that take the store's settings. A key in
/// a command's own section (`[recommend.user]`) wins over a shared one.
class MercatoConfigFile : public CLI::ConfigTOML {
 public:
  explicit MercatoConfigFile(const CLI::App& root) : root_(&root) {}

  std::vector<CLI::ConfigItem> from_config(std::istream& input) const override;

  /// The file read (empty when none was) and the keys it set, in file order.
  const std::string& path() const { return path_; }
  std::span<const ConfigSetting> settings() const { return settings_; }

 private:
  const CLI::App* root_;
  mutable std::string path_;
  mutable std::vector<ConfigSetting> settings_;
};

/// A `[shop]` key, the option it sets on every command that has it, and what it means.
struct ShopKey {
  std::string_view key;
  std::string_view option;  // long option name without dashes
  std::string_view help;
};
std::span<const ShopKey> ShopKeys();

/// Adds `--currency CODE` (set by `[shop] currency`) to a command that prints money.
void AddCurrencyOption(CLI::App* cmd, std::string& currency);

/// Adds `--config FILE` to `app` (reachable after any subcommand, as the commands fall through to
/// it) and installs the reader. The file is `--config`, else $MERCATO_CONFIG, else
/// ./mercato.toml when present; a file named by the flag or the variable must exist. Call after
/// every command is registered.
void EnableConfigFile(CLI::App& app);

/// A value the file gave an option of a command.
struct CommandSetting {
  const CLI::Option* option = nullptr;
  std::vector<std::string> values;
  std::string source;  // "FILE:LINE: KEY", for messages
};

/// The values the file gave options of `command` (a command registered on `root`), in file
/// order: how a command takes another's settings (`serve` gives GET /v1/pricing/recommendations
/// the rules of `[pricing.recommend]`). Empty when no file was read.
std::vector<CommandSetting> SettingsOf(const CLI::App& root, const CLI::App& command);

/// A value the file set that a command's own check refused (a range, an existing file) is
/// reported by CLI11 as the option's error: `message` with " (FILE:LINE: KEY)" appended when such
/// a value of the file is the one named, else `message` as it is.
std::string WithConfigSource(const CLI::App& root, const std::string& message);

/// The config key of an option ("in_stock" for --in-stock), or "" when the option cannot be set
/// from the file (positionals, --help, --config).
std::string ConfigKey(const CLI::Option& option);

/// An option's default as the reference shows it ("false" for a flag without one).
std::string DefaultValue(const CLI::Option& option);

/// docs/config.md: every command's keys with their help texts and defaults, from the commands
/// registered on `root`.
std::string ConfigReferenceMarkdown(const CLI::App& root);

}  // namespace mercato::cli
