// Tests of the shopify-orders importer, and of the contract the three Shopify importers share:
// re-importing changes nothing, a strict import with a bad row writes nothing and names the row,
// a lenient one skips exactly that row, and garbage input gives errors, never a crash.
#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "common/text.h"
#include "common/time.h"
#include "ingest/import_test_util.h"
#include "ingest/shopify_common.h"

namespace mercato {
namespace {

using testing::All;
using testing::CountOf;
using testing::FreshDir;
using testing::FreshStore;
using testing::Import;
using testing::StoreFingerprint;
using testing::WriteFile;

const std::string kData = MERCATO_SOURCE_DIR "/tests/data/shopify/";
const std::string kOrders = kData + "orders_export.csv";

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

template <class T, class Pred>
T Find(Store& store, Pred pred) {
  const std::vector<T> all = All<T>(store);
  const auto it = std::find_if(all.begin(), all.end(), pred);
  EXPECT_NE(it, all.end());
  return it == all.end() ? T{} : *it;
}

Order OrderNamed(Store& store, const std::string& id) {
  return Find<Order>(store, [&](const Order& o) { return o.id == id; });
}

std::vector<OrderLine> LinesOf(Store& store, const std::string& order_id) {
  std::vector<OrderLine> lines;
  for (const OrderLine& l : All<OrderLine>(store)) {
    if (l.order_id == order_id) lines.push_back(l);
  }
  return lines;
}

Timestamp Utc(const std::string& text) { return ParseTimestamp(text).value(); }

// 1-based line of byte `offset` in `text`.
uint64_t LineAt(const std::string& text, size_t offset) {
  return 1 + static_cast<uint64_t>(std::count(text.begin(), text.begin() + offset, '\n'));
}

// Every stored entity as text, in key order: what "nothing changed" compares.
std::string Dump(Store& store) {
  std::string out;
  ForEachEntityType([&](auto tag) {
    using T = typename decltype(tag)::type;
    for (const T& e : All<T>(store)) {
      out += EntityTraits<T>::kName;
      for (const auto& f : EntityTraits<T>::Fields()) out += "|" + FieldToText(f, e);
      out += "\n";
    }
  });
  return out;
}

TEST(ShopifyOrders, ImportsTheSampleExport) {
  const std::string dir = FreshDir();
  auto store = FreshStore(dir);
  const ImportReport r = Import(*store, "shopify-orders", {kOrders});
  ASSERT_TRUE(r.ok()) << r.aborted;
  EXPECT_EQ(r.rows_read, 11);
  EXPECT_EQ(r.rows_imported, 11);
  EXPECT_EQ(r.rows_skipped, 0);
  EXPECT_EQ(r.error_count, 0);
  EXPECT_EQ(CountOf(*store, EntityKind::kOrder), 6);
  EXPECT_EQ(CountOf(*store, EntityKind::kOrderLine), 11);
  EXPECT_EQ(CountOf(*store, EntityKind::kCustomer), 4);  // jane (2 orders), john, alice, bob
  EXPECT_EQ(CountOf(*store, EntityKind::kConsent), 5);   // one per order with an email
  EXPECT_EQ(CountOf(*store, EntityKind::kReturn), 2);    // #1003 (cancelled), #1004 (partial)
  EXPECT_EQ(r.details.at("guest_orders"), 1);
  EXPECT_EQ(r.details.at("lines_without_sku"), 1);
}

TEST(ShopifyOrders, MapsOrderFieldsFromTheFirstRow) {
  const std::string dir = FreshDir();
  auto store = FreshStore(dir);
  ASSERT_TRUE(Import(*store, "shopify-orders", {kOrders}).ok());

  const Order o = OrderNamed(*store, "#1001");
  EXPECT_EQ(o.shopify_id, "5512345678901");      // the Id column
  EXPECT_EQ(o.ts, Utc("2024-01-15T15:23:45Z"));  // 10:23:45 -0500
  EXPECT_EQ(o.customer_id, shopify::CustomerIdFromEmail("jane.doe@example.com"));
  EXPECT_EQ(o.channel, "web");
  EXPECT_EQ(o.currency, "USD");
  EXPECT_EQ(o.discount_code, "WELCOME10");
  EXPECT_DOUBLE_EQ(o.discount_total.value(), 11.0);
  EXPECT_DOUBLE_EQ(o.shipping.value(), 5.0);
  EXPECT_DOUBLE_EQ(o.tax.value(), 9.08);
  EXPECT_DOUBLE_EQ(o.total.value(), 113.08);
  EXPECT_EQ(o.country, "US");
  EXPECT_EQ(o.region, "IL");
  EXPECT_EQ(o.financial_status, "paid");
  EXPECT_FALSE(o.cancelled_at.has_value());

  const std::vector<OrderLine> lines = LinesOf(*store, "#1001");
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].line_no, 1);
  EXPECT_EQ(lines[0].sku, "LS-M-BLU");
  EXPECT_EQ(lines[0].title, "Linen Shirt - M / Blue");
  EXPECT_EQ(lines[0].quantity, 2);
  EXPECT_DOUBLE_EQ(lines[0].unit_price.value(), 45.0);
  EXPECT_DOUBLE_EQ(lines[0].discount.value(), 9.0);
  EXPECT_EQ(lines[1].line_no, 2);
  EXPECT_EQ(lines[1].sku, "WS-001");
  EXPECT_EQ(lines[1].quantity, 1);
}

