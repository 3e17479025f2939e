// CSV rendering of JSON rows and atomic output files for the CLI.
#include "cli/table_output.h"

#include <algorithm>
#include <cstdio>
#include <iostream>

#include "common/csv_writer.h"
#include "common/text.h"

namespace mercato::cli {

std::string CsvLine(const std::vector<std::string>& fields) {
  std::string line;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) line += ',';
    AppendCsvField(line, fields[i]);
  }
  return line + "\n";
}

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

Status WriteOutput(const std::string& path, const std::string& text) {
  if (path.empty() || path == "-") {
    std::cout << text;
    return Status::Ok();
  }
  const std::string tmp = path + ".tmp";
  FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) return InvalidArgument(path + ": cannot write");
  const bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  if (std::fclose(f) != 0 || !ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    return InvalidArgument(path + ": write failed");
  }
  return Status::Ok();
}

}  // namespace mercato::cli
