// Writes RFC 4180 CSV: fields quoted only when they need it, LF line ends.
#pragma once

#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace mercato {

/// Appends `field` to `out`, quoted when it holds a comma, quote, CR or LF.
void AppendCsvField(std::string& out, std::string_view field);

/// Buffered CSV file writer. Close() reports write errors; the destructor closes silently.
class CsvWriter {
 public:
  static Result<std::unique_ptr<CsvWriter>> Create(const std::string& path);
  ~CsvWriter();
  void WriteRow(const std::vector<std::string>& fields);
  Status Close();

 private:
  CsvWriter(FILE* f, std::string path) : f_(f), path_(std::move(path)) {}
  void FlushBuffer();

  FILE* f_;
  std::string path_;
  std::string buf_;
  bool failed_ = false;
};

}  // namespace mercato