TEST(ShopifyOrders, GuestsAddressesAndRepeatedOrderFields) {
  const std::string dir = FreshDir();
  auto store = FreshStore(dir);
  ASSERT_TRUE(Import(*store, "shopify-orders", {kOrders}).ok());

  const Order guest = OrderNamed(*store, "#1002");
  EXPECT_EQ(guest.customer_id, "");
  EXPECT_EQ(guest.channel, "pos");
  EXPECT_EQ(guest.currency, "GBP");
  EXPECT_EQ(guest.country, "GB");  // no shipping address: the billing country

  const Order gift = OrderNamed(*store, "#1004");  // shipped elsewhere than billed
  EXPECT_EQ(gift.country, "CA");
  EXPECT_EQ(gift.region, "ON");
  const std::vector<OrderLine> gift_lines = LinesOf(*store, "#1004");
  ASSERT_EQ(gift_lines.size(), 2u);
  EXPECT_EQ(gift_lines[0].title, "Ceramic Mug, Speckled");
  EXPECT_EQ(gift_lines[1].sku, "title:custom-engraving");  // no Lineitem sku

  const Order abroad = OrderNamed(*store, "#1005");
  EXPECT_EQ(abroad.country, "DE");
  EXPECT_EQ(abroad.region, "BE");
  EXPECT_EQ(abroad.customer_id, shopify::CustomerIdFromEmail("jane.doe@example.com"));

  const Order draft = OrderNamed(*store, "#1006");  // order fields repeated on every row
  EXPECT_EQ(draft.channel, "shopify_draft_order");
  EXPECT_EQ(draft.discount_code, "SPRING-SALE");
  EXPECT_DOUBLE_EQ(draft.total.value(), 159.60);
  const std::vector<OrderLine> draft_lines = LinesOf(*store, "#1006");
  ASSERT_EQ(draft_lines.size(), 2u);
  EXPECT_EQ(draft_lines[1].quantity, 2);
  EXPECT_DOUBLE_EQ(draft_lines[1].discount.value(), 10.0);
}

