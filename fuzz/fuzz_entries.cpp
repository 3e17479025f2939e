// The fuzz entries and the invariants they check; a broken invariant prints why and aborts.
#include "fuzz/fuzz_entries.h"

#include <stdlib.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>

#include "common/byte_source.h"
#include "common/csv_reader.h"
#include "common/csv_writer.h"
#include "common/text.h"
#include "ingest/importer.h"
#include "ingest/shopify_webhooks.h"
#include "store/open_store.h"

namespace mercato::fuzz {
namespace {

// Decompressed bytes the CSV entry reads at most, so that a decompression bomb stays quick.
constexpr uint64_t kMaxDecompressedBytes = 8 << 20;
// Runs after which the shared store is reopened empty, bounding its memory.
constexpr int kRunsPerStore = 1000;

[[noreturn]] void Fail(const std::string& what) {
  std::fprintf(stderr, "\n*** fuzz invariant broken: %s\n", what.c_str());
  std::fflush(stderr);
  std::abort();
}

// A text that may hold any bytes, escaped for a one-line message.
std::string Shown(std::string_view text) {
  std::string out = "\"";
  for (const char c : text.substr(0, 200)) {
    const auto b = static_cast<unsigned char>(c);
    if (b >= 0x20 && b < 0x7F && c != '"' && c != '\\') {
      out += c;
    } else {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02X", b);
      out += hex;
    }
  }
  return out + (text.size() > 200 ? "\"..." : "\"");
}

// Serves another source's bytes, at most kMaxDecompressedBytes of them, in chunks of 1 to 7 bytes
// drawn from `seed` (seed 0: as the inner source gives them). Counts the line breaks served.
class ShapedSource final : public ByteSource {
 public:
  ShapedSource(std::unique_ptr<ByteSource> inner, uint64_t seed)
      : inner_(std::move(inner)), state_(seed) {}

  Result<size_t> Read(char* buf, size_t n) override {
    n = std::min<uint64_t>(n, kMaxDecompressedBytes - served_);
    if (state_ != 0) {
      state_ ^= state_ << 13, state_ ^= state_ >> 7, state_ ^= state_ << 17;  // xorshift64
      n = std::min<size_t>(n, 1 + state_ % 7);
    }
    if (n == 0) return size_t{0};
    ASSIGN_OR_RETURN(const size_t got, inner_->Read(buf, n));
    served_ += got;
    line_breaks_ += static_cast<uint64_t>(
        std::count_if(buf, buf + got, [](char c) { return c == '\n' || c == '\r'; }));
    return got;
  }
  uint64_t InputPosition() const override { return inner_->InputPosition(); }
  uint64_t InputSize() const override { return inner_->InputSize(); }
  /// Highest line number a record read so far can start on.
  uint64_t MaxLine() const { return line_breaks_ + 1; }

