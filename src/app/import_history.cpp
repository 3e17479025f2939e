// Recording and listing the store's imports.
#include "app/import_history.h"

#include <cmath>

#include "common/time.h"
#include "store/open_store.h"

namespace mercato::app {
namespace {

constexpr int kMaxImportsListed = 1000;

std::string WithoutTrailingSlashes(std::string path) {
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

std::string BaseName(const std::string& path) {
  const std::string trimmed = WithoutTrailingSlashes(path);
  const size_t slash = trimmed.find_last_of('/');
  return slash == std::string::npos ? trimmed : trimmed.substr(slash + 1);
}

// `text` without the folders that hold `paths` (an error names files by the paths given).
std::string WithoutFolders(std::string text, const std::vector<std::string>& paths) {
  for (const std::string& path : paths) {
    const std::string trimmed = WithoutTrailingSlashes(path);
    const size_t slash = trimmed.find_last_of('/');
    if (slash == std::string::npos) continue;
    const std::string folder = trimmed.substr(0, slash + 1);
    for (size_t at = text.find(folder); at != std::string::npos; at = text.find(folder, at)) {
      text.erase(at, folder.size());
    }
  }
  return text;
}

}  // namespace

ImportRecord ImportRecordOf(std::string_view format, const std::vector<std::string>& paths,
                            Timestamp at, const ImportReport& report) {
  ImportRecord r;
  r.at = at;
  r.format = std::string(format);
  for (const std::string& path : paths) r.sources.push_back(BaseName(path));
  r.rows_read = report.rows_read;
  r.rows_imported = report.rows_imported;
  r.rows_excluded = report.rows_excluded;
  r.rows_rejected = report.rows_skipped;
  r.written = report.entities;
  r.warnings = static_cast<int64_t>(report.warnings.size());
  r.seconds = report.seconds;
  r.outcome = report.ok() ? "ok" : "failed";
  r.error = WithoutFolders(report.aborted, paths);
  return r;
}

std::span<const OptionDoc<ListImportsOptions>> ListImportsOptionDocs() {
  using O = ListImportsOptions;
  static const OptionDoc<O> kDocs[] = {
      {"limit", "How many of the most recent imports to list (1..1000)", &O::limit},
  };
  return kDocs;
}

Result<std::vector<ImportRecord>> ListImports(const ListImportsOptions& options) {
  if (options.limit < 1 || options.limit > kMaxImportsListed) {
    return InvalidArgument("limit " + std::to_string(options.limit) + ": expected 1.." +
                           std::to_string(kMaxImportsListed));
  }
  ASSIGN_OR_RETURN(auto store, OpenStore(options.db));
  return store->ListImportRecords(options.limit);
}

nlohmann::json ImportRecordJson(const ImportRecord& record) {
  return {{"at", FormatTimestamp(record.at)},
          {"format", record.format},
          {"sources", record.sources},
          {"rows",
           {{"read", record.rows_read},
            {"imported", record.rows_imported},
            {"excluded", record.rows_excluded},
            {"rejected", record.rows_rejected},
            {"written", record.written}}},
          {"rejected", record.rows_rejected},
          {"warnings", record.warnings},
          {"seconds", std::round(record.seconds * 1000) / 1000},
          {"outcome", record.outcome},
          {"error", record.error.empty() ? nlohmann::json(nullptr) : nlohmann::json(record.error)}};
}

nlohmann::json ImportHistoryJson(const std::vector<ImportRecord>& records) {
  nlohmann::json imports = nlohmann::json::array();
  for (const ImportRecord& r : records) imports.push_back(ImportRecordJson(r));
  return {{"imports", std::move(imports)}};
}

}  // namespace mercato::app