TEST(ShopifyOrders, CustomersAndConsentFromOrders) {
  const std::string dir = FreshDir();
  auto store = FreshStore(dir);
  ASSERT_TRUE(Import(*store, "shopify-orders", {kOrders}).ok());

  const std::string jane = shopify::CustomerIdFromEmail("jane.doe@example.com");
  const Customer c = Find<Customer>(*store, [&](const Customer& x) { return x.id == jane; });
  EXPECT_EQ(c.email, "jane.doe@example.com");
  EXPECT_EQ(c.first_name, "Jane");
  EXPECT_EQ(c.last_name, "Doe");
  EXPECT_EQ(c.country, "US");  // billing address, though #1005 shipped to DE
  EXPECT_EQ(c.region, "IL");
  EXPECT_EQ(c.phone, "+1 217-555-0101");  // Billing Phone, as Phone is empty

  const std::string bob = shopify::CustomerIdFromEmail("bob@example.net");
  const Customer b = Find<Customer>(*store, [&](const Customer& x) { return x.id == bob; });
  EXPECT_EQ(b.first_name, "Robert");
  EXPECT_EQ(b.last_name, "van der Berg");
  EXPECT_EQ(b.phone, "+12125550143");  // the spreadsheet apostrophe is dropped

  // The order with an upper-case email links to the same lower-cased id.
  const std::string john = shopify::CustomerIdFromEmail("john.smith@example.com");
  EXPECT_EQ(OrderNamed(*store, "#1003").customer_id, john);

  std::vector<Consent> janes;
  for (const Consent& x : All<Consent>(*store)) {
    if (x.customer_id == jane) janes.push_back(x);
  }
  ASSERT_EQ(janes.size(), 2u);  // in key order: by ts
  EXPECT_EQ(janes[0].purpose, "email_marketing");
  EXPECT_TRUE(janes[0].granted);
  EXPECT_EQ(janes[0].ts, Utc("2024-01-15T15:23:45Z"));
  EXPECT_EQ(janes[0].source, "shopify-orders");
  EXPECT_FALSE(janes[1].granted);  // she opted out at her second order
  EXPECT_EQ(janes[1].ts, Utc("2024-03-05T07:15:00Z"));
}

TEST(ShopifyOrders, RefundsAndCancellations) {
  const std::string dir = FreshDir();
  auto store = FreshStore(dir);
  ASSERT_TRUE(Import(*store, "shopify-orders", {kOrders}).ok());

  const Order cancelled = OrderNamed(*store, "#1003");
  EXPECT_EQ(cancelled.financial_status, "refunded");
  EXPECT_EQ(cancelled.cancelled_at.value_or(0), Utc("2024-02-04T00:30:00Z"));
  EXPECT_EQ(LinesOf(*store, "#1003").size(), 3u);

  const Return full = Find<Return>(*store, [](const Return& x) { return x.id == "#1003-refund"; });
  EXPECT_EQ(full.order_id, "#1003");
  EXPECT_EQ(full.customer_id, shopify::CustomerIdFromEmail("john.smith@example.com"));
  EXPECT_EQ(full.ts, Utc("2024-02-04T00:30:00Z"));  // dated at the cancellation
  EXPECT_DOUBLE_EQ(full.amount.value(), 162.38);
  EXPECT_EQ(full.reason, "refund");
  EXPECT_EQ(full.sku, "");
  EXPECT_FALSE(full.line_no.has_value());

  const Return partial =
      Find<Return>(*store, [](const Return& x) { return x.id == "#1004-refund"; });
  EXPECT_EQ(partial.ts, Utc("2024-02-10T23:45:12Z"));  // not cancelled: dated at the order
  EXPECT_DOUBLE_EQ(partial.amount.value(), 15.0);
}

const std::string kMinimalHeader =
    "Name,Email,Created at,Lineitem quantity,Lineitem name,Lineitem sku\n";

TEST(ShopifyOrders, RowsOfAnOrderThatComeBackContinueItsLineNumbers) {
  const std::string dir = FreshDir();
  auto store = FreshStore(dir);
  const std::string path = WriteFile(dir, "orders.csv",
                                     kMinimalHeader +
                                         "#1,a@example.com,2024-01-01 10:00:00 +0000,1,A,SKU-A\n"
                                         "#2,b@example.com,2024-01-02 10:00:00 +0000,1,B,SKU-B\n"
                                         "#1,a@example.com,,3,C,SKU-C\n");
  const ImportReport r = Import(*store, "shopify-orders", {path});
  ASSERT_TRUE(r.ok()) << r.aborted;
  const std::vector<OrderLine> lines = LinesOf(*store, "#1");
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].sku, "SKU-A");
  EXPECT_EQ(lines[1].line_no, 2);
  EXPECT_EQ(lines[1].sku, "SKU-C");
  EXPECT_EQ(OrderNamed(*store, "#1").ts, Utc("2024-01-01T10:00:00Z"));  // not blanked
}

