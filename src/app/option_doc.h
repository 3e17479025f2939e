// An action's option described once — its name, its help text and the field of the action's
// options struct it sets — so that the CLI registers its flags and the API reads its query
// parameters from the same description, with the struct's defaults as the only defaults.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "common/status.h"
#include "common/text.h"

namespace mercato::app {

template <class Options>
struct OptionDoc {
  std::string_view name;  // snake_case: the API's query parameter; the CLI flag is CliFlag(name)
  std::string_view help;  // one line, for the CLI help and the OpenAPI description
  std::variant<double Options::*, int Options::*, int64_t Options::*, uint64_t Options::*,
               std::string Options::*, std::vector<std::string> Options::*, bool Options::*,
               std::optional<double> Options::*>
      field;
  /// For a bool field: the option is a switch that turns the field off when given (the CLI's
  /// `--include-purchased`, the API's `include_purchased=true`) and leaves it alone otherwise.
  bool turns_off = false;
};

/// The CLI spelling of an option name: "max_cover_days" -> "--max-cover-days".
inline std::string CliFlag(std::string_view name) {
  std::string flag = "--";
  for (char c : name) flag += c == '_' ? '-' : c;
  return flag;
}

/// Sets the documented field of `options` from `text` (e.g. a query parameter's value; a list is
/// comma-separated); a number or a bool that does not parse is an InvalidArgument naming the
/// option.
template <class Options>
Status SetOption(Options& options, const OptionDoc<Options>& doc, std::string_view text) {
  const std::string name(doc.name);
  if (auto* flag = std::get_if<bool Options::*>(&doc.field)) {
    auto v = ParseBool(text);
    if (!v.ok()) {
      return InvalidArgument(name + ": expected true or false, got '" + std::string(text) + "'");
    }
    if (!doc.turns_off) {
      options.*(*flag) = *v;
    } else if (*v) {
      options.*(*flag) = false;
    }
  } else if (auto* bound = std::get_if<std::optional<double> Options::*>(&doc.field)) {
    auto v = ParseReal(text);
    if (!v.ok()) {
      return InvalidArgument(name + ": expected a number, got '" + std::string(text) + "'");
    }
    options.*(*bound) = *v;
  } else if (auto* real = std::get_if<double Options::*>(&doc.field)) {
    auto v = ParseReal(text);
    if (!v.ok()) {
      return InvalidArgument(name + ": expected a number, got '" + std::string(text) + "'");
    }
    options.*(*real) = *v;
  } else if (auto* integer = std::get_if<int Options::*>(&doc.field)) {
    auto v = ParseInt(text);
    if (!v.ok() || *v < INT32_MIN || *v > INT32_MAX) {
      return InvalidArgument(name + ": expected an integer, got '" + std::string(text) + "'");
    }
    options.*(*integer) = static_cast<int>(*v);
  } else if (auto* wide = std::get_if<int64_t Options::*>(&doc.field)) {
    auto v = ParseInt(text);
    if (!v.ok()) {
      return InvalidArgument(name + ": expected an integer, got '" + std::string(text) + "'");
    }
    options.*(*wide) = *v;
  } else if (auto* count = std::get_if<uint64_t Options::*>(&doc.field)) {
    auto v = ParseInt(text);
    if (!v.ok() || *v < 0) {
      return InvalidArgument(name + ": expected an integer >= 0, got '" + std::string(text) + "'");
    }
    options.*(*count) = static_cast<uint64_t>(*v);
  } else if (auto* list = std::get_if<std::vector<std::string> Options::*>(&doc.field)) {
    std::vector<std::string>& values = options.*(*list);
    values.clear();
    for (std::string_view part : Split(text, ',')) values.emplace_back(part);
  } else {
    options.*std::get<std::string Options::*>(doc.field) = std::string(text);
  }
  return Status::Ok();
}

/// The default of the documented field (from a default-constructed `Options`) as text; a list
/// comma-separated; a switch that turns a field off "false"; an unset optional empty.
template <class Options>
std::string DefaultText(const OptionDoc<Options>& doc) {
  static const Options defaults{};
  return std::visit(
      [&](auto field) -> std::string {
        using Value = std::remove_cvref_t<decltype(defaults.*field)>;
        const Value& value = defaults.*field;
        if constexpr (std::is_same_v<Value, bool>) {
          return !doc.turns_off && value ? "true" : "false";
        } else if constexpr (std::is_same_v<Value, std::optional<double>>) {
          return value ? FormatReal(*value) : "";
        } else if constexpr (std::is_same_v<Value, double>) {
          return FormatReal(value);
        } else if constexpr (std::is_same_v<Value, std::vector<std::string>>) {
          return Join(value, ",");
        } else if constexpr (std::is_same_v<Value, std::string>) {
          return value;
        } else {
          return std::to_string(value);
        }
      },
      doc.field);
}

}  // namespace mercato::app
