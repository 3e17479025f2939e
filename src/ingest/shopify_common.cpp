// Shared parts of the Shopify importers.
#include "ingest/shopify_common.h"

#include <algorithm>
#include <array>
#include <filesystem>
#include <map>
#include <optional>
#include <utility>

#include "common/text.h"

namespace mercato::shopify {
namespace {

bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

void AppendUtf8(uint32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Named entities that product descriptions use; anything else is left as written.
constexpr std::array<std::pair<std::string_view, uint32_t>, 28> kNamedEntities{{
    {"amp", '&'},      {"lt", '<'},       {"gt", '>'},       {"quot", '"'},      {"apos", '\''},
    {"nbsp", ' '},     {"ndash", 0x2013}, {"mdash", 0x2014}, {"hellip", 0x2026}, {"lsquo", 0x2018},
    {"rsquo", 0x2019}, {"ldquo", 0x201C}, {"rdquo", 0x201D}, {"laquo", 0xAB},    {"raquo", 0xBB},
    {"bull", 0x2022},  {"middot", 0xB7},  {"deg", 0xB0},     {"times", 0xD7},    {"copy", 0xA9},
    {"reg", 0xAE},     {"trade", 0x2122}, {"euro", 0x20AC},  {"pound", 0xA3},    {"yen", 0xA5},
    {"cent", 0xA2},    {"sect", 0xA7},    {"frac12", 0xBD},
}};

// The code point of the entity body between '&' and ';' ("amp", "#39", "#x27"), or nullopt.
std::optional<uint32_t> EntityCodePoint(std::string_view body) {
  if (body.empty()) return std::nullopt;
  if (body[0] != '#') {
    for (const auto& [name, cp] : kNamedEntities) {
      if (name == body) return cp;
    }
    return std::nullopt;
  }
  const bool hex = body.size() > 1 && (body[1] == 'x' || body[1] == 'X');
  const std::string_view digits = body.substr(hex ? 2 : 1);
  if (digits.empty() || digits.size() > 7) return std::nullopt;
  uint32_t cp = 0;
  for (char c : digits) {
    uint32_t d;
    if (IsAsciiDigit(c)) {
      d = static_cast<uint32_t>(c - '0');
    } else if (hex && c >= 'a' && c <= 'f') {
      d = static_cast<uint32_t>(c - 'a' + 10);
    } else if (hex && c >= 'A' && c <= 'F') {
      d = static_cast<uint32_t>(c - 'A' + 10);
    } else {
      return std::nullopt;
    }
    cp = cp * (hex ? 16 : 10) + d;
  }
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
  return cp == 0xA0 ? ' ' : cp;  // a non-breaking space is a space in plain text
}

// Builds plain text, collapsing whitespace: a gap becomes one space, or one newline when a
// block element ended; gaps at the ends vanish.
class PlainText {
 public:
  enum class Gap { kNone, kSpace, kNewline };

  void AddGap(Gap gap) { gap_ = std::max(gap_, gap); }
  void Add(char c) {
    if (IsSpace(c)) return AddGap(Gap::kSpace);
    if (!out_.empty() && gap_ != Gap::kNone) out_ += gap_ == Gap::kNewline ? '\n' : ' ';
    gap_ = Gap::kNone;
    out_ += c;
  }
  void Add(std::string_view s) {
    for (char c : s) Add(c);
  }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
  Gap gap_ = Gap::kNone;
};

bool IsBlockElement(std::string_view name) {
  static constexpr std::array<std::string_view, 33> kBlocks{
      "address",    "article", "aside",  "blockquote", "br",   "dd",  "div", "dl", "dt",
      "figcaption", "figure",  "footer", "form",       "h1",   "h2",  "h3",  "h4", "h5",
      "h6",         "header",  "hr",     "li",         "main", "nav", "ol",  "p",  "pre",
      "section",    "table",   "tbody",  "thead",      "tr",   "ul"};
  return std::find(kBlocks.begin(), kBlocks.end(), name) != kBlocks.end();
}

struct Tag {
  std::string name;  // lower-case; empty for comments, doctypes and bogus tags
  bool closing = false;
  size_t end = std::string_view::npos;  // just past '>', npos when the tag never closes
};

// Parses the tag starting at html[i] == '<' (the caller checked that a tag starts there).
Tag ParseTag(std::string_view html, std::string_view lower, size_t i) {
  Tag tag;
  if (lower.substr(i, 4) == "<!--") {
    const size_t close = lower.find("-->", i + 4);
    if (close != std::string_view::npos) tag.end = close + 3;
    return tag;
  }
  size_t p = i + 1;
  if (p < html.size() && html[p] == '/') tag.closing = true, ++p;
  while (p < html.size() && (IsAsciiAlpha(html[p]) || IsAsciiDigit(html[p])))
    tag.name += lower[p++];
  char last = 0, quote = 0;
  for (; p < html.size(); ++p) {
    const char c = html[p];
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if ((c == '"' || c == '\'') && last == '=') {
      quote = c;
    } else if (c == '>') {
      tag.end = p + 1;
      return tag;
    }
    if (!IsSpace(c)) last = c;
  }
  return tag;
}

}  // namespace

std::string CustomerIdFromEmail(std::string_view email) {
  return "shopify:" + Sha256Hex(ToLower(Trim(email))).substr(0, 16);
}

Result<std::string> NormalizeEmail(std::string_view text) {
  std::string email = ToLower(Trim(text));
  const size_t at = email.find('@');
  const bool valid =
      email.empty() || (at != 0 && at != std::string::npos && at + 1 < email.size() &&
                        email.find('@', at + 1) == std::string::npos &&
                        std::none_of(email.begin(), email.end(), IsSpace) && IsCleanUtf8(email));
  if (!valid) {
    return InvalidArgument("expected an email address like jane@example.com, got '" +
                           Excerpt(text) + "'");
  }
  return email;
}

std::string StripHtml(std::string_view input) {
  const std::string html = RepairUtf8(input);
  const std::string lower = ToLower(html);
  PlainText text;
  for (size_t i = 0; i < html.size();) {
    const char c = html[i];
    if (c == '&') {
      const size_t semi = html.find(';', i + 1);
      const auto cp = semi == std::string::npos || semi - i > 12
                          ? std::nullopt
                          : EntityCodePoint(std::string_view(html).substr(i + 1, semi - i - 1));
      if (!cp) {
        text.Add(c);
        ++i;
        continue;
      }
      std::string decoded;
      AppendUtf8(*cp, decoded);
      text.Add(decoded);
      i = semi + 1;
      continue;
    }
    const char next = i + 1 < html.size() ? html[i + 1] : '\0';
    if (c != '<' || !(IsAsciiAlpha(next) || next == '/' || next == '!' || next == '?')) {
      text.Add(c);
      ++i;
      continue;
    }
    const Tag tag = ParseTag(html, lower, i);
    if (tag.end == std::string::npos) break;  // an unclosed tag swallows the rest, as in browsers
    i = tag.end;
    if (tag.name == "td" || tag.name == "th") {
      text.AddGap(PlainText::Gap::kSpace);
    } else if (IsBlockElement(tag.name)) {
      text.AddGap(PlainText::Gap::kNewline);
    } else if (!tag.closing && (tag.name == "script" || tag.name == "style")) {
      const size_t close = lower.find("</" + tag.name, i);
      if (close == std::string::npos) break;
      const Tag end = ParseTag(html, lower, close);
      if (end.end == std::string::npos) break;
      i = end.end;
    }
  }
  return text.Take();
}

std::string SkuFromTitle(std::string_view title) {
  const std::string slug = Slug(title);
  return "title:" + (slug.empty() ? Sha256Hex(title).substr(0, 16) : slug);
}

std::string NormalizeTags(std::string_view tags) {
  std::string out;
  for (std::string_view tag : Split(tags, ',')) {
    tag = Trim(tag);
    if (tag.empty()) continue;
    if (!out.empty()) out += ',';
    out += tag;
  }
  return out;
}

Column FindColumn(const CsvColumns& columns, std::initializer_list<std::string_view> names) {
  for (std::string_view name : names) {
    const int index = columns.Find(name);
    if (index >= 0) return {index, name};
  }
  return {-1, *names.begin()};
}

ExportReader::ExportReader(std::unique_ptr<CsvReader> reader, ImportContext& ctx, std::string path)
    : reader_(std::move(reader)),
      columns_(reader_->fields()),
      ctx_(&ctx),
      path_(std::move(path)),
      zone_(ctx.time_zone().value_or(TimeZone())),
      date_order_(ctx.date_order().value_or(DateOrder::kMonthFirst)) {}

Result<ExportReader> ExportReader::Open(const std::string& path, ImportContext& ctx) {
  ctx.BeginFile(path);
  auto reader = CsvReader::Open(path);
  if (!reader.ok()) return ctx.FileError(reader.status().message());
  auto header = reader.value()->Next();
  if (!header.ok()) return ctx.FileError("unreadable header: " + header.status().message());
  if (!header.value()) return ctx.FileError("the file is empty; expected a header row");
  return ExportReader(std::move(reader).value(), ctx, path);
}

namespace {

// What the timestamps of an export's time columns say about how to read them.
struct TimeEvidence {
  DateOrderEvidence order;
  std::map<int64_t, int64_t> offsets;  // offset named -> how many timestamps name it
  int64_t without_offset = 0;
  uint64_t ambiguous_line = 0;  // the first slash date readable both ways (4/5/2024)
  std::string ambiguous_text, ambiguous_column;

