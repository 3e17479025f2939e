// Shared parts of the Shopify importers: reading an export, typed fields with per-column errors,
// customer ids derived from emails, HTML to plain text.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "common/csv_columns.h"
#include "common/csv_reader.h"
#include "common/date_order.h"
#include "common/slug.h"
#include "common/status.h"
#include "common/time.h"
#include "common/time_zone.h"
#include "domain/entity_schema.h"
#include "ingest/importer.h"

namespace mercato::shopify {

/// Id of the customer with `email` (non-empty): "shopify:" + the first 16 hex digits of the
/// SHA-256 of the trimmed, lower-cased address. Every Shopify importer uses it, so that orders
/// and customers link.
std::string CustomerIdFromEmail(std::string_view email);

/// The trimmed, lower-cased address ("" stays ""); an error when it is not an email address.
Result<std::string> NormalizeEmail(std::string_view text);

/// Plain text of an HTML fragment: tags removed (quoted attributes may contain '>'), script and
/// style content and comments dropped, entities decoded (named ones like &amp; &nbsp; &rsquo;,
/// decimal and hex ones), block elements (p, div, br, li, h1...) ending lines, whitespace
/// collapsed. Malformed entities are kept as text; an unclosed tag ends the text.
std::string StripHtml(std::string_view html);

/// The slug of common/slug.h, which the import formats and the title links share.
using mercato::Slug;

/// SKU of a line item that has none: "title:" + Slug(title), or "title:" + 16 hex digits of the
/// title's SHA-256 when the slug is empty. The order import and the webhooks share it so that a
/// line item gets the same SKU whichever way it arrives.
std::string SkuFromTitle(std::string_view title);

/// Comma-separated tags, each trimmed, empty ones dropped: " vip, , wholesale " -> "vip,wholesale".
std::string NormalizeTags(std::string_view tags);

/// A column located in an export's header. `name` is the column's documented spelling (for
/// messages); `index` is -1 when the file has no such column.
struct Column {
  int index = -1;
  std::string_view name;
};

/// The first of `names` present in the header (alternatives, e.g. the old and the new spelling);
/// when none is, an absent column named after the first.
Column FindColumn(const CsvColumns& columns, std::initializer_list<std::string_view> names);

/// A Shopify CSV export being read through an ImportContext: header mapped, records counted and
/// progress reported, malformed records reported as row errors.
class ExportReader {
 public:
  /// Starts `path` in ctx and reads its header; a file that cannot be read or has no header is a
  /// file error.
  static Result<ExportReader> Open(const std::string& path, ImportContext& ctx);

  const CsvColumns& columns() const { return columns_; }
  /// Decides, before the rows are read, how the timestamps of `columns` are read (a second pass
  /// over the file; standard input, which cannot be read twice, is read with the options alone):
  /// - without a UTC offset, in the import's time zone, else in the file's most common offset
  ///   (Shopify writes "2024-01-15 10:23:45 -0500"), else in UTC; a warning says which zone
  ///   read how many;
  /// - slash dates in the import's date order, else the one the rows prove, else month first (a
  ///   warning names the first date that could be read either way). Rows proving both orders
  ///   are a file error naming a line of each.
  Status DecideTimeReading(std::initializer_list<Column> columns);
  /// How the current file's timestamps are read: DecideTimeReading's zone and date order.
  const TimeZone& time_zone() const { return zone_; }
  DateOrder date_order() const { return date_order_; }
  /// A file error naming the first of `required` that the header lacks; `layout` (the columns an
  /// export of this kind has) tells the user what was expected.
  Status Require(std::initializer_list<Column> required, std::string_view layout) const;

  /// Advances to the next well-formed record; false at the end. Every record counts as read. A
  /// malformed record, or one whose fields do not line up with the header, is a row error
  /// (strict: returned, aborting). Input that cannot be read further aborts the import.
  Result<bool> Next();
  const std::vector<std::string_view>& fields() const { return reader_->fields(); }
  /// 1-based physical line on which the current record starts.
  uint64_t line() const { return reader_->line(); }
  ImportContext& ctx() const { return *ctx_; }

 private:
  ExportReader(std::unique_ptr<CsvReader> reader, ImportContext& ctx, std::string path);
  // Ok when the current record has as many fields as the header (extra empty ones allowed).
  bool FieldsLineUp() const;

  std::unique_ptr<CsvReader> reader_;
  CsvColumns columns_;
  ImportContext* ctx_;
  std::string path_;
  TimeZone zone_;
  DateOrder date_order_ = DateOrder::kMonthFirst;
};

/// Typed access to the fields of the current record; the first bad value is kept as the row's
/// error, to be reported with Skip().
class RowFields {
 public:
  explicit RowFields(const ExportReader& reader) : reader_(reader) {}

  /// Trimmed text with invalid UTF-8 replaced; "" when the column is absent.
  std::string Text(const Column& c) const;
  /// Text without the leading apostrophe that spreadsheet-safe exports put before phone numbers,
  /// ids and postal codes ('+16135550123).
  std::string Code(const Column& c) const;
  /// Typed values; nullopt when empty or absent, and when bad (recording the row's error).
  /// Times are read as the reader's DecideTimeReading says.
  std::optional<double> Real(const Column& c);
  std::optional<int64_t> Int(const Column& c);
  std::optional<Timestamp> Time(const Column& c);
  std::optional<bool> Bool(const Column& c);

  /// Records an error about `c` unless the row already has one.
  void Fail(const Column& c, std::string message);
  bool ok() const { return !failed_; }
  uint64_t line() const { return reader_.line(); }
  /// Reports the row's error through ctx().SkipRow: strict aborts, lenient skips the row.
  Status Skip() const;

 private:
  template <class T>
  std::optional<T> Parse(const Column& c, Result<T> (*parse)(std::string_view));

  const ExportReader& reader_;
  bool failed_ = false;
  std::string_view error_column_;
  std::string error_;
};

/// Copies into `to` every text or optional field of `from` that `to` does not know yet (empty or
/// unset): merges what successive rows of one order or product say.
template <class T>
void FillUnknown(T& to, const T& from) {
  for (const auto& field : EntityTraits<T>::Fields()) {
    std::visit(
        [&](auto member) {
          using M = std::remove_cvref_t<decltype(to.*member)>;
          if constexpr (std::is_same_v<M, std::string>) {
            if ((to.*member).empty()) to.*member = from.*member;
          } else if constexpr (std::is_same_v<M, std::optional<double>> ||
                               std::is_same_v<M, std::optional<int64_t>>) {
            if (!(to.*member)) to.*member = from.*member;
          }
        },
        field.member);
  }
}

/// An Importer that reads one export file through a `File` that checks its columns
/// (RequireColumns), takes each row (AddRow) and writes what is pending at the end (Flush).
template <class File>
class ExportImporter final : public Importer {
 public:
  Status Import(const std::string& path, ImportContext& ctx) override {
    ASSIGN_OR_RETURN(ExportReader reader, ExportReader::Open(path, ctx));
    File file(reader);
    RETURN_IF_ERROR(file.RequireColumns());
    for (;;) {
      ASSIGN_OR_RETURN(const bool more, reader.Next());
      if (!more) break;
      RETURN_IF_ERROR(file.AddRow());
    }
    return file.Flush();
  }
};

}  // namespace mercato::shopify
