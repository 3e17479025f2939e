// Tests of the generic format: folders, headers, JSONL, idempotence, strict and lenient modes.
#include <gtest/gtest.h>
#include <zstd.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "common/time_zone.h"
#include "ingest/import_test_util.h"
#include "ingest/importer.h"

namespace mercato {
namespace {

using namespace mercato::testing;

const char* kProducts =
    "sku,title,category,price\nS1,Red mug,Home > Kitchen,9.5\nS2,Blue mug,Home > Kitchen,9.5\n";
const char* kCustomers = "id,email,country\nC1,a@example.com,DE\nC2,b@example.com,US\n";
const char* kOrders =
    "id,customer_id,ts,total\nO1,C1,2024-01-02T10:00:00Z,19\nO2,,2024-01-03 11:00:00,9.5\n";
const char* kLines = "order_id,sku,quantity,unit_price\nO1,S1,1,9.5\nO1,S2,1,9.5\nO2,S1,1,9.5\n";
const char* kEvents =
    "{\"session_id\":\"s1\",\"customer_id\":\"C1\",\"ts\":\"2024-01-02T09:58:00Z\",\"type\":"
    "\"view\",\"sku\":\"S1\"}\n"
    "\n"
    "{\"session_id\":\"s1\",\"ts\":1704189540,\"type\":\"add_to_cart\",\"sku\":\"S1\",\"value\":9."
    "5}\n";

std::string WriteStore(const std::string& dir) {
  const std::string store_dir = dir + "/input";
  std::filesystem::create_directories(store_dir);
  WriteFile(store_dir, "products.csv", kProducts);
  WriteFile(store_dir, "customers.csv", kCustomers);
  WriteFile(store_dir, "orders.csv", kOrders);
  WriteFile(store_dir, "order_lines.csv", kLines);
  WriteFile(store_dir, "events.jsonl", kEvents);
  WriteFile(store_dir, "consent.csv",
            "customer_id,purpose,granted,ts\nC1,email_marketing,yes,2024-01-01\n");
  WriteFile(store_dir, "README.txt", "not data");
  return store_dir;
}

TEST(GenericFormat, ImportsAFolderParentsFirst) {
  const std::string dir = FreshDir();
  auto store = FreshStore(dir);
  ImportReport r = Import(*store, "generic", {WriteStore(dir)});
  ASSERT_TRUE(r.ok()) << r.aborted;
  EXPECT_EQ(r.rows_read, 12);
  EXPECT_EQ(r.rows_imported, 12);
  EXPECT_EQ(r.rows_skipped, 0);
  EXPECT_EQ(CountOf(*store, EntityKind::kOrderLine), 3);
  EXPECT_EQ(CountOf(*store, EntityKind::kEvent), 2);
  EXPECT_EQ(CountOf(*store, EntityKind::kConsent), 1);
  ASSERT_EQ(r.warnings.size(), 1u);  // README.txt
  std::vector<std::pair<std::string, int64_t>> lines;
  for (const OrderLine& l : All<OrderLine>(*store)) lines.emplace_back(l.order_id, l.line_no);
  EXPECT_EQ(lines, (std::vector<std::pair<std::string, int64_t>>{{"O1", 1}, {"O1", 2}, {"O2", 1}}));
  const std::vector<Event> events = All<Event>(*store);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].id.substr(0, 3), "ev-");
  EXPECT_NE(events[0].id, events[1].id);
}

TEST(GenericFormat, TheStoresTimeZoneReadsTimestampsWrittenWithoutAnOffset) {
  const std::string dir = FreshDir();
  auto store = FreshStore(dir);
  ImportOptions options;
  options.time_zone = TimeZone::Parse("America/New_York").value();
  const ImportReport r = RunImport(*store, "generic", {WriteStore(dir)}, options);
  ASSERT_TRUE(r.ok()) << r.aborted;
  std::map<std::string, Timestamp> ts;
  for (const Order& o : All<Order>(*store)) ts[o.id] = o.ts;
  EXPECT_EQ(ts["O1"], ParseTimestamp("2024-01-02T10:00:00Z").value());  // its own offset
  EXPECT_EQ(ts["O2"], ParseTimestamp("2024-01-03T16:00:00Z").value());  // 11:00 EST
  const std::vector<Consent> consents = All<Consent>(*store);
  ASSERT_EQ(consents.size(), 1u);
  EXPECT_EQ(consents[0].ts, ParseTimestamp("2024-01-01T05:00:00Z").value());  // midnight EST
  std::vector<Timestamp> events;  // JSONL: an offset and an epoch number stay as written
  for (const Event& e : All<Event>(*store)) events.push_back(e.ts);
  std::sort(events.begin(), events.end());
  EXPECT_EQ(events, (std::vector<Timestamp>{1704189480, 1704189540}));
}

