// What an import did: rows read, imported, excluded by rule and skipped as bad, with the errors.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace mercato {

struct ImportError {
  std::string file;
  uint64_t line = 0;    // 1-based physical line; 0 when the error concerns the whole file
  std::string column;   // column name, empty when not about one column
  std::string message;  // what was wrong and what was expected
};

struct ImportReport {
  static constexpr size_t kMaxErrorsKept = 100;

  int64_t rows_read = 0;      // data rows read (headers excluded)
  int64_t rows_imported = 0;  // rows that became stored entities
  int64_t rows_excluded = 0;  // rows left out by a documented rule (e.g. stock adjustments)
  int64_t rows_skipped = 0;   // bad rows
  int64_t error_count = 0;    // all errors; `errors` keeps the first kMaxErrorsKept
  std::vector<ImportError> errors;
  std::map<std::string, int64_t> entities;    // entity name -> rows written
  std::map<std::string, int64_t> details;     // format-specific counters, e.g. excluded codes
  std::vector<std::string> warnings;          // e.g. ignored columns or files
  std::map<std::string, int64_t> currencies;  // currency code -> orders written in it
  std::string currency;  // the store's currency this import recorded (most frequent); or empty
  std::string aborted;   // why nothing was written; empty on success
  double seconds = 0;

  bool ok() const { return aborted.empty(); }
  void AddError(ImportError error);
  nlohmann::json ToJson() const;
  /// Human-readable summary for the terminal.
  std::string ToText() const;
};

}  // namespace mercato
