// The generic format: one CSV (or, for events, JSONL) file per entity whose columns are the
// entity's field names (docs/import-formats.md); a folder may hold any of these files.
#include <algorithm>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "common/csv_columns.h"
#include "common/csv_reader.h"
#include "common/line_reader.h"
#include "common/text.h"
#include "common/time.h"
#include "domain/entity_checks.h"
#include "domain/entity_json.h"
#include "domain/event_id.h"
#include "ingest/formats.h"

namespace mercato {
namespace {

constexpr size_t kMaxJsonLineBytes = 1 << 20;

// Sets the field from its text as SetFieldFromText does; a timestamp written without a UTC offset
// is read in the store's time zone when the import names one (else in UTC, as always).
template <class T>
Status SetFieldInStoreZone(const FieldSpec<T>& field, T& entity, std::string_view text,
                           const ImportContext& ctx) {
  if (field.type == FieldType::kTime && ctx.time_zone() && !Trim(text).empty()) {
    const Result<WrittenTimestamp> written = ParseWrittenTimestamp(Trim(text));
    if (written.ok() && !written->has_offset) {
      return SetFieldFromText(field, entity,
                              FormatTimestamp(ctx.time_zone()->ToUtc(written->clock)));
    }
  }
  return SetFieldFromText(field, entity, text);
}

// "orders.csv.zst" -> {"orders", "csv"}; {"", ""} when the name has no known extension.
std::pair<std::string, std::string> StemAndKind(const std::string& path) {
  std::string name = std::filesystem::path(path).filename().string();
  for (const char* compressed : {".gz", ".zst"}) {
    if (name.size() > strlen(compressed) &&
        name.compare(name.size() - strlen(compressed), std::string::npos, compressed) == 0) {
      name.resize(name.size() - strlen(compressed));
    }
  }
  for (const char* ext : {".csv", ".jsonl", ".ndjson"}) {
    const size_t n = strlen(ext);
    if (name.size() > n && name.compare(name.size() - n, std::string::npos, ext) == 0) {
      return {ToLower(name.substr(0, name.size() - n)), ext[1] == 'c' ? "csv" : "jsonl"};
    }
  }
  return {"", ""};
}

// The entity a file stem names ("consent" is accepted for "consents").
std::optional<EntityKind> EntityOfStem(const std::string& stem) {
  if (stem == "consent") return EntityKind::kConsent;
  for (size_t k = 0; k < kEntityKindCount; ++k) {
    if (EntityNames()[k] == stem) return static_cast<EntityKind>(k);
  }
  return std::nullopt;
}

std::string ExpectedColumns(const auto& fields) {
  std::string all, required;
  for (const auto& f : fields) {
    all += (all.empty() ? "" : ", ") + std::string(f.name);
    if (f.required) required += (required.empty() ? "" : ", ") + std::string(f.name);
  }
  return "expected columns: " + all + " (required: " + required + ")";
}

// Fills the fields the file leaves to us: line numbers per order, derived event ids.
class Completer {
 public:
  template <class T>
  void Complete(T& e, bool has_line_no_column) {
    if constexpr (std::is_same_v<T, OrderLine>) {
      int64_t& last = last_line_[e.order_id];
      if (!has_line_no_column || e.line_no == 0) e.line_no = last + 1;
      last = std::max(last, e.line_no);
    } else if constexpr (std::is_same_v<T, Event>) {
      if (e.id.empty()) e.id = DerivedEventId(e);
    }
  }