TEST(GenericFormat, WithoutATimeZoneTimestampsWithoutAnOffsetAreUtc) {
  const std::string dir = FreshDir();
  auto store = FreshStore(dir);
  ASSERT_TRUE(Import(*store, "generic", {WriteStore(dir)}).ok());
  std::map<std::string, Timestamp> ts;
  for (const Order& o : All<Order>(*store)) ts[o.id] = o.ts;
  EXPECT_EQ(ts["O2"], ParseTimestamp("2024-01-03T11:00:00Z").value());
}

TEST(GenericFormat, SecondImportChangesNothing) {
  const std::string dir = FreshDir();
  auto store = FreshStore(dir);
  const std::string input = WriteStore(dir);
  ASSERT_TRUE(Import(*store, "generic", {input}).ok());
  const std::string before = StoreFingerprint(*store);
  ImportReport again = Import(*store, "generic", {input});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(StoreFingerprint(*store), before);
}

TEST(GenericFormat, StrictAbortsOnFirstBadRowAndWritesNothing) {
  const std::string dir = FreshDir();
  auto store = FreshStore(dir);
  const std::string input = WriteStore(dir);
  WriteFile(input, "order_lines.csv",
            "order_id,sku,quantity,unit_price\nO1,S1,1,9.5\nO1,S2,lots,9.5\nO2,S1,1,9.5\n");
  ImportReport strict = Import(*store, "generic", {input}, /*strict=*/true);
  EXPECT_FALSE(strict.ok());
  EXPECT_NE(strict.aborted.find("order_lines.csv:3 [quantity]"), std::string::npos)
      << strict.aborted;
  for (size_t k = 0; k < kEntityKindCount; ++k) {
    EXPECT_EQ(CountOf(*store, static_cast<EntityKind>(k)), 0) << EntityNames()[k];
  }
  ImportReport lenient = Import(*store, "generic", {input});
  ASSERT_TRUE(lenient.ok());
  EXPECT_EQ(lenient.rows_skipped, 1);
  ASSERT_EQ(lenient.errors.size(), 1u);
  EXPECT_EQ(lenient.errors[0].line, 3u);
  EXPECT_EQ(lenient.errors[0].column, "quantity");
  EXPECT_NE(lenient.errors[0].message.find("expected a whole number"), std::string::npos);
  EXPECT_EQ(CountOf(*store, EntityKind::kOrderLine), 2);
}

TEST(GenericFormat, RowLevelProblemsAreReportedPerLine) {
  const std::string dir = FreshDir();
  auto store = FreshStore(dir);
  const std::string orders =
      WriteFile(dir, "orders.csv", "id,ts\nO1,2024-01-01\nO2,last tuesday\nO3,2024-01-01,extra\n");
  const std::string lines =
      WriteFile(dir, "order_lines.csv", "order_id,sku,quantity\nO1,S1,1\nNOPE,S1,1\n");
  ImportReport r = Import(*store, "generic", {orders, lines});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r.errors.size(), 3u);
  EXPECT_EQ(r.errors[0].line, 3u);
  EXPECT_EQ(r.errors[0].column, "ts");
  EXPECT_NE(r.errors[1].message.find("expected 2 fields"), std::string::npos);
  EXPECT_NE(r.errors[2].message.find("order 'NOPE'"), std::string::npos);
  EXPECT_EQ(r.rows_imported, 2);
}

