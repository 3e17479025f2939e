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
