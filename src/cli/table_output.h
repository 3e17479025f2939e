// Output helpers shared by the CLI commands: JSON rows as one CSV table, and writing a result to
// standard output or, atomically, to a file.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/status.h"

namespace mercato::cli {

/// How RowsAsCsv writes some columns.
struct CsvLayout {
  std::vector<std::string> money;        // two decimals: 52.8 -> 52.80
  std::vector<std::string> probability;  // three decimals: 0.94382 -> 0.944
  /// A row whose keys make the header when there are no rows (a CSV has its header even when
  /// empty).
  nlohmann::ordered_json empty_header_row;
};

/// A header from the first row's keys, then one line per row (every row has the same keys):
/// strings quoted as needed, floats through FormatReal (or as `layout` says), null as an empty
/// field.
std::string RowsAsCsv(const std::vector<nlohmann::ordered_json>& rows,
                      const CsvLayout& layout = {});

/// One CSV line of `fields` (quoted as needed), with its LF.
std::string CsvLine(const std::vector<std::string>& fields);

/// Writes `text` to standard output when `path` is empty or "-", else to `path` through a
/// temporary file renamed into place, so a failed write leaves no half-written file.
Status WriteOutput(const std::string& path, const std::string& text);

}  // namespace mercato::cli
