// The interactions format: `user,item[,weight][,timestamp]`, comma- or tab-separated, with or
// without a header, as public recommender benchmarks ship them. Each row becomes an event of
// type "interaction" (value = weight), and users and items become customers and products.
#include <set>

#include "common/csv_reader.h"
#include "common/text.h"
#include "common/text_encoding.h"
#include "ingest/formats.h"

namespace mercato {
namespace {

// Sniffs the delimiter from the first bytes: a tab before any comma means tab-separated.
Result<char> SniffDelimiter(const std::string& path) {
  ASSIGN_OR_RETURN(auto source, OpenByteSource(path));
  std::string head(4096, '\0');
  size_t have = 0;
  while (have < head.size()) {  // a read may return fewer bytes than asked
    ASSIGN_OR_RETURN(size_t got, source->Read(head.data() + have, head.size() - have));
    if (got == 0) break;
    have += got;
  }
  head.resize(have);
  const size_t tab = head.find('\t'), comma = head.find(',');
  return tab != std::string::npos && (comma == std::string::npos || tab < comma) ? '\t' : ',';
}

bool LooksLikeHeader(const std::vector<std::string_view>& f) {
  if (f.empty()) return false;
  const std::string first = ToLower(Trim(f[0]));
  if (first == "user" || first == "user_id" || first == "userid" || first == "customer_id") {
    return true;
  }
  return f.size() >= 3 && !ParseReal(f[2]).ok();
}

// A file whose first rows are mostly bad is not in this format (binary data, another layout):
// judged over the first kJudgedRows rows, or all of them when there are fewer but at least
// kMinJudgedRows.
constexpr int64_t kJudgedRows = 1000;
constexpr int64_t kMinJudgedRows = 10;

// An id field: trimmed, printable UTF-8 text.
Result<std::string> IdOf(std::string_view field) {
  const std::string_view id = Trim(field);
  if (id.empty()) return InvalidArgument("required field is empty");
  if (!IsPrintableUtf8(id)) {
    return InvalidArgument("expected printable UTF-8 text, got '" + Excerpt(RepairUtf8(id)) +
                           "' (binary data, or a file in another encoding?)");
  }
  return std::string(id);
}

class InteractionsImporter final : public Importer {
 public:
  Status Import(const std::string& path, ImportContext& ctx) override {
    ctx.BeginFile(path);
    auto delimiter = SniffDelimiter(path);
    if (!delimiter.ok()) return ctx.FileError(delimiter.status().message());
    CsvOptions options;
    options.delimiter = delimiter.value();
    ASSIGN_OR_RETURN(auto reader, CsvReader::Open(path, options));
    std::set<std::string> users, items;
    bool first = true;
    int64_t rows = 0, bad = 0;
    for (;;) {
      auto next = reader->Next();
      ctx.Progress(reader->InputPosition(), reader->InputSize());
      if (next.ok() && !next.value()) break;
      if (next.ok() && first && LooksLikeHeader(reader->fields())) {
        first = false;
        continue;
      }
      first = false;
      ctx.CountRead();
      const int64_t skipped_before = ctx.rows_skipped();
      if (!next.ok()) {
        RETURN_IF_ERROR(ctx.ReadError(reader->line(), next.status(), reader->failed()));
      } else {
        RETURN_IF_ERROR(ImportRow(reader->fields(), reader->line(), ctx, users, items));
      }
      if (rows < kJudgedRows) {
        ++rows;
        bad += ctx.rows_skipped() - skipped_before;
        if (rows == kJudgedRows) RETURN_IF_ERROR(JudgeSample(rows, bad, ctx));
      }
    }
    if (rows >= kMinJudgedRows && rows < kJudgedRows) RETURN_IF_ERROR(JudgeSample(rows, bad, ctx));
    for (const std::string& id : users) {
      Customer c;
      c.id = id;
      RETURN_IF_ERROR(ctx.Put(&c, 0));
    }
    for (const std::string& sku : items) {
      Product p;
      p.sku = sku;
      RETURN_IF_ERROR(ctx.Put(&p, 0));
    }
    return Status::Ok();
  }

 private:
  // More than half of the sample bad: the file is refused as a whole.
  static Status JudgeSample(int64_t rows, int64_t bad, ImportContext& ctx) {
    if (bad * 2 <= rows) return Status::Ok();
    return ctx.FileError(std::to_string(bad) + " of the first " + std::to_string(rows) +
                         " rows are bad: this is not an interactions file (expected "
                         "user,item[,weight][,timestamp] rows of text ids, comma- or "
                         "tab-separated)");
  }

  static Status ImportRow(const std::vector<std::string_view>& f, uint64_t line, ImportContext& ctx,
                          std::set<std::string>& users, std::set<std::string>& items) {
    if (f.size() < 2 || f.size() > 4) {
      return ctx.SkipRow(
          line, "",
          "expected user,item[,weight][,timestamp], got " + std::to_string(f.size()) + " fields");
    }
    Event e;
    auto user = IdOf(f[0]);
    if (!user.ok()) return ctx.SkipRow(line, "user", user.status().message());
    auto item = IdOf(f[1]);
    if (!item.ok()) return ctx.SkipRow(line, "item", item.status().message());
    e.customer_id = std::move(user).value();
    e.sku = std::move(item).value();
    e.type = "interaction";
    e.value = 1.0;
    if (f.size() >= 3 && !Trim(f[2]).empty()) {
      auto w = ParseReal(f[2]);
      if (!w.ok()) return ctx.SkipRow(line, "weight", w.status().message());
      e.value = w.value();
    }
    if (f.size() == 4 && !Trim(f[3]).empty()) {
      // Written without an offset: in the store's time zone when the import names one.
      const auto written = ParseWrittenTimestamp(f[3]);
      if (!written.ok()) return ctx.SkipRow(line, "timestamp", written.status().message());
      e.ts = written->has_offset || !ctx.time_zone() ? written->Utc()
                                                     : ctx.time_zone()->ToUtc(written->clock);
    }
    // Stable across re-imports of the same file, distinct for repeated pairs.
    e.id = "ix-" + std::to_string(line) + "-" +
           Sha256Hex(e.customer_id + '\x1f' + e.sku + '\x1f' + std::to_string(e.ts)).substr(0, 16);
    users.insert(e.customer_id);
    items.insert(e.sku);
    RETURN_IF_ERROR(ctx.Put(&e, line));
    return Status::Ok();
  }
};

}  // namespace

std::unique_ptr<Importer> MakeInteractionsImporter() {
  return std::make_unique<InteractionsImporter>();
}

}  // namespace mercato
