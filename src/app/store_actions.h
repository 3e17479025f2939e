// Store actions: import files of one source format into a store, and summarize what a store
// holds. `mercato import` and `mercato stats` call these.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "app/option_doc.h"
#include "common/status.h"
#include "ingest/importer.h"
#include "store/summary.h"

namespace mercato::app {

struct ImportFilesOptions {
  std::string db;  // created when absent
  std::string format;
  std::vector<std::string> paths;  // files (or, for generic, folders)
  ImportOptions import;
};

/// Imports `paths` into the store in one transaction. The error is only that the store does
/// not open; an import that was aborted (a bad row under strict, an unreadable file) is a
/// report whose `ok()` is false, with nothing written. Either way the import is recorded in the
/// store's import history (app/import_history.h); orders with a currency record the store's
/// currency (most frequent one; the report warns when there are several).
Result<ImportReport> ImportFiles(const ImportFilesOptions& options);

struct SummarizeStoreOptions {
  std::string db;
  int top = 10;  // how many top categories to list
};

/// The summary's options besides the store: top.
std::span<const OptionDoc<SummarizeStoreOptions>> SummarizeStoreOptionDocs();

struct StoreStats {
  StoreSummary summary;
  int schema_version = 0;
};

/// Counts, date spans and top categories of the store at `db`, with its schema version.
Result<StoreStats> SummarizeStoreAt(const SummarizeStoreOptions& options);

}  // namespace mercato::app