TEST(ShopifyOrders, AnOrderWithoutCreatedAtSkipsItsRows) {
  const std::string dir = FreshDir();
  auto store = FreshStore(dir);
  const std::string path = WriteFile(dir, "orders.csv",
                                     kMinimalHeader +
                                         "#7,a@example.com,,1,A,SKU-A\n"
                                         "#7,a@example.com,,1,B,SKU-B\n"
                                         "#8,,2024-01-02 10:00:00 +0000,1,C,SKU-C\n");
  const ImportReport r = Import(*store, "shopify-orders", {path});
  ASSERT_TRUE(r.ok()) << r.aborted;
  EXPECT_EQ(r.rows_skipped, 2);
  EXPECT_EQ(r.rows_imported, 1);
  ASSERT_EQ(r.errors.size(), 2u);
  EXPECT_EQ(r.errors[0].line, 2u);
  EXPECT_EQ(r.errors[1].line, 3u);
  EXPECT_EQ(r.errors[0].column, "Created at");
  EXPECT_EQ(CountOf(*store, EntityKind::kOrder), 1);
  EXPECT_EQ(CountOf(*store, EntityKind::kCustomer), 0);
}

TEST(ShopifyOrders, BadValuesAreRowErrorsNamingTheColumn) {
  const std::string dir = FreshDir();
  auto store = FreshStore(dir);
  const std::string path = WriteFile(dir, "orders.csv",
                                     kMinimalHeader +
                                         "#1,a@example.com,2024-01-01 10:00:00 +0000,-1,A,SKU-A\n"
                                         "#2,not-an-email,2024-01-01 10:00:00 +0000,1,B,SKU-B\n"
                                         "#3,c@example.com,2024-13-45 10:00:00 +0000,1,C,SKU-C\n"
                                         ",d@example.com,2024-01-01 10:00:00 +0000,1,D,SKU-D\n"
                                         "#5,e@example.com,2024-01-01 10:00:00 +0000,1,,SKU-E\n"
                                         "#6,f@example.com,2024-01-01 10:00:00 +0000,1,F,SKU-F\n");
  const ImportReport r = Import(*store, "shopify-orders", {path});
  ASSERT_TRUE(r.ok()) << r.aborted;
  EXPECT_EQ(r.rows_skipped, 5);
  EXPECT_EQ(r.rows_imported, 1);
  ASSERT_EQ(r.errors.size(), 5u);
  const std::vector<std::string> columns{"Lineitem quantity", "Email", "Created at", "Name",
                                         "Lineitem name"};
  for (size_t i = 0; i < columns.size(); ++i) {
    EXPECT_EQ(r.errors[i].line, i + 2);
    EXPECT_EQ(r.errors[i].column, columns[i]) << r.errors[i].message;
  }
  EXPECT_NE(r.errors[0].message.find("0 or more"), std::string::npos);
  EXPECT_EQ(CountOf(*store, EntityKind::kOrder), 1);
}

// Issue 15 §5: a spreadsheet-edited export mixes Shopify's "-0400" timestamps with offset-less
// ones like 4/28/2024 7:43, which are read in the store's zone, never silently as UTC.
ImportReport ImportWithOptions(Store& store, const std::string& path,
                               const ImportOptions& options) {
  return RunImport(store, "shopify-orders", {path}, options);
}

