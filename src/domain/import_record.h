// One entry of the store's import history: what a `mercato import` read, wrote and rejected.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/time.h"

namespace mercato {

/// A record of one import run, kept by the store (Store::AppendImportRecord). Holds no personal
/// data and no directory of the user's machine: sources are file names only.
struct ImportRecord {
  int64_t seq = 0;   // assigned by the store, increasing
  Timestamp at = 0;  // when the import started
  std::string format;
  std::vector<std::string> sources;  // the base names of the files or folders given
  int64_t rows_read = 0;
  int64_t rows_imported = 0;
  int64_t rows_excluded = 0;               // left out by a documented rule
  int64_t rows_rejected = 0;               // bad rows
  std::map<std::string, int64_t> written;  // entity name -> rows written
  int64_t warnings = 0;
  double seconds = 0;
  std::string outcome;  // "ok", or "failed" (nothing was written)
  std::string error;    // why it failed; empty when it did not
};

}  // namespace mercato