TEST(GenericFormat, MissingRequiredColumnAbortsNamingIt) {
  const std::string dir = FreshDir();
  auto store = FreshStore(dir);
  const std::string orders = WriteFile(dir, "orders.csv", "id,total\nO1,5\n");
  ImportReport r = Import(*store, "generic", {orders});
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.aborted.find("missing required column 'ts'"), std::string::npos) << r.aborted;
  EXPECT_EQ(CountOf(*store, EntityKind::kOrder), 0);
}

TEST(GenericFormat, UnknownFileNameAndGarbageNeverCrash) {
  const std::string dir = FreshDir();
  auto store = FreshStore(dir);
  ImportReport unknown = Import(*store, "generic", {WriteFile(dir, "stuff.csv", "a,b\n1,2\n")});
  EXPECT_FALSE(unknown.ok());
  EXPECT_NE(unknown.aborted.find("cannot tell which entity"), std::string::npos);
  std::string garbage;
  for (int i = 0; i < 5000; ++i) garbage.push_back(static_cast<char>((i * 7919) % 256));
  ImportReport bin = Import(*store, "generic", {WriteFile(dir, "events.csv", garbage)});
  EXPECT_FALSE(bin.ok());  // no usable header
  ImportReport empty = Import(*store, "generic", {WriteFile(dir, "products.csv", "")});
  EXPECT_TRUE(empty.ok());
  EXPECT_EQ(empty.warnings.size(), 1u);
  ImportReport deep = Import(
      *store, "generic",
      {WriteFile(dir, "events.jsonl",
                 std::string(100000, '[') + "\n{\"ts\":\"2024-01-01\",\"type\":\"view\"}\n")});
  ASSERT_TRUE(deep.ok());
  EXPECT_EQ(deep.rows_skipped, 1);
  EXPECT_EQ(deep.rows_imported, 1);
  ImportReport missing = Import(*store, "generic", {dir + "/nope/orders.csv"});
  EXPECT_FALSE(missing.ok());
  ASSERT_EQ(missing.errors.size(), 1u);  // the reason is in the errors too
  EXPECT_NE(missing.errors[0].message.find("cannot open"), std::string::npos);
}

TEST(GenericFormat, ReadsZstdCompressedFiles) {
  const std::string dir = FreshDir();
  auto store = FreshStore(dir);
  const std::string text = kProducts;
  std::string zst(ZSTD_compressBound(text.size()), '\0');
  zst.resize(ZSTD_compress(zst.data(), zst.size(), text.data(), text.size(), 3));
  ImportReport r = Import(*store, "generic", {WriteFile(dir, "products.csv.zst", zst)});
  ASSERT_TRUE(r.ok()) << r.aborted;
  EXPECT_EQ(CountOf(*store, EntityKind::kProduct), 2);
}

// Regression (issue 14 item 12): a truncated or corrupt compressed file committed what was read
// before the break, with "ok": true, in lenient mode (an order half-written). A broken stream
// aborts the whole import in every mode, and nothing is written.
TEST(GenericFormat, BrokenCompressedStreamAbortsAndWritesNothing) {
  std::string lines = "order_id,sku,quantity,unit_price\n";
  for (int i = 0; i < 20000; ++i) {
    lines += "O" + std::to_string(i / 3) + ",S" + std::to_string(i % 7) + ",1,9.5\n";
  }
  std::string zst(ZSTD_compressBound(lines.size()), '\0');
  zst.resize(ZSTD_compress(zst.data(), zst.size(), lines.data(), lines.size(), 3));
  std::string corrupt = zst;
  for (size_t i = corrupt.size() / 2; i < corrupt.size() / 2 + 64; ++i) corrupt[i] ^= 0x5A;
  for (const std::string& broken : {zst.substr(0, zst.size() / 2), corrupt}) {
    for (const bool strict : {false, true}) {
      const std::string dir = FreshDir();
      auto store = FreshStore(dir);
      ImportReport r =
          Import(*store, "generic", {WriteFile(dir, "order_lines.csv.zst", broken)}, strict);
      EXPECT_FALSE(r.ok()) << "strict=" << strict;
      EXPECT_NE(r.aborted.find("zstd"), std::string::npos) << r.aborted;
      EXPECT_EQ(CountOf(*store, EntityKind::kOrderLine), 0) << "strict=" << strict;
      EXPECT_TRUE(r.entities.empty());
    }
  }
}

