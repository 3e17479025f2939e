// The import pipeline: one Importer per source format, run inside one store transaction.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/date_order.h"
#include "common/progress.h"
#include "common/time_zone.h"
#include "domain/entity_schema.h"
#include "ingest/import_report.h"
#include "store/store.h"

namespace mercato {

struct ImportOptions {
  bool strict = false;    // the first bad row aborts the import and nothing is written
  bool progress = false;  // progress bar / log lines on stderr
  /// How slash dates (05/03/2024) are written; unset: detected from the file's rows, else the
  /// format's documented convention.
  std::optional<DateOrder> date_order;
  /// The store's time zone, in which timestamps written without a UTC offset are read; unset: a
  /// Shopify export's most common offset (UTC for other formats and when there is none).
  std::optional<TimeZone> time_zone;
};

/// What an Importer writes through: counts rows, records errors, applies strictness.
class ImportContext {
 public:
  ImportContext(Store& store, ImportReport& report, const ImportOptions& options);

  /// Starts reading `path`; errors are attributed to it.
  void BeginFile(const std::string& path);
  void EndFile();
  const std::string& file() const { return file_; }
  bool strict() const { return options_.strict; }
  std::optional<DateOrder> date_order() const { return options_.date_order; }
  const std::optional<TimeZone>& time_zone() const { return options_.time_zone; }

  /// Writes an entity. A store rejection of the row (e.g. a missing parent) is a row error at
  /// `line`; any other store failure aborts.
  Status Put(EntityRef entity, uint64_t line);
  /// Writes again, updated, an entity this import wrote before (e.g. an invoice whose rows
  /// resume later in the file); as Put, but not counted a second time.
  Status PutAgain(EntityRef entity, uint64_t line);
  /// Records a bad row at `line`. Strict: returns the error that aborts the import. Lenient:
  /// counts the row as skipped and returns Ok.
  Status SkipRow(uint64_t line, std::string_view column, std::string message);
  /// An error about the whole file (line 0): always aborts.
  Status FileError(std::string message);
  /// A record at `line` that could not be read. When the input itself failed (`input_failed`: a
  /// read error, corrupt or truncated compressed data, UTF-16) it is a file error naming the
  /// line, which aborts the import in every mode so that no prefix of a damaged file is written;
  /// otherwise the record is a bad row (SkipRow).
  Status ReadError(uint64_t line, const Status& error, bool input_failed);

  /// Counts a source row; rows neither skipped nor excluded count as imported.
  void CountRead() { ++report_.rows_read; }
  /// Bad rows so far, over every file of the import.
  int64_t rows_skipped() const { return report_.rows_skipped; }
  /// A row left out by a documented rule; `reason` is counted in the report's details.
  void CountExcluded(const std::string& reason);
  void Note(const std::string& key, int64_t delta = 1) { report_.details[key] += delta; }
  void Warn(std::string warning) { report_.warnings.push_back(std::move(warning)); }
  /// Reports progress through the current file.
  void Progress(uint64_t position, uint64_t size) {
    if (progress_) progress_->Update(FileRows(), position, size);
  }

 private:
  Status Write(EntityRef entity, uint64_t line, bool count);
  /// Rows read from the current file (the report counts the whole import).
  uint64_t FileRows() const { return static_cast<uint64_t>(report_.rows_read - file_rows_start_); }

  Store& store_;
  ImportReport& report_;
  ImportOptions options_;
  std::string file_;
  int64_t file_rows_start_ = 0;
  std::unique_ptr<mercato::Progress> progress_;
};

/// One source format.
class Importer {
 public:
  virtual ~Importer() = default;
  /// Imports one path (a file; for formats that accept them, a folder) through `ctx`.
  /// Returns an error only to abort the whole import.
  virtual Status Import(const std::string& path, ImportContext& ctx) = 0;
  /// Called once after every path went through Import, in the same transaction: a format that
  /// must see all its files before writing (to put them in order) writes them here. Returns an
  /// error only to abort the whole import.
  virtual Status Finish(ImportContext& /*ctx*/) { return Status::Ok(); }
};

/// Names of the supported formats, e.g. "generic", "online-retail".
std::vector<std::string_view> ImportFormats();
/// The importer of `format`, or NotFound listing the supported ones.
Result<std::unique_ptr<Importer>> MakeImporter(std::string_view format);

/// Imports `paths` in `format` into `store` in one transaction: either everything that was
/// accepted is written, or (when aborted, e.g. strict mode and a bad row) nothing is.
ImportReport RunImport(Store& store, std::string_view format, const std::vector<std::string>& paths,
                       const ImportOptions& options);

}  // namespace mercato