TEST(ShopifyOrders, TimestampsWithoutAnOffsetAreReadInTheExportsMostCommonOffset) {
  const std::string dir = FreshDir();
  auto store = FreshStore(dir);
  const std::string path = WriteFile(dir, "orders_export.csv",
                                     kMinimalHeader +
                                         "#1,a@example.com,2024-04-20 09:00:00 -0400,1,A,SKU-A\n"
                                         "#2,b@example.com,2024-04-21 09:00:00 -0400,1,B,SKU-B\n"
                                         "#3,c@example.com,2024-04-22 09:00:00 +0000,1,C,SKU-C\n"
                                         "#4,d@example.com,4/28/2024 7:43,1,D,SKU-D\n");
  const ImportReport r = ImportWithOptions(*store, path, {});
  ASSERT_TRUE(r.ok()) << r.aborted;
  EXPECT_EQ(OrderNamed(*store, "#4").ts, Utc("2024-04-28T11:43:00Z"));  // 7:43 at -04:00
  EXPECT_EQ(OrderNamed(*store, "#3").ts, Utc("2024-04-22T09:00:00Z"));  // offsets are kept
  EXPECT_EQ(r.details.at("timestamps_without_offset"), 1);
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0],
            "orders_export.csv: 1 timestamps without a UTC offset read in UTC-04:00 (the most "
            "common offset in the file; --timezone sets the store's zone)");
}

TEST(ShopifyOrders, TheStoresTimeZoneReadsOffsetlessTimestampsAcrossDaylightSavingTime) {
  const std::string dir = FreshDir();
  auto store = FreshStore(dir);
  const std::string path = WriteFile(dir, "orders.csv",
                                     kMinimalHeader +
                                         "#1,a@example.com,1/15/2024 10:00,1,A,SKU-A\n"
                                         "#2,b@example.com,4/28/2024 7:43,1,B,SKU-B\n"
                                         "#3,c@example.com,2024-04-28 07:43:00 -0700,1,C,SKU-C\n");
  ImportOptions options;
  options.time_zone = TimeZone::Parse("America/New_York").value();
  const ImportReport r = ImportWithOptions(*store, path, options);
  ASSERT_TRUE(r.ok()) << r.aborted;
  EXPECT_EQ(OrderNamed(*store, "#1").ts, Utc("2024-01-15T15:00:00Z"));  // EST, UTC-5
  EXPECT_EQ(OrderNamed(*store, "#2").ts, Utc("2024-04-28T11:43:00Z"));  // EDT, UTC-4
  EXPECT_EQ(OrderNamed(*store, "#3").ts, Utc("2024-04-28T14:43:00Z"));  // its own offset
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_NE(r.warnings[0].find("2 timestamps without a UTC offset read in America/New_York (the "
                               "import's time zone)"),
            std::string::npos)
      << r.warnings[0];
}

TEST(ShopifyOrders, SlashDatesThatCouldBeEitherOrderAreWarnedAndMixedOrdersRefused) {
  const std::string dir = FreshDir();
  auto store = FreshStore(dir);
  const std::string ambiguous = WriteFile(dir, "ambiguous.csv",
                                          kMinimalHeader +
                                              "#1,a@example.com,4/4/2024 9:00,1,A,SKU-A\n"
                                              "#2,b@example.com,4/5/2024 7:43,1,B,SKU-B\n");
  const ImportReport r = ImportWithOptions(*store, ambiguous, {});
  ASSERT_TRUE(r.ok()) << r.aborted;
  EXPECT_EQ(OrderNamed(*store, "#2").ts, Utc("2024-04-05T07:43:00Z"));  // April 5, UTC
  ASSERT_EQ(r.warnings.size(), 2u);
  EXPECT_EQ(r.warnings[0],
            "ambiguous.csv line 3, Created at: '4/5/2024 7:43' could be month or day first and no "
            "row tells; read month first as Shopify writes dates (--date-format dmy reads day "
            "first)");
  EXPECT_NE(r.warnings[1].find("read in UTC (no timestamp in the file names an offset"),
            std::string::npos)
      << r.warnings[1];

  ImportOptions day_first;
  day_first.date_order = DateOrder::kDayFirst;
  auto other = FreshStore(dir + "/day_first");
  ASSERT_TRUE(ImportWithOptions(*other, ambiguous, day_first).ok());
  EXPECT_EQ(OrderNamed(*other, "#2").ts, Utc("2024-05-04T07:43:00Z"));

  const std::string mixed = WriteFile(dir, "mixed.csv",
                                      kMinimalHeader +
                                          "#1,a@example.com,4/25/2024 9:00,1,A,SKU-A\n"
                                          "#2,b@example.com,25/4/2024 9:00,1,B,SKU-B\n");
  auto third = FreshStore(dir + "/mixed");
  const ImportReport refused = ImportWithOptions(*third, mixed, {});
  EXPECT_FALSE(refused.ok());
  EXPECT_NE(refused.aborted.find("mixed.csv"), std::string::npos) << refused.aborted;
  EXPECT_EQ(CountOf(*third, EntityKind::kOrder), 0);
}

