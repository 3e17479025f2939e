// The store's import history: every `mercato import` is recorded (failed ones too), listed by
// `mercato imports` and GET /v1/imports.
#pragma once

#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

#include "app/option_doc.h"
#include "common/status.h"
#include "ingest/import_report.h"
#include "store/store.h"

namespace mercato::app {

/// The record of one import of `paths` in `format` that started at `at` and ended as `report`
/// says: sources are the paths' base names (no directory of the user's machine, in the error
/// either), outcome "ok" or "failed" (nothing was written) with the reason.
ImportRecord ImportRecordOf(std::string_view format, const std::vector<std::string>& paths,
                            Timestamp at, const ImportReport& report);

struct ListImportsOptions {
  std::string db;
  int limit = 20;  // the most recent imports to list
};

/// The options of the listing besides the store: limit.
std::span<const OptionDoc<ListImportsOptions>> ListImportsOptionDocs();

/// The last `limit` imports into the store at `db`, newest first. InvalidArgument when `limit`
/// is not in 1..1000.
Result<std::vector<ImportRecord>> ListImports(const ListImportsOptions& options);

/// {"at" (ISO-8601 UTC), "format", "sources", "rows": {"read", "imported", "excluded",
/// "rejected", "written": {entity: rows}}, "rejected", "warnings", "seconds", "outcome", "error"
/// (null unless failed)}.
nlohmann::json ImportRecordJson(const ImportRecord& record);

/// {"imports": [ImportRecordJson, ...]}, newest first.
nlohmann::json ImportHistoryJson(const std::vector<ImportRecord>& records);

}  // namespace mercato::app
