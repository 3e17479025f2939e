// CSV rendering of JSON rows.
#include "app/json_rows_csv.h"

#include <algorithm>
#include <cstdio>

#include "common/csv_writer.h"
#include "common/text.h"

namespace mercato::app {

std::string RowsAsCsv(const std::vector<nlohmann::ordered_json>& rows, const CsvLayout& layout) {
  std::string out;
  const nlohmann::ordered_json& header = rows.empty() ? layout.empty_header_row : rows.front();
  if (header.empty()) return out;
  const auto listed = [](const std::vector<std::string>& names, const std::string& key) {
    return std::find(names.begin(), names.end(), key) != names.end();
  };
  bool first = true;
  for (const auto& [key, value] : header.items()) {
    if (!first) out += ',';
    first = false;
    AppendCsvField(out, key);
  }
  out += '\n';
  for (const auto& row : rows) {
    first = true;
    for (const auto& [key, value] : row.items()) {
      if (!first) out += ',';
      first = false;
      if (value.is_string()) {
        AppendCsvField(out, value.get<std::string>());
      } else if (value.is_number() && listed(layout.money, key)) {
        out += FormatMoney(value.get<double>());
      } else if (value.is_number() && listed(layout.probability, key)) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.3f", value.get<double>());
        out += buf;
      } else if (value.is_number_float()) {
        out += FormatReal(value.get<double>());
      } else if (!value.is_null()) {
        out += value.dump();
      }
    }
    out += '\n';
  }
  return out;
}

}  // namespace mercato::app
