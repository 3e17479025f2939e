// Output helpers shared by the CLI commands: JSON rows as one CSV table, and writing a result to
// standard output or, atomically, to a file.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/status.h"

namespace mercato::cli {

/// A header from the first row's keys, then one line per row (every row has the same keys):
/// strings quoted as needed, floats through FormatReal, null as an empty field.
std::string RowsAsCsv(const std::vector<nlohmann::ordered_json>& rows);

/// Writes `text` to standard output when `path` is empty or "-", else to `path` through a
/// temporary file renamed into place, so a failed write leaves no half-written file.
Status WriteOutput(const std::string& path, const std::string& text);

}  // namespace mercato::cli