 private:
  std::unique_ptr<ByteSource> inner_;
  uint64_t state_;
  uint64_t served_ = 0, line_breaks_ = 0;
};

// One result of CsvReader::Next(): a record or an error, and the line it starts on.
struct CsvRecord {
  std::vector<std::string> fields;
  std::string error;
  uint64_t line = 0;
  bool operator==(const CsvRecord&) const = default;
};

std::string Describe(const CsvOptions& options) {
  return "delimiter " + Shown(std::string(1, options.delimiter)) + ", max_field_bytes " +
         std::to_string(options.max_field_bytes) + ", max_fields " +
         std::to_string(options.max_fields);
}

// Reads every record of `input`, checking the reader's promises as it goes.
std::vector<CsvRecord> ReadCsv(const std::string& input, const CsvOptions& options,
                               uint64_t chunk_seed) {
  auto shaped = std::make_unique<ShapedSource>(MemoryByteSource(input), chunk_seed);
  const ShapedSource& source = *shaped;
  CsvReader reader(std::move(shaped), options);
  const std::string where = " (" + Describe(options) + (chunk_seed ? ", small chunks)" : ")");
  std::vector<CsvRecord> records;
  for (;;) {
    auto next = reader.Next();
    if (next.ok() && !next.value()) break;
    CsvRecord record;
    record.line = reader.line();
    if (next.ok()) {
      record.fields.assign(reader.fields().begin(), reader.fields().end());
    } else {
      record.error = next.status().message();
    }
    const uint64_t previous = records.empty() ? 0 : records.back().line;
    if (record.line <= previous || record.line > source.MaxLine()) {
      Fail("record " + std::to_string(records.size() + 1) + " starts on line " +
           std::to_string(record.line) + " after one on line " + std::to_string(previous) +
           ", with " + std::to_string(source.MaxLine()) + " lines read" + where +
           (record.error.empty() ? "" : "; its error: " + record.error));
    }
    if (record.fields.size() > options.max_fields) {
      Fail("a record has " + std::to_string(record.fields.size()) + " fields" + where);
    }
    for (const std::string& field : record.fields) {
      if (field.size() > options.max_field_bytes) {
        Fail("a field has " + std::to_string(field.size()) + " bytes" + where);
      }
    }
    records.push_back(std::move(record));
  }
  auto again = reader.Next();
  if (!again.ok() || again.value()) Fail("Next() after the end did not return false" + where);
  return records;
}

// A temporary folder for this process, removed at exit.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "mercato-fuzz-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) Fail("cannot create a temporary folder");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::string TempPath(std::string_view file_name) {
  static const TempDir dir;
  return dir.path() + "/" + std::string(file_name);
}

std::string WriteInput(std::string_view file_name, const std::string& data) {
  const std::string path = TempPath(file_name);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(data.data(), static_cast<std::streamsize>(data.size()));
  if (!out.flush()) Fail("cannot write " + path);
  return path;
}

// The records written back by CsvWriter must read as the same records. A first record "#" keeps
// the text from starting with a BOM or a compression magic number.
void CheckRoundTrip(const std::vector<CsvRecord>& records, const std::string& path) {
  std::vector<CsvRecord> expected{{{"#"}, "", 0}};
  for (const CsvRecord& record : records) {
    if (record.error.empty()) expected.push_back({record.fields, "", 0});
  }
  {
    auto writer = CsvWriter::Create(path);
    if (!writer.ok()) Fail(writer.status().message());
    for (const CsvRecord& record : expected) writer.value()->WriteRow(record.fields);
    if (Status s = writer.value()->Close(); !s.ok()) Fail(s.message());
  }
  std::ifstream in(path, std::ios::binary);
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  std::vector<CsvRecord> reread = ReadCsv(text, {}, 0);
  for (CsvRecord& record : reread) record.line = 0;
  if (reread != expected)
    Fail("records written back by CsvWriter read differently: " + Shown(text));
}

// The bytes a reader gets from `input` (decompressed when compressed), up to an error or to
// kMaxDecompressedBytes.
struct Decoded {
  std::string text;
  bool complete = false;  // neither an error nor the size bound stopped the decoding
  bool capped = false;    // the size bound did
  /// Whether decoding changed anything, the whole stream decoded and the text would not be taken
  /// for compressed data itself: then reading `text` must give what reading the input gives.
  bool ComparableWith(const std::string& input) const {
    return complete && text != input && !StartsWith(text, "\x1F\x8B") &&
           !StartsWith(text, "\x28\xB5\x2F\xFD");
  }
  /// Highest line a record or error can be on; 0 when unknown.
  uint64_t MaxLine() const {
    if (capped) return 0;
    const auto breaks =
        std::count_if(text.begin(), text.end(), [](char c) { return c == '\n' || c == '\r'; });
    return 1 + static_cast<uint64_t>(breaks);
  }
};

Decoded Decode(const std::string& input) {
  auto source = MemoryByteSource(input);
  Decoded decoded;
  std::vector<char> buf(1 << 16);
  for (;;) {
    auto got = source->Read(buf.data(), buf.size());
    if (!got.ok()) return decoded;
    if (got.value() == 0) break;
    decoded.text.append(buf.data(), got.value());
    if (decoded.text.size() >= kMaxDecompressedBytes) {
      decoded.capped = true;
      return decoded;
    }
  }
  decoded.complete = true;
  return decoded;
}

// Checks what importers write: entities complete (required text fields set), text clean UTF-8,
// numbers finite. Everything else goes to the store it wraps.
class CheckingStore final : public Store {
 public:
  explicit CheckingStore(std::unique_ptr<Store> inner) : inner_(std::move(inner)) {}