TEST(ShopifyOrders, MissingRequiredColumnAbortsNamingIt) {
  const std::string dir = FreshDir();
  auto store = FreshStore(dir);
  std::string content = ReadAll(kOrders);
  content.replace(0, 4, "Order");  // "Name" -> "Order"
  const std::string path = WriteFile(dir, "orders.csv", content);
  const ImportReport r = Import(*store, "shopify-orders", {path});
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.aborted.find("missing required column 'Name'"), std::string::npos) << r.aborted;
  EXPECT_NE(r.aborted.find(path), std::string::npos) << r.aborted;
  EXPECT_EQ(CountOf(*store, EntityKind::kOrder), 0);
}

// ---- The contract of the three Shopify importers, on each sample export ----

struct ContractCase {
  std::string name;
  std::string format;
  std::string file;
  EntityKind row_kind;  // what one data row becomes
  std::string good;     // a unique excerpt of one row, and its corruption
  std::string bad;
  std::string column;  // the column the corruption lands in
};

std::ostream& operator<<(std::ostream& os, const ContractCase& c) { return os << c.name; }

class ShopifyContract : public ::testing::TestWithParam<ContractCase> {
 protected:
  void SetUp() override {
    dir_ = FreshDir();
    content_ = ReadAll(kData + GetParam().file);
    ASSERT_FALSE(content_.empty());
  }
  ImportReport ImportContent(Store& store, const std::string& content, bool strict = false) {
    const std::string path = WriteFile(dir_, "copy_" + GetParam().file, content);
    return Import(store, GetParam().format, {path}, strict);
  }
  // The sample with one value corrupted, and the line of the row holding it.
  std::pair<std::string, uint64_t> Corrupted() const {
    const ContractCase& c = GetParam();
    const size_t at = content_.find(c.good);
    EXPECT_NE(at, std::string::npos);
    EXPECT_EQ(content_.find(c.good, at + 1), std::string::npos) << "not unique: " << c.good;
    std::string bad = content_;
    bad.replace(at, c.good.size(), c.bad);
    const size_t row_start = content_.rfind('\n', at) + 1;  // no row spans lines before it
    return {bad, LineAt(content_, row_start)};
  }

  std::string dir_;
  std::string content_;
};

TEST_P(ShopifyContract, ASecondImportChangesNothing) {
  auto store = FreshStore(dir_);
  const std::string path = kData + GetParam().file;
  const ImportReport first = Import(*store, GetParam().format, {path});
  ASSERT_TRUE(first.ok()) << first.aborted;
  EXPECT_GT(first.rows_imported, 0);
  EXPECT_EQ(first.rows_skipped, 0);
  EXPECT_EQ(first.rows_read, first.rows_imported + first.rows_excluded);
  const std::string before = Dump(*store);
  const ImportReport second = Import(*store, GetParam().format, {path});
  ASSERT_TRUE(second.ok()) << second.aborted;
  EXPECT_EQ(second.rows_imported, first.rows_imported);
  EXPECT_EQ(second.entities, first.entities);
  EXPECT_EQ(Dump(*store), before);
}