// Regression (issue 14 item 8): a JSON number beyond a double's range is an error of its row
// naming the key, not "expected one JSON object per line".
TEST(GenericFormat, OutOfRangeJsonNumberNamesTheKey) {
  const std::string dir = FreshDir();
  auto store = FreshStore(dir);
  ImportReport r = Import(
      *store, "generic",
      {WriteFile(dir, "events.jsonl",
                 "{\"session_id\":\"s1\",\"ts\":1704189540,\"type\":\"view\",\"value\":1e999}\n"
                 "1e999\n"
                 "{\"session_id\":\"s1\",\"ts\":1704189540,\"type\":\"view\",\"value\":2}\n")});
  ASSERT_TRUE(r.ok()) << r.aborted;
  EXPECT_EQ(r.rows_imported, 1);
  ASSERT_EQ(r.errors.size(), 2u);
  EXPECT_EQ(r.errors[0].column, "value");
  EXPECT_NE(r.errors[0].message.find("out of range"), std::string::npos) << r.errors[0].message;
  EXPECT_EQ(r.errors[1].column, "");
  EXPECT_EQ(r.errors[1].line, 2u);
}

// Regression (issue 14 item 15): generic products took a negative price, an unknown status and
// attributes that are not a JSON object.
TEST(GenericFormat, ProductValuesAreChecked) {
  const std::string dir = FreshDir();
  auto store = FreshStore(dir);
  ImportReport r = Import(*store, "generic",
                          {WriteFile(dir, "products.csv",
                                     "sku,price,status,attributes\n"
                                     "S1,-2,active,\n"
                                     "S2,2,sold,\n"
                                     "S3,2,active,\"{\"\"color\"\":\"\"red\"\"\"\n"
                                     "S4,2,active,\"[1,2]\"\n"
                                     "S5,2,draft,\"{\"\"color\"\":\"\"red\"\"}\"\n")});
  ASSERT_TRUE(r.ok()) << r.aborted;
  EXPECT_EQ(r.rows_imported, 1);
  ASSERT_EQ(r.errors.size(), 4u);
  EXPECT_EQ(r.errors[0].column, "price");
  EXPECT_NE(r.errors[0].message.find("0 or more"), std::string::npos) << r.errors[0].message;
  EXPECT_EQ(r.errors[1].column, "status");
  EXPECT_NE(r.errors[1].message.find("active, draft or archived"), std::string::npos);
  EXPECT_EQ(r.errors[2].column, "attributes");
  EXPECT_EQ(r.errors[3].column, "attributes");
  EXPECT_EQ(r.errors[3].line, 5u);
  EXPECT_EQ(CountOf(*store, EntityKind::kProduct), 1);
}

// Regression (issue 14 item 15): a header naming one column twice was accepted (the first copy
// silently won).
TEST(GenericFormat, DuplicateHeaderColumnAborts) {
  const std::string dir = FreshDir();
  auto store = FreshStore(dir);
  ImportReport r =
      Import(*store, "generic", {WriteFile(dir, "products.csv", "sku,price,Price\nS1,2,3\n")});
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.aborted.find("'price' appears twice"), std::string::npos) << r.aborted;
  EXPECT_EQ(CountOf(*store, EntityKind::kProduct), 0);
}

TEST(GenericFormat, ProgressCountsEachFilesOwnRows) {
  // Each file's progress line counts its rows, not the rows of the files before it as well.
  const std::string dir = FreshDir();
  auto store = FreshStore(dir);
  ImportOptions options;
  options.progress = true;
  ::testing::internal::CaptureStderr();
  const ImportReport report = RunImport(*store, "generic", {WriteStore(dir)}, options);
  const std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_TRUE(report.aborted.empty()) << report.aborted;
  EXPECT_NE(log.find("import products.csv: 2 rows in"), std::string::npos) << log;
  EXPECT_NE(log.find("import order_lines.csv: 3 rows in"), std::string::npos) << log;
  EXPECT_NE(log.find("import consent.csv: 1 rows in"), std::string::npos) << log;
}

}  // namespace
}  // namespace mercato
