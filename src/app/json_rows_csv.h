// JSON rows as one CSV table: the CLI's CSV outputs and the API's CSV answers write the same
// columns the same way.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace mercato::app {

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

}  // namespace mercato::app