TEST_P(ShopifyContract, StrictImportOfABadRowWritesNothingAndNamesIt) {
  auto store = FreshStore(dir_);
  const auto [bad, line] = Corrupted();
  const ImportReport r = ImportContent(*store, bad, /*strict=*/true);
  ASSERT_FALSE(r.ok());
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].file, dir_ + "/copy_" + GetParam().file);
  EXPECT_EQ(r.errors[0].line, line);
  EXPECT_EQ(r.errors[0].column, GetParam().column);
  const std::string where =
      r.errors[0].file + ":" + std::to_string(line) + " [" + GetParam().column + "]";
  EXPECT_NE(r.aborted.find(where), std::string::npos) << r.aborted;
  EXPECT_EQ(r.rows_imported, 0);
  EXPECT_EQ(Dump(*store), "");
}

TEST_P(ShopifyContract, LenientImportSkipsExactlyTheBadRow) {
  std::filesystem::create_directories(dir_ + "/clean");
  auto clean_store = FreshStore(dir_ + "/clean");
  const ImportReport clean = ImportContent(*clean_store, content_);
  ASSERT_TRUE(clean.ok()) << clean.aborted;

  auto store = FreshStore(dir_);
  const auto [bad, line] = Corrupted();
  const ImportReport r = ImportContent(*store, bad);
  ASSERT_TRUE(r.ok()) << r.aborted;
  EXPECT_EQ(r.rows_skipped, 1);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].line, line);
  EXPECT_EQ(r.errors[0].column, GetParam().column);
  EXPECT_EQ(r.rows_imported, clean.rows_imported - 1);
  EXPECT_EQ(CountOf(*store, GetParam().row_kind), CountOf(*clean_store, GetParam().row_kind) - 1);
}

TEST_P(ShopifyContract, EmptyFilesAndBinaryGarbageAreFileErrors) {
  auto store = FreshStore(dir_);
  const ImportReport empty = ImportContent(*store, "");
  EXPECT_FALSE(empty.ok());
  EXPECT_NE(empty.aborted.find("empty"), std::string::npos) << empty.aborted;

  std::string garbage;
  std::mt19937 rng(7);
  for (int i = 0; i < 5000; ++i) garbage += static_cast<char>(rng() & 0xFF);
  const ImportReport binary = ImportContent(*store, garbage);
  EXPECT_FALSE(binary.ok());
  EXPECT_NE(binary.aborted.find("missing required column"), std::string::npos) << binary.aborted;

  const ImportReport missing = Import(*store, GetParam().format, {dir_ + "/no-such-file.csv"});
  EXPECT_FALSE(missing.ok());

  const std::string header = content_.substr(0, content_.find('\n') + 1);
  const ImportReport header_only = ImportContent(*store, header);
  EXPECT_TRUE(header_only.ok()) << header_only.aborted;
  EXPECT_EQ(header_only.rows_read, 0);
  EXPECT_EQ(Dump(*store), "");
}

TEST_P(ShopifyContract, ATruncatedFileLosesOnlyItsLastRow) {
  auto store = FreshStore(dir_);
  const size_t last_row = content_.rfind('\n', content_.size() - 2) + 1;
  const ImportReport r = ImportContent(*store, content_.substr(0, content_.size() - 12));
  ASSERT_TRUE(r.ok()) << r.aborted;
  EXPECT_EQ(r.rows_skipped, 1);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].line, LineAt(content_, last_row));
  EXPECT_EQ(r.rows_read, r.rows_imported + r.rows_excluded + r.rows_skipped);
}