  void See(std::string_view text, std::string_view column, uint64_t line) {
    order.See(text, line);
    const auto month_first = ParseWrittenTimestamp(text, DateOrder::kMonthFirst);
    const auto day_first = ParseWrittenTimestamp(text, DateOrder::kDayFirst);
    const auto& any = month_first.ok() ? month_first : day_first;
    if (!any.ok()) return;  // the row's own parse reports it
    if (any->has_offset) {
      ++offsets[any->offset];
    } else {
      ++without_offset;
    }
    if (ambiguous_line == 0 && month_first.ok() && day_first.ok() &&
        month_first->clock != day_first->clock) {
      ambiguous_line = line;
      ambiguous_text = std::string(text);
      ambiguous_column = std::string(column);
    }
  }
  // The most common offset (the smallest of equally common ones); nullopt when none is named.
  std::optional<int64_t> MostCommonOffset() const {
    std::optional<int64_t> best;
    int64_t count = 0;
    for (const auto& [offset, n] : offsets) {
      if (n > count) best = offset, count = n;
    }
    return best;
  }
};

}  // namespace

Status ExportReader::DecideTimeReading(std::initializer_list<Column> columns) {
  if (path_ == "-") return Status::Ok();
  TimeEvidence evidence;
  auto reader = CsvReader::Open(path_);
  if (!reader.ok()) return ctx_->FileError(reader.status().message());
  for (bool header = true;; header = false) {
    auto next = reader.value()->Next();
    if (!next.ok() && reader.value()->failed()) break;  // the import's own pass reports it
    if (!next.ok()) continue;
    if (!next.value()) break;
    if (header) continue;
    for (const Column& c : columns) {
      const std::string_view text = Trim(FieldAt(reader.value()->fields(), c.index));
      if (!text.empty()) evidence.See(text, c.name, reader.value()->line());
    }
  }
  const std::string file = std::filesystem::path(path_).filename().string();
  auto order = evidence.order.Decide(ctx_->date_order(), DateOrder::kMonthFirst);
  if (!order.ok()) return ctx_->FileError(order.status().message());
  date_order_ = order.value();
  const bool proven =
      evidence.order.day_first_line() != 0 || evidence.order.month_first_line() != 0;
  if (evidence.ambiguous_line != 0 && !ctx_->date_order() && !proven) {
    ctx_->Warn(file + " line " + std::to_string(evidence.ambiguous_line) + ", " +
               evidence.ambiguous_column + ": '" + evidence.ambiguous_text +
               "' could be month or day first and no row tells; read month first as Shopify "
               "writes dates (--date-format dmy reads day first)");
  }
  if (date_order_ == DateOrder::kDayFirst) ctx_->Note("dates.day_first");
  std::string why = "the import's time zone";
  if (!ctx_->time_zone()) {
    const std::optional<int64_t> common = evidence.MostCommonOffset();
    zone_ = common ? TimeZone::FixedOffset(*common) : TimeZone();
    why = common ? "the most common offset in the file; --timezone sets the store's zone"
                 : "no timestamp in the file names an offset; --timezone sets the store's zone";
  }
  if (evidence.without_offset > 0) {
    ctx_->Note("timestamps_without_offset", evidence.without_offset);
    ctx_->Warn(file + ": " + std::to_string(evidence.without_offset) +
               " timestamps without a UTC offset read in " + zone_.name() + " (" + why + ")");
  }
  return Status::Ok();
}

Status ExportReader::Require(std::initializer_list<Column> required,
                             std::string_view layout) const {
  for (const Column& c : required) {
    if (c.index < 0) {
      return ctx_->FileError("missing required column '" + std::string(c.name) + "' (" +
                             std::string(layout) + ")");
    }
  }
  return Status::Ok();
}

bool ExportReader::FieldsLineUp() const {
  const auto& f = reader_->fields();
  const size_t want = columns_.names().size();
  if (f.size() < want) return false;
  return std::all_of(f.begin() + static_cast<ptrdiff_t>(want), f.end(),
                     [](std::string_view extra) { return Trim(extra).empty(); });
}

Result<bool> ExportReader::Next() {
  for (;;) {
    auto next = reader_->Next();
    ctx_->Progress(reader_->InputPosition(), reader_->InputSize());
    if (next.ok() && !next.value()) return false;
    ctx_->CountRead();
    if (next.ok()) {
      if (FieldsLineUp()) return true;
      RETURN_IF_ERROR(ctx_->SkipRow(line(), "",
                                    "the record has " + std::to_string(fields().size()) +
                                        " fields but the header has " +
                                        std::to_string(columns_.names().size()) +
                                        " (a truncated row, or a quote out of place?)"));
      continue;
    }
    // A malformed record is consumed and reading goes on after it; a broken stream (a corrupt or
    // truncated compressed file) aborts the import.
    RETURN_IF_ERROR(ctx_->ReadError(line(), next.status(), reader_->failed()));
  }
}

std::string RowFields::Text(const Column& c) const {
  return RepairUtf8(Trim(FieldAt(reader_.fields(), c.index)));
}

std::string RowFields::Code(const Column& c) const {
  std::string text = Text(c);
  if (!text.empty() && text.front() == '\'') text.erase(0, 1);
  return text;
}

template <class T>
std::optional<T> RowFields::Parse(const Column& c, Result<T> (*parse)(std::string_view)) {
  const std::string_view text = Trim(FieldAt(reader_.fields(), c.index));
  if (text.empty()) return std::nullopt;
  Result<T> value = parse(text);
  if (!value.ok()) {
    Fail(c, value.status().message());
    return std::nullopt;
  }
  return value.value();
}

std::optional<double> RowFields::Real(const Column& c) { return Parse<double>(c, ParseReal); }
std::optional<int64_t> RowFields::Int(const Column& c) { return Parse<int64_t>(c, ParseInt); }
std::optional<Timestamp> RowFields::Time(const Column& c) {
  const std::string_view text = Trim(FieldAt(reader_.fields(), c.index));
  if (text.empty()) return std::nullopt;
  const Result<WrittenTimestamp> written = ParseWrittenTimestamp(text, reader_.date_order());
  if (!written.ok()) {
    Fail(c, written.status().message());
    return std::nullopt;
  }
  return written->has_offset ? written->Utc() : reader_.time_zone().ToUtc(written->clock);
}
std::optional<bool> RowFields::Bool(const Column& c) { return Parse<bool>(c, ParseBool); }

void RowFields::Fail(const Column& c, std::string message) {
  if (failed_) return;
  failed_ = true;
  error_column_ = c.name;
  error_ = std::move(message);
}

Status RowFields::Skip() const { return reader_.ctx().SkipRow(line(), error_column_, error_); }

}  // namespace mercato::shopify
