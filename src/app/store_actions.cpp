// Importing into and summarizing a store.
#include "app/store_actions.h"

#include <ctime>

#include "app/import_history.h"
#include "store/open_store.h"

namespace mercato::app {

Result<ImportReport> ImportFiles(const ImportFilesOptions& options) {
  ASSIGN_OR_RETURN(auto store, OpenStore(options.db));
  const Timestamp started = std::time(nullptr);
  ImportReport report = RunImport(*store, options.format, options.paths, options.import);
  const Status recorded =
      store->AppendImportRecord(ImportRecordOf(options.format, options.paths, started, report));
  if (!recorded.ok()) {
    report.warnings.push_back("the import history could not record this import: " +
                              recorded.message());
  }
  return report;
}

std::span<const OptionDoc<SummarizeStoreOptions>> SummarizeStoreOptionDocs() {
  using O = SummarizeStoreOptions;
  static const OptionDoc<O> kDocs[] = {
      {"top", "How many top categories to list", &O::top},
  };
  return kDocs;
}

Result<StoreStats> SummarizeStoreAt(const SummarizeStoreOptions& options) {
  ASSIGN_OR_RETURN(auto store, OpenStore(options.db));
  StoreStats stats;
  ASSIGN_OR_RETURN(stats.summary, SummarizeStore(*store, options.top));
  stats.schema_version = store->SchemaVersion();
  return stats;
}

}  // namespace mercato::app