TEST_P(ShopifyContract, ATruncatedGzipFileIsAnErrorNotAHang) {
  auto store = FreshStore(dir_);
  const std::string path = dir_ + "/export.csv.gz";
  gzFile gz = gzopen(path.c_str(), "wb");
  ASSERT_NE(gz, nullptr);
  ASSERT_EQ(gzwrite(gz, content_.data(), static_cast<unsigned>(content_.size())),
            static_cast<int>(content_.size()));
  ASSERT_EQ(gzclose(gz), Z_OK);
  const ImportReport whole = Import(*store, GetParam().format, {path});
  ASSERT_TRUE(whole.ok()) << whole.aborted;

  const std::string compressed = ReadAll(path);
  WriteFile(dir_, "export.csv.gz", compressed.substr(0, compressed.size() * 2 / 3));
  // Lenient too: a broken stream aborts the whole import (issue 14 item 12: the prefix used to
  // be committed with "ok": true).
  const std::string before = StoreFingerprint(*store);
  const ImportReport cut = Import(*store, GetParam().format, {path});
  EXPECT_FALSE(cut.ok());
  EXPECT_NE(cut.aborted.find("truncated"), std::string::npos) << cut.aborted;
  EXPECT_EQ(StoreFingerprint(*store), before);
  // Strict: the import aborts and says why.
  const ImportReport strict = Import(*store, GetParam().format, {path}, /*strict=*/true);
  EXPECT_FALSE(strict.ok());
  EXPECT_NE(strict.aborted.find("truncated"), std::string::npos) << strict.aborted;
}

TEST_P(ShopifyContract, RandomlyDamagedFilesNeverCrash) {
  auto store = FreshStore(dir_);
  std::mt19937 rng(42);
  static constexpr char kNasty[] = {'"', ',', '\n', '\r', '\0', '<', '&', ';', '\xFF', '\xC3'};
  for (int round = 0; round < 60; ++round) {
    std::string damaged = content_;
    const int edits = 1 + static_cast<int>(rng() % 8);
    for (int e = 0; e < edits; ++e) {
      const size_t at = rng() % damaged.size();
      switch (rng() % 3) {
        case 0:
          damaged[at] = kNasty[rng() % sizeof kNasty];
          break;
        case 1:
          damaged.erase(at, 1 + rng() % 20);
          break;
        default:
          damaged.insert(at, 1, kNasty[rng() % sizeof kNasty]);
      }
      if (damaged.empty()) damaged = ",";
    }
    const ImportReport r = ImportContent(*store, damaged, /*strict=*/round % 2 == 1);
    if (r.ok()) {
      EXPECT_EQ(r.rows_read, r.rows_imported + r.rows_excluded + r.rows_skipped)
          << "round " << round;
    } else {
      EXPECT_EQ(r.rows_imported, 0);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    Shopify, ShopifyContract,
    ::testing::Values(ContractCase{"orders", "shopify-orders", "orders_export.csv",
                                   EntityKind::kOrderLine, ",1,Linen Shirt - L / White,",
                                   ",1x,Linen Shirt - L / White,", "Lineitem quantity"},
                      ContractCase{"products_legacy", "shopify-products",
                                   "products_export_legacy.csv", EntityKind::kProduct,
                                   "LS-L-WHT,200,shopify,0,deny,manual,49.00,",
                                   "LS-L-WHT,200,shopify,0,deny,manual,49.0O,", "Variant Price"},
                      ContractCase{"products", "shopify-products", "products_export.csv",
                                   EntityKind::kProduct,
                                   "MUG-CHR,,,Charcoal,,,,,18.00,,6.20,TRUE,,shopify,0,",
                                   "MUG-CHR,,,Charcoal,,,,,18.00,,6.20,TRUE,,shopify,none,",
                                   "Inventory quantity"},
                      ContractCase{"customers", "shopify-customers", "customers_export.csv",
                                   EntityKind::kCustomer, "carla.gomez@example.es,yes,",
                                   "carla.gomez@example.es,maybe,", "Accepts Email Marketing"},
                      ContractCase{"customers_legacy", "shopify-customers",
                                   "customers_export_legacy.csv", EntityKind::kCustomer,
                                   "100-0005,,no,", "100-0005,,nein,", "Accepts Marketing"}),
    [](const ::testing::TestParamInfo<ContractCase>& param) { return param.param.name; });

}  // namespace
}  // namespace mercato