 private:
  std::map<std::string, int64_t> last_line_;
};

template <class T>
Status ImportCsv(const std::string& path, ImportContext& ctx) {
  const auto& fields = EntityTraits<T>::Fields();
  ASSIGN_OR_RETURN(auto reader, CsvReader::Open(path));
  auto header = reader->Next();
  if (!header.ok()) return ctx.FileError("unreadable header: " + header.status().message());
  if (!header.value()) {
    ctx.Warn(path + " is empty");
    return Status::Ok();
  }
  const CsvColumns columns(reader->fields());
  if (Status duplicate = columns.RefuseDuplicates(); !duplicate.ok()) {
    return ctx.FileError(duplicate.message());
  }
  const size_t width = reader->fields().size();
  std::vector<int> index;
  for (const auto& f : fields) {
    index.push_back(columns.Find(f.name));
    const bool defaulted = f.name == "line_no" || (std::is_same_v<T, Event> && f.name == "id");
    if (index.back() < 0 && f.required && !defaulted) {
      return ctx.FileError("missing required column '" + std::string(f.name) + "'; " +
                           ExpectedColumns(fields));
    }
  }
  for (const std::string& name : columns.names()) {
    if (std::none_of(fields.begin(), fields.end(), [&](const auto& f) { return f.name == name; })) {
      ctx.Warn(path + ": ignored column '" + Excerpt(name) + "'");
    }
  }
  const bool has_line_no = columns.Find("line_no") >= 0;
  Completer completer;
  for (;;) {
    auto next = reader->Next();
    ctx.Progress(reader->InputPosition(), reader->InputSize());
    if (!next.ok()) {
      ctx.CountRead();
      RETURN_IF_ERROR(ctx.ReadError(reader->line(), next.status(), reader->failed()));
      continue;
    }
    if (!next.value()) break;
    ctx.CountRead();
    const auto& record = reader->fields();
    if (record.size() != width) {
      RETURN_IF_ERROR(ctx.SkipRow(reader->line(), "",
                                  "expected " + std::to_string(width) +
                                      " fields as in the header, got " +
                                      std::to_string(record.size()) + " (unquoted comma?)"));
      continue;
    }
    T entity{};
    Status bad;
    size_t bad_field = 0;
    for (size_t i = 0; i < fields.size() && bad.ok(); ++i) {
      if (index[i] < 0) continue;
      bad = SetFieldInStoreZone(fields[i], entity, record[static_cast<size_t>(index[i])], ctx);
      bad_field = i;
    }
    if (!bad.ok()) {
      RETURN_IF_ERROR(ctx.SkipRow(reader->line(), fields[bad_field].name, bad.message()));
      continue;
    }
    if (const auto problem = CheckValues(entity)) {
      RETURN_IF_ERROR(ctx.SkipRow(reader->line(), problem->field, problem->message));
      continue;
    }
    completer.Complete(entity, has_line_no);
    RETURN_IF_ERROR(ctx.Put(&entity, reader->line()));
  }
  return Status::Ok();
}

template <class T>
Status ImportJsonl(const std::string& path, ImportContext& ctx) {
  const auto& fields = EntityTraits<T>::Fields();
  ASSIGN_OR_RETURN(auto source, OpenByteSource(path));
  LineReader reader(std::move(source), kMaxJsonLineBytes);
  Completer completer;
  std::map<std::string, bool> warned;
  for (;;) {
    auto next = reader.Next();
    ctx.Progress(reader.InputPosition(), reader.InputSize());
    if (next.ok() && !next.value()) break;
    if (next.ok() && Trim(reader.line()).empty()) continue;
    ctx.CountRead();
    if (!next.ok()) {
      RETURN_IF_ERROR(ctx.ReadError(reader.number(), next.status(), reader.failed()));
      continue;
    }
    const UntrustedJson parsed = ParseUntrustedJson(reader.line());
    if (parsed.fault == JsonFault::kTooDeep) {
      RETURN_IF_ERROR(ctx.SkipRow(reader.number(), "", parsed.status().message()));
      continue;
    }
    if (parsed.fault == JsonFault::kNumberOutOfRange) {
      // The column is the path without "$." ("$" alone: the line is a bare number).
      const std::string_view column =
          parsed.path.size() > 2 ? std::string_view(parsed.path).substr(2) : std::string_view();
      RETURN_IF_ERROR(ctx.SkipRow(reader.number(), column, parsed.status().message()));
      continue;
    }
    const nlohmann::json& json = parsed.value;
    if (!parsed.ok() || !json.is_object()) {
      RETURN_IF_ERROR(ctx.SkipRow(reader.number(), "",
                                  "expected one JSON object per line, like "
                                  "{\"ts\": \"2024-01-31T13:45:00Z\", \"type\": \"view\", ...}"));
      continue;
    }
    T entity{};
    Status bad;
    std::string_view bad_field;
    for (const auto& f : fields) {
      auto it = json.find(std::string(f.name));
      const std::string text = it == json.end() ? std::string() : JsonToText(*it);
      bad = SetFieldInStoreZone(f, entity, text, ctx);
      if (!bad.ok()) {
        bad_field = f.name;
        break;
      }
    }
    for (const auto& item : json.items()) {
      const std::string& key = item.key();  // clang 14 cannot capture a structured binding
      if (std::none_of(fields.begin(), fields.end(),
                       [&](const auto& f) { return f.name == key; }) &&
          !warned[key]) {
        warned[key] = true;
        ctx.Warn(path + ": ignored key '" + RepairUtf8(key.substr(0, 40)) + "'");
      }
    }
    if (!bad.ok()) {
      RETURN_IF_ERROR(ctx.SkipRow(reader.number(), bad_field, bad.message()));
      continue;
    }
    if (const auto problem = CheckValues(entity)) {
      RETURN_IF_ERROR(ctx.SkipRow(reader.number(), problem->field, problem->message));
      continue;
    }
    completer.Complete(entity, json.contains("line_no"));
    RETURN_IF_ERROR(ctx.Put(&entity, reader.number()));
  }
  return Status::Ok();
}

Status ImportEntityFile(EntityKind kind, const std::string& path, const std::string& file_kind,
                        ImportContext& ctx) {
  ctx.BeginFile(path);
  Status status = Internal("unknown entity kind");
  ForEachEntityType([&](auto tag) {
    using T = typename decltype(tag)::type;
    if (EntityTraits<T>::kKind != kind) return;
    status = file_kind == "csv" ? ImportCsv<T>(path, ctx) : ImportJsonl<T>(path, ctx);
  });
  ctx.EndFile();
  return status;
}

std::string KnownFileNames() {
  std::string names;
  for (auto n : EntityNames()) names += (names.empty() ? "" : ", ") + std::string(n) + ".csv";
  return names + " (also .jsonl, and .gz/.zst compressed)";
}

class GenericImporter final : public Importer {
 public:
  Status Import(const std::string& path, ImportContext& ctx) override {
    std::error_code ec;
    if (!std::filesystem::is_directory(path, ec)) {
      ctx.BeginFile(path);
      const auto [stem, kind] = StemAndKind(path);
      const auto entity = EntityOfStem(stem);
      if (!entity) {
        return ctx.FileError("cannot tell which entity this file holds: name it after one, e.g. " +
                             KnownFileNames());
      }
      return ImportEntityFile(*entity, path, kind, ctx);
    }
    // A folder: every recognized file, parents before children.
    std::vector<std::pair<EntityKind, std::pair<std::string, std::string>>> files;
    for (const auto& entry : std::filesystem::directory_iterator(path, ec)) {
      if (!entry.is_regular_file()) continue;
      const std::string file = entry.path().string();
      const auto [stem, kind] = StemAndKind(file);
      const auto entity = EntityOfStem(stem);
      if (entity) {
        files.push_back({*entity, {file, kind}});
      } else {
        ctx.Warn("ignored file " + file + " (not a generic-format entity file)");
      }
    }
    if (ec) return IoError("cannot list " + path + ": " + ec.message());
    if (files.empty()) {
      ctx.BeginFile(path);
      return ctx.FileError("no entity files in this folder; expected any of " + KnownFileNames());
    }
    std::sort(files.begin(), files.end());
    for (const auto& [entity, file] : files) {
      RETURN_IF_ERROR(ImportEntityFile(entity, file.first, file.second, ctx));
    }
    return Status::Ok();
  }
};

}  // namespace

std::unique_ptr<Importer> MakeGenericImporter() { return std::make_unique<GenericImporter>(); }

}  // namespace mercato
