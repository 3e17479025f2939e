// Every user action with the CLI commands and API routes that reach it, or why one side lacks
// it (actions local by nature, such as `serve` or an offline evaluation, and live state that only
// a running server holds). A test derives both sides from the real CLI and the real route table
// and fails when either has something this list does not, or when an action lacks a side
// without a reason.
#pragma once

#include <span>
#include <string_view>
#include <vector>

namespace mercato::app {

struct ActionEntry {
  std::string_view action;             // what the user does, e.g. "erase a customer"
  std::vector<std::string_view> cli;   // command paths, e.g. "privacy erase"
  std::vector<std::string_view> api;   // routes as "METHOD /pattern"
  std::string_view one_sided_because;  // why cli or api is empty; empty when both are given
};

std::span<const ActionEntry> Actions();

}  // namespace mercato::app