  Status Begin() override { return inner_->Begin(); }
  Status Commit() override { return inner_->Commit(); }
  Status Rollback() override { return inner_->Rollback(); }
  Status Put(EntityRef entity) override {
    std::visit([](const auto* e) { Check(*e); }, entity);
    return inner_->Put(entity);
  }
  Result<std::vector<EventWrite>> InsertEvents(std::span<const Event> events) override {
    for (const Event& e : events) Check(e);
    return inner_->InsertEvents(events);
  }
  int64_t WithheldWrites() const override { return inner_->WithheldWrites(); }
  Status Scan(EntityKind kind, const std::function<Status(EntityRef)>& fn) override {
    return inner_->Scan(kind, fn);
  }
  Status ScanEventsOfType(std::string_view type,
                          const std::function<Status(const Event&)>& fn) override {
    return inner_->ScanEventsOfType(type, fn);
  }
  Status ScanEventsInRange(Timestamp from, Timestamp to,
                           const std::function<Status(const Event&)>& fn) override {
    return inner_->ScanEventsInRange(from, to, fn);
  }
  Result<int64_t> Count(EntityKind kind) override { return inner_->Count(kind); }
  Result<std::optional<TimeSpan>> TimeSpanOf(EntityKind kind) override {
    return inner_->TimeSpanOf(kind);
  }
  int SchemaVersion() const override { return inner_->SchemaVersion(); }
  Status PutApiKey(const ApiKeyRecord& key) override { return inner_->PutApiKey(key); }
  Result<std::vector<ApiKeyRecord>> ListApiKeys() override { return inner_->ListApiKeys(); }
  Result<bool> RevokeApiKey(std::string_view id, Timestamp ts) override {
    return inner_->RevokeApiKey(id, ts);
  }
  Status AppendAudit(const AuditRecord& record) override { return inner_->AppendAudit(record); }
  Status ScanAudit(const std::function<Status(const AuditRecord&)>& fn) override {
    return inner_->ScanAudit(fn);
  }
  Result<bool> MarkWebhookDelivered(std::string_view delivery_id, std::string_view topic,
                                    Timestamp ts) override {
    return inner_->MarkWebhookDelivered(delivery_id, topic, ts);
  }
  Status PutSetting(std::string_view key, std::string_view value) override {
    return inner_->PutSetting(key, value);
  }
  Result<std::optional<std::string>> GetSetting(std::string_view key) override {
    return inner_->GetSetting(key);
  }
  Status AppendImportRecord(const ImportRecord& record) override {
    return inner_->AppendImportRecord(record);
  }
  Result<std::vector<ImportRecord>> ListImportRecords(int limit) override {
    return inner_->ListImportRecords(limit);
  }
  Result<std::optional<Customer>> GetCustomer(std::string_view id) override {
    return inner_->GetCustomer(id);
  }
  Result<std::vector<Customer>> FindCustomersByEmail(std::string_view email) override {
    return inner_->FindCustomersByEmail(email);
  }
  Result<std::vector<Customer>> FindCustomersByShopifyId(std::string_view shopify_id) override {
    return inner_->FindCustomersByShopifyId(shopify_id);
  }
  Result<std::optional<Order>> GetOrder(std::string_view id) override {
    return inner_->GetOrder(id);
  }
  Result<std::vector<Order>> FindOrdersByShopifyId(std::string_view shopify_id) override {
    return inner_->FindOrdersByShopifyId(shopify_id);
  }
  Result<CustomerRecords> GetCustomerRecords(std::string_view id) override {
    return inner_->GetCustomerRecords(id);
  }
  Status EraseCustomer(std::string_view id) override { return inner_->EraseCustomer(id); }
  Status PurgeDeletedData() override { return inner_->PurgeDeletedData(); }
  Result<int64_t> AppendJourneyLog(std::span<const JourneyLogRecord> records) override {
    return inner_->AppendJourneyLog(records);
  }
  Status ForEachJourneyLog(const std::function<Status(const JourneyLogRecord&)>& fn) override {
    return inner_->ForEachJourneyLog(fn);
  }
  Result<int64_t> EnqueueOutbox(std::span<const OutboxMessage> messages) override {
    return inner_->EnqueueOutbox(messages);
  }
  Result<std::vector<OutboxMessage>> ListOutbox(std::string_view journey_id, int limit) override {
    return inner_->ListOutbox(journey_id, limit);
  }
  Result<std::vector<OutboxMessage>> ClaimOutbox(Timestamp now, int64_t lease_seconds,
                                                 int limit) override {
    return inner_->ClaimOutbox(now, lease_seconds, limit);
  }
  Result<int64_t> RecordOutboxOutcomes(std::span<const OutboxOutcome> outcomes) override {
    return inner_->RecordOutboxOutcomes(outcomes);
  }
  Result<std::map<std::string, int64_t>> CountOutboxByStatus() override {
    return inner_->CountOutboxByStatus();
  }
  Result<std::vector<Consent>> GetConsents(std::string_view customer_id) override {
    return inner_->GetConsents(customer_id);
  }
  Result<bool> IsErased(std::string_view id_hash) override { return inner_->IsErased(id_hash); }
  Result<bool> AnyErased() override { return inner_->AnyErased(); }
  Status PutExperiment(const ExperimentRecord& experiment) override {
    return inner_->PutExperiment(experiment);
  }
  Result<std::optional<ExperimentRecord>> GetExperiment(std::string_view key) override {
    return inner_->GetExperiment(key);
  }
  Result<std::vector<ExperimentRecord>> ListExperiments() override {
    return inner_->ListExperiments();
  }
  Result<int64_t> RecordExposures(std::string_view experiment_key,
                                  std::span<const Exposure> exposures) override {
    return inner_->RecordExposures(experiment_key, exposures);
  }
  Status ForEachExposure(std::string_view experiment_key,
                         const std::function<Status(const Exposure&)>& fn) override {
    return inner_->ForEachExposure(experiment_key, fn);
  }
  Result<int64_t> CountExposures(std::string_view experiment_key) override {
    return inner_->CountExposures(experiment_key);
  }
  Status ForEachOrderSale(const std::function<Status(const OrderSale&)>& fn) override {
    return inner_->ForEachOrderSale(fn);
  }
  Result<int64_t> DataVersion() override { return inner_->DataVersion(); }

