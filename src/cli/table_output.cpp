// CSV rendering of JSON rows and atomic output files for the CLI.
#include "cli/table_output.h"

#include <cstdio>
#include <iostream>

#include "common/csv_writer.h"
#include "common/text.h"

namespace mercato::cli {

std::string RowsAsCsv(const std::vector<nlohmann::ordered_json>& rows) {
  std::string out;
  if (rows.empty()) return out;
  bool first = true;
  for (const auto& [key, value] : rows.front().items()) {
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
