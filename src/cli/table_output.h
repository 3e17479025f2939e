// Output helpers shared by the CLI commands: JSON rows as one CSV table (app/json_rows_csv.h, which
// the API shares), one CSV line, and writing a result to standard output or, atomically, to a file.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/json_rows_csv.h"
#include "common/status.h"

namespace mercato::cli {

using app::CsvLayout;
using app::RowsAsCsv;

/// One CSV line of `fields` (quoted as needed), with its LF.
std::string CsvLine(const std::vector<std::string>& fields);

/// Writes `text` to standard output when `path` is empty or "-", else to `path` through a
/// temporary file renamed into place, so a failed write leaves no half-written file.
Status WriteOutput(const std::string& path, const std::string& text);

}  // namespace mercato::cli
