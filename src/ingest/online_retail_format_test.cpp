// Tests of the UCI Online Retail importer: the documented rules on a small sample, and the
// published counts on the real file when ../shared/data has it.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "common/byte_source.h"
#include "common/date_order.h"
#include "common/time_zone.h"
#include "ingest/import_test_util.h"
#include "ingest/importer.h"

namespace mercato {
namespace {

using namespace mercato::testing;

constexpr const char* kHeader =
    "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n";
const std::string kSample =
    std::string(kHeader) +
    "536365,85123A,WHITE HANGING HEART,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom\n"
    "536365,71053,WHITE METAL LANTERN,6,2010-12-01 08:26:00,3.39,17850.0,United Kingdom\n"
    "536365,POST,POSTAGE,1,2010-12-01 08:26:00,18.0,17850.0,United Kingdom\n"
    "536366,22633,HAND WARMER,6,2010-12-01 08:28:00,1.85,,United Kingdom\n"
    "C536379,85123A,WHITE HANGING HEART,-2,2010-12-01 09:41:00,2.55,17850.0,United Kingdom\n"
    "C536379,D,Discount,-1,2010-12-01 09:41:00,27.5,17850.0,United Kingdom\n"
    "536380,22139,damaged,-12,2010-12-01 09:45:00,0.0,,United Kingdom\n"
    "536381,22139,,5,2010-12-01 09:46:00,0.0,,United Kingdom\n"
    "536382,AMAZONFEE,AMAZON FEE,1,2010-12-01 09:47:00,13.5,,United Kingdom\n"
    "A563185,B,Adjust bad debt,1,2011-08-12 14:50:00,11062.06,,United Kingdom\n"
    "536365,22752,SET 7 BABUSHKA,2,2010-12-01 08:26:00,7.65,17850.0,United Kingdom\n"
    "536390,22139,RETROSPOT TEA SET,3,2010-12-01 10:19:00,4.95,12583,France\n"
    "536391,22139,RETROSPOT TEA SET,oops,2010-12-01 10:19:00,4.95,12583,France\n";

TEST(OnlineRetail, AppliesTheDocumentedRules) {
  const std::string dir = FreshDir();
  auto store = FreshStore(dir);
  ImportReport r = Import(*store, "online-retail", {WriteFile(dir, "retail.csv", kSample)});
  ASSERT_TRUE(r.ok()) << r.aborted;
  EXPECT_EQ(r.rows_read, 13);
  EXPECT_EQ(r.rows_skipped, 1);
  EXPECT_EQ(r.rows_excluded, 4);  // stock adjustment, zero price, fee, bad debt
  EXPECT_EQ(r.rows_imported, 8);
  EXPECT_EQ(r.details["orders"], 3);
  EXPECT_EQ(r.details["return_invoices"], 1);
  EXPECT_EQ(r.details["excluded.stock_adjustment"], 1);
  EXPECT_EQ(r.details["excluded.non_product.AMAZONFEE"], 1);
  EXPECT_EQ(CountOf(*store, EntityKind::kOrder), 3);
  EXPECT_EQ(CountOf(*store, EntityKind::kOrderLine), 5);
  EXPECT_EQ(CountOf(*store, EntityKind::kReturn), 2);
  EXPECT_EQ(CountOf(*store, EntityKind::kCustomer), 2);
  EXPECT_EQ(CountOf(*store, EntityKind::kProduct), 5);  // POST, AMAZONFEE, D, B are not products

  std::map<std::string, Order> orders;
  for (const Order& o : All<Order>(*store)) orders[o.id] = o;
  // Invoice 536365 resumes after other invoices: its late line joins the same order.
  EXPECT_EQ(orders["536365"].customer_id, "17850");
  EXPECT_DOUBLE_EQ(*orders["536365"].shipping, 18.0);
  EXPECT_NEAR(*orders["536365"].total, 6 * 2.55 + 6 * 3.39 + 18.0 + 2 * 7.65, 1e-9);
  EXPECT_EQ(orders["536365"].ts, 1291191960);
  EXPECT_EQ(orders["536366"].customer_id, "");  // guest
  const std::vector<Return> returns = All<Return>(*store);
  ASSERT_EQ(returns.size(), 2u);
  EXPECT_EQ(returns[0].sku, "85123A");
  EXPECT_EQ(returns[0].quantity, 2);
  EXPECT_EQ(returns[0].customer_id, "17850");
  EXPECT_EQ(returns[1].reason, "discount");
  EXPECT_EQ(returns[1].sku, "");
}

TEST(OnlineRetail, InvoiceDatesAreReadInTheStoresTimeZone) {
  const std::string dir = FreshDir();
  auto store = FreshStore(dir);
  ImportOptions options;
  options.time_zone = TimeZone::Parse("-05:00").value();
  const ImportReport r =
      RunImport(*store, "online-retail", {WriteFile(dir, "retail.csv", kSample)}, options);
  ASSERT_TRUE(r.ok()) << r.aborted;
  std::map<std::string, Order> orders;
  for (const Order& o : All<Order>(*store)) orders[o.id] = o;
  EXPECT_EQ(orders["536365"].ts, 1291191960 + 5 * 3600);  // 08:26 at UTC-05:00
}

TEST(OnlineRetail, MissingColumnAbortsNamingIt) {
  const std::string dir = FreshDir();
  auto store = FreshStore(dir);
  ImportReport r =
      Import(*store, "online-retail", {WriteFile(dir, "retail.csv", "InvoiceNo,StockCode\n1,2\n")});
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.aborted.find("'Description'"), std::string::npos);
}

// Regression (issue 14 item 13): a price written "2,55" shifted the columns and created customer
// "55" in country "17850.0"; a record whose field count differs from the header's is a bad row.
TEST(OnlineRetail, RecordsWithTheWrongFieldCountAreBadRows) {
  const std::string dir = FreshDir();
  const std::string path = WriteFile(
      dir, "retail.csv",
      std::string(kHeader) +
          "536365,85123A,WHITE HANGING HEART,6,2010-12-01 08:26:00,2,55,17850.0,United Kingdom\n"
          "536366,22633,HAND WARMER,6,2010-12-01 08:28:00,1.85\n"
          "536367,22633,HAND WARMER,6,2010-12-01 08:28:00,1.85,12583,France\n");
  auto store = FreshStore(dir);
  ImportReport r = Import(*store, "online-retail", {path});
  ASSERT_TRUE(r.ok()) << r.aborted;
  EXPECT_EQ(r.rows_skipped, 2);
  EXPECT_EQ(r.rows_imported, 1);
  ASSERT_EQ(r.errors.size(), 2u);
  EXPECT_EQ(r.errors[0].line, 2u);
  EXPECT_NE(r.errors[0].message.find("expected 8 fields as in the header, got 9"),
            std::string::npos)
      << r.errors[0].message;
  EXPECT_EQ(r.errors[1].line, 3u);
  const std::vector<Customer> customers = All<Customer>(*store);
  ASSERT_EQ(customers.size(), 1u);
  EXPECT_EQ(customers[0].id, "12583");

  auto fresh = FreshStore(dir + "/strict");
  ImportReport strict = Import(*fresh, "online-retail", {path}, /*strict=*/true);
  EXPECT_FALSE(strict.ok());
  EXPECT_NE(strict.aborted.find("retail.csv:2"), std::string::npos) << strict.aborted;
  EXPECT_EQ(CountOf(*fresh, EntityKind::kOrder), 0);
}

// Regression (issue 14 item 15): day-first dates were read month-first when the day was <= 12.
// The file's convention is detected from all its rows, or given; evidence both ways is refused.
TEST(OnlineRetail, SlashDatesFollowTheFilesConvention) {
  const std::string dir = FreshDir();
  const std::string day_first = WriteFile(dir, "dmy.csv",
                                          std::string(kHeader) +
                                              "1,A,Tea,1,05/03/2011 10:00,2.5,1,France\n"
                                              "2,A,Tea,1,25/03/2011 10:00,2.5,1,France\n");
  auto store = FreshStore(dir);
  ImportReport r = Import(*store, "online-retail", {day_first});
  ASSERT_TRUE(r.ok()) << r.aborted;
  std::map<std::string, Order> orders;
  for (const Order& o : All<Order>(*store)) orders[o.id] = o;
  EXPECT_EQ(orders["1"].ts, ParseTimestamp("2011-03-05 10:00").value());  // 5 March
  EXPECT_EQ(orders["2"].ts, ParseTimestamp("2011-03-25 10:00").value());
  EXPECT_EQ(r.details["dates.day_first"], 1);

  // Both conventions proven: refused, naming a line of each.
  const std::string mixed = WriteFile(dir, "mixed.csv",
                                      std::string(kHeader) +
                                          "1,A,Tea,1,25/03/2011 10:00,2.5,1,France\n"
                                          "2,A,Tea,1,03/25/2011 10:00,2.5,1,France\n");
  auto store2 = FreshStore(dir + "/mixed");
  ImportReport both = Import(*store2, "online-retail", {mixed});
  EXPECT_FALSE(both.ok());
  EXPECT_NE(both.aborted.find("day-first on line 2"), std::string::npos) << both.aborted;
  EXPECT_NE(both.aborted.find("month-first on line 3"), std::string::npos) << both.aborted;

  // All ambiguous: the UCI layout is documented month-first; an explicit option overrides.
  const std::string ambiguous = WriteFile(
      dir, "ambiguous.csv", std::string(kHeader) + "1,A,Tea,1,05/03/2011 10:00,2.5,1,France\n");
  auto store3 = FreshStore(dir + "/ambiguous");
  ASSERT_TRUE(Import(*store3, "online-retail", {ambiguous}).ok());
  EXPECT_EQ(All<Order>(*store3)[0].ts, ParseTimestamp("2011-05-03 10:00").value());
  ImportOptions dmy;
  dmy.date_order = DateOrder::kDayFirst;
  auto store4 = FreshStore(dir + "/option");
  ASSERT_TRUE(RunImport(*store4, "online-retail", {ambiguous}, dmy).ok());
  EXPECT_EQ(All<Order>(*store4)[0].ts, ParseTimestamp("2011-03-05 10:00").value());
  // An option contradicted by the file is refused.
  auto store5 = FreshStore(dir + "/contradicted");
  ImportOptions mdy;
  mdy.date_order = DateOrder::kMonthFirst;
  ImportReport contradicted = RunImport(*store5, "online-retail", {day_first}, mdy);
  EXPECT_FALSE(contradicted.ok());
  EXPECT_NE(contradicted.aborted.find("line 3"), std::string::npos) << contradicted.aborted;
}

// Regression (issue 14 item 15): rows of one invoice that disagree on customer, date or country
// were merged silently; the first row's values are kept, and the conflict is warned and counted.
TEST(OnlineRetail, ConflictingRowsOfOneInvoiceAreWarnedAndCounted) {
  const std::string dir = FreshDir();
  auto store = FreshStore(dir);
  ImportReport r =
      Import(*store, "online-retail",
             {WriteFile(dir, "retail.csv",
                        std::string(kHeader) + "1,A,Tea,1,2011-03-05 10:00,2.5,17850,France\n"
                                               "1,B,Cup,1,2011-03-05 10:00,2.5,12583,France\n"
                                               "2,A,Tea,1,2011-03-05 10:00,2.5,17850,France\n"
                                               "2,B,Cup,1,2011-04-05 10:00,2.5,17850,Spain\n"
                                               "3,A,Tea,1,2011-03-05 10:00,2.5,17850,France\n"
                                               "3,B,Cup,2,2011-03-05 10:00,2.5,17850,France\n")});
  ASSERT_TRUE(r.ok()) << r.aborted;
  EXPECT_EQ(r.details["invoice_conflicts"], 2);
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_NE(r.warnings[0].find("invoice 1"), std::string::npos) << r.warnings[0];
  EXPECT_NE(r.warnings[0].find("line 3"), std::string::npos) << r.warnings[0];
  EXPECT_EQ(All<Order>(*store)[0].customer_id, "17850");
}

// Regression (issue 14 item 15): causes that were reported as "expected a header line" or a
// missing column are named.
TEST(OnlineRetail, UnreadableStartsNameTheirCause) {
  const std::string dir = FreshDir();
  struct Case {
    std::string name, content, cause;
  };
  const std::string utf16 = std::string("\xFF\xFE", 2) + std::string("I\0n\0v\0", 6);
  const std::vector<Case> cases = {
      {"utf16le.csv", utf16, "UTF-16"},
      {"utf16be.csv", std::string("\xFE\xFF\0I\0n", 6), "UTF-16"},
      {"huge.csv", std::string(2 << 20, 'x') + "\n", "longer than"},
      {"corrupt.csv.zst", std::string("\x28\xB5\x2F\xFD", 4) + std::string(64, '\xAB'),
       "corrupt zstd"},
      {"empty.csv", "", "the file is empty"},
  };
  for (const Case& c : cases) {
    auto store = FreshStore(dir + "/" + c.name + ".d");
    ImportReport r = Import(*store, "online-retail", {WriteFile(dir, c.name, c.content)});
    EXPECT_FALSE(r.ok()) << c.name;
    EXPECT_NE(r.aborted.find(c.cause), std::string::npos) << c.name << ": " << r.aborted;
  }
}

// The shared UCI file: published counts, idempotence and strict failure on a corrupted copy.
TEST(OnlineRetail, RealFileCountsIdempotenceAndStrictness) {
  const std::string path = SharedData("uci-online-retail/online_retail.csv.zst");
  if (path.empty()) GTEST_SKIP() << "../shared/data/uci-online-retail absent; skipping";
  const std::string dir = FreshDir();
  auto store = FreshStore(dir);
  ImportReport r = Import(*store, "online-retail", {path});
  ASSERT_TRUE(r.ok()) << r.aborted;
  EXPECT_EQ(r.rows_read, 541909);
  EXPECT_EQ(r.rows_skipped, 0);
  EXPECT_EQ(r.rows_read, r.rows_imported + r.rows_excluded);
  EXPECT_EQ(CountOf(*store, EntityKind::kCustomer), 4372);
  // 4,070 stock codes less 16 non-product codes (POST, DOT, C2, D, M, m, S, B, BANK CHARGES,
  // AMAZONFEE, CRUK and five gift_0001_* vouchers).
  EXPECT_EQ(CountOf(*store, EntityKind::kProduct), 4054);
  // 25,900 invoices = 19,773 orders + 3,836 'C' + 1,336 stock adjustments + 765 zero-price-only
  // + 187 without products + 3 'A' (bad debt).
  EXPECT_EQ(CountOf(*store, EntityKind::kOrder), 19773);
  // The report counted invoice 542806, whose rows resume later in the file, twice (issue 14
  // item 15).
  EXPECT_EQ(r.entities["orders"], 19773);
  EXPECT_EQ(r.entities["order_lines"], 527761);
  EXPECT_EQ(r.details["orders"], 19773);
  EXPECT_EQ(r.details.count("invoice_conflicts"), 0u);
  EXPECT_EQ(r.details["return_invoices"], 3763);  // 'C' invoices that are not only fees
  const std::string before = StoreFingerprint(*store);
  ASSERT_TRUE(Import(*store, "online-retail", {path}).ok());
  EXPECT_EQ(StoreFingerprint(*store), before);

  // A copy with one corrupted line: strict writes nothing and names the line.
  auto source = OpenByteSource(path).value();
  std::string text, chunk(1 << 20, '\0');
  for (;;) {
    const size_t got = source->Read(chunk.data(), chunk.size()).value();
    if (got == 0) break;
    text.append(chunk.data(), got);
  }
  size_t pos = 0;
  for (int line = 1; line < 1000; ++line) pos = text.find('\n', pos) + 1;  // start of line 1000
  text.replace(text.find(",", text.find(",", text.find(",", pos) + 1) + 1) + 1, 1, "X");
  auto fresh = FreshStore(dir + "/strict");
  ImportReport strict = Import(*fresh, "online-retail", {WriteFile(dir, "bad.csv", text)}, true);
  EXPECT_FALSE(strict.ok());
  EXPECT_NE(strict.aborted.find("bad.csv:1000 [Quantity]"), std::string::npos) << strict.aborted;
  EXPECT_EQ(CountOf(*fresh, EntityKind::kOrder), 0);
  EXPECT_EQ(CountOf(*fresh, EntityKind::kOrderLine), 0);
}

}  // namespace
}  // namespace mercato