 private:
  template <class T>
  static void Check(const T& entity) {
    const std::string name(EntityTraits<T>::kName);
    if (Status s = CheckRequired(entity); !s.ok()) {
      Fail("importer wrote " + name + ": " + s.message());
    }
    for (const auto& field : EntityTraits<T>::Fields()) {
      std::visit(
          [&](auto member) {
            using M = std::remove_cvref_t<decltype(entity.*member)>;
            const M& v = entity.*member;
            bool bad = false;
            if constexpr (std::is_same_v<M, std::string>) {
              bad = !IsCleanUtf8(v);
            } else if constexpr (std::is_same_v<M, double>) {
              bad = !std::isfinite(v);
            } else if constexpr (std::is_same_v<M, std::optional<double>>) {
              bad = v && !std::isfinite(*v);
            }
            if (bad) {
              Fail("importer wrote " + name + "." + std::string(field.name) + " = " +
                   Shown(FieldToText(field, entity)));
            }
          },
          field.member);
    }
  }

  std::unique_ptr<Store> inner_;
};

Store& SharedStore() {
  static std::unique_ptr<Store> store;
  static int runs = 0;
  if (runs++ % kRunsPerStore == 0) {
    auto opened = OpenStore(":memory:");
    if (!opened.ok()) Fail("cannot open an in-memory store: " + opened.status().message());
    store = std::make_unique<CheckingStore>(std::move(opened).value());
  }
  return *store;
}

// The accounting every report must keep, whether the import succeeded or was aborted.
void CheckReport(const ImportReport& r, const std::string& path, uint64_t max_line, bool strict) {
  const std::string mode = strict ? "strict import: " : "lenient import: ";
  try {
    (void)r.ToJson().dump();
  } catch (const nlohmann::json::exception& e) {
    Fail(mode + "the report does not render as JSON: " + e.what() + "\n" + r.ToText());
  }
  const auto fail = [&](const std::string& what) { Fail(mode + what + "\n" + r.ToText()); };
  if (r.rows_read < 0 || r.rows_imported < 0 || r.rows_excluded < 0 || r.rows_skipped < 0) {
    fail("negative row counts");
  }
  if (r.errors.size() != std::min<size_t>(r.error_count, ImportReport::kMaxErrorsKept)) {
    fail(std::to_string(r.errors.size()) + " errors kept of " + std::to_string(r.error_count));
  }
  if (max_line > 0 && r.rows_read > static_cast<int64_t>(max_line)) {
    fail(std::to_string(r.rows_read) + " rows read from " + std::to_string(max_line) + " lines");
  }
  bool file_error = false;
  for (const ImportError& e : r.errors) {
    if (e.file != path || e.message.empty()) fail("an error without its file or message");
    if (max_line > 0 && e.line > max_line) {
      fail("an error on line " + std::to_string(e.line) + " of " + std::to_string(max_line));
    }
    file_error = file_error || e.line == 0;
  }
  if (!r.ok()) {
    if (!r.entities.empty()) fail("an aborted import reports entities written");
    if (r.error_count == 0) fail("aborted without an error: " + r.aborted);
    if (!strict && !file_error && r.errors.size() == static_cast<size_t>(r.error_count)) {
      fail("a lenient import aborted without a file error: " + r.aborted);
    }
    return;
  }
  if (r.rows_read != r.rows_imported + r.rows_excluded + r.rows_skipped) {
    fail("rows read != imported + excluded + skipped");
  }
  if (r.error_count != r.rows_skipped) fail("errors != rows skipped");
  if (file_error) fail("a file error (line 0) in a completed import");
}

void CheckAgreement(const ImportReport& strict, const ImportReport& lenient) {
  const std::string both = "\nstrict:\n" + strict.ToText() + "lenient:\n" + lenient.ToText();
  if (strict.ok()) {
    if (!lenient.ok() || lenient.rows_skipped != 0 || lenient.rows_read != strict.rows_read ||
        lenient.rows_excluded != strict.rows_excluded || lenient.entities != strict.entities) {
      Fail("a strict import succeeded but the lenient one differs" + both);
    }
  } else if (lenient.ok() && lenient.rows_skipped == 0) {
    Fail("a strict import aborted but the lenient one found nothing wrong" + both);
  }
}

// Whether two imports of the same data (re-imports are idempotent) read, wrote and reported alike.
bool SameOutcome(const ImportReport& a, const ImportReport& b) {
  const auto errors = [](const ImportReport& r) {
    std::vector<std::tuple<uint64_t, std::string, std::string>> out;
    for (const ImportError& e : r.errors) out.emplace_back(e.line, e.column, e.message);
    return out;
  };
  return a.aborted == b.aborted && a.rows_read == b.rows_read &&
         a.rows_imported == b.rows_imported && a.rows_excluded == b.rows_excluded &&
         a.rows_skipped == b.rows_skipped && a.entities == b.entities && a.details == b.details &&
         a.warnings == b.warnings && errors(a) == errors(b);
}

std::string Bytes(const uint8_t* data, size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

}  // namespace

void FuzzCsvReader(const uint8_t* data, size_t size) {
  const std::string input = Bytes(data, size);
  CsvOptions tab;
  tab.delimiter = '\t';
  CsvOptions tiny;
  tiny.max_field_bytes = 8;
  tiny.max_fields = 4;
  const uint64_t seed = 0x9E3779B97F4A7C15ull ^ (size * 0x100000001B3ull);
  const Decoded decoded = Decode(input);
  for (const CsvOptions& options : {CsvOptions{}, tab, tiny}) {
    const std::vector<CsvRecord> whole = ReadCsv(input, options, 0);
    // How much of a corrupt stream comes out before the error depends on the read sizes.
    const std::vector<CsvRecord> chunked = ReadCsv(input, options, seed);
    if (decoded.complete && chunked != whole) {
      Fail("reading in chunks of 1-7 bytes gives other records than reading whole (" +
           Describe(options) + ")");
    }
    if (decoded.ComparableWith(input) && ReadCsv(decoded.text, options, 0) != whole) {
      Fail("reading the compressed input gives other records than reading its decompressed text (" +
           Describe(options) + ")");
    }
    if (options.delimiter == ',' && options.max_fields == CsvOptions{}.max_fields) {
      CheckRoundTrip(whole, TempPath("written.csv"));
    }
  }
}

void FuzzImportFile(std::string_view format, std::string_view file_name, const uint8_t* data,
                    size_t size) {
  if (!MakeImporter(format).ok()) return;  // not registered (yet)
  const std::string input = Bytes(data, size);
  const std::string path = WriteInput(file_name, input);
  const Decoded decoded = Decode(input);
  Store& store = SharedStore();
  ImportOptions options;
  options.strict = true;
  const ImportReport strict = RunImport(store, format, {path}, options);
  options.strict = false;
  const ImportReport lenient = RunImport(store, format, {path}, options);
  CheckReport(strict, path, decoded.MaxLine(), true);
  CheckReport(lenient, path, decoded.MaxLine(), false);
  CheckAgreement(strict, lenient);
  if (decoded.ComparableWith(input)) {
    WriteInput(file_name, decoded.text);
    const ImportReport plain = RunImport(store, format, {path}, options);
    if (!SameOutcome(plain, lenient)) {
      Fail(
          "importing the compressed input differs from importing its decompressed text\n"
          "compressed:\n" +
          lenient.ToText() + "decompressed:\n" + plain.ToText());
    }
  }
}

void FuzzImportFormat(std::string_view format, const uint8_t* data, size_t size) {
  FuzzImportFile(format, "input.csv", data, size);
}

void FuzzJsonlEvents(const uint8_t* data, size_t size) {
  FuzzImportFile("generic", "events.jsonl", data, size);
}

void FuzzShopifyWebhook(const uint8_t* data, size_t size) {
  static constexpr std::string_view kTopics[] = {
      "orders/create",    "orders/updated",   "refunds/create",         "checkouts/create",
      "checkouts/update", "carts/create",     "carts/update",           "customers/create",
      "customers/update", "customers/redact", "customers/data_request", "shop/redact"};
  if (size == 0) return;
  const std::string_view topic = kTopics[data[0] % std::size(kTopics)];
  const std::string body = Bytes(data + 1, size - 1);
  const Result<WebhookChanges> parsed = ParseShopifyWebhook(topic, body);
  const Result<WebhookChanges> again = ParseShopifyWebhook(topic, body);
  if (parsed.ok() != again.ok() || parsed.status().message() != again.status().message()) {
    Fail("parsing the same webhook twice gives different outcomes");
  }
  if (!parsed.ok()) {
    if (parsed.status().code() != StatusCode::kInvalidArgument ||
        !StartsWith(parsed.status().message(), "$")) {
      Fail("a refused webhook's error does not name a JSON path: " + parsed.status().ToString());
    }
    return;
  }
  const WebhookChanges& c = parsed.value();
  Store& store = SharedStore();
  const auto put = [&](const auto& entities) {
    for (const auto& e : entities) {
      if (Status s = store.Put(&e); !s.ok())
        Fail("a parsed webhook entity is refused: " + s.ToString());
    }
  };
  put(c.customers);
  put(c.consents);
  put(c.orders);
  put(c.order_lines);
  put(c.returns);
  put(c.carts);
  put(c.cart_items);
  for (const std::string& id : c.erase_customers) {
    if (id.empty() || !IsCleanUtf8(id)) Fail("customers/redact gave an empty or unclean id");
  }
  if (c.data_request_customer && c.data_request_customer->empty()) {
    Fail("customers/data_request gave an empty id");
  }
}

const std::vector<FuzzTarget>& FuzzTargets() {
  static const std::vector<FuzzTarget> targets{
      {"csv_reader", "", FuzzCsvReader},
      {"generic_orders", "generic",
       [](const uint8_t* d, size_t n) { FuzzImportFile("generic", "orders.csv", d, n); }},
      {"generic_order_lines", "generic",
       [](const uint8_t* d, size_t n) { FuzzImportFile("generic", "order_lines.csv", d, n); }},
      {"generic_products", "generic",
       [](const uint8_t* d, size_t n) { FuzzImportFile("generic", "products.csv", d, n); }},
      {"generic_events", "generic", FuzzJsonlEvents},
      {"online_retail", "online-retail",
       [](const uint8_t* d, size_t n) { FuzzImportFormat("online-retail", d, n); }},
      {"interactions", "interactions",
       [](const uint8_t* d, size_t n) { FuzzImportFormat("interactions", d, n); }},
      {"shopify_orders", "shopify-orders",
       [](const uint8_t* d, size_t n) { FuzzImportFormat("shopify-orders", d, n); }},
      {"shopify_products", "shopify-products",
       [](const uint8_t* d, size_t n) { FuzzImportFormat("shopify-products", d, n); }},
      {"shopify_customers", "shopify-customers",
       [](const uint8_t* d, size_t n) { FuzzImportFormat("shopify-customers", d, n); }},
      {"shopify", "shopify", [](const uint8_t* d, size_t n) { FuzzImportFormat("shopify", d, n); }},
      {"shopify_webhooks", "", FuzzShopifyWebhook},
      {"api_request", "", FuzzApiRequest},
      {"http_request", "", FuzzHttpRequest},
  };
  return targets;
}

void Die(std::string_view fuzzer, const std::string& what) {
  std::fprintf(stderr, "%.*s fuzz: %s\n", static_cast<int>(fuzzer.size()), fuzzer.data(),
               what.c_str());
  std::abort();
}

}  // namespace mercato::fuzz
