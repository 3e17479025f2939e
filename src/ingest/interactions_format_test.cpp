// Tests of the plain interactions format: delimiters, optional header and columns, bad rows.
#include <gtest/gtest.h>

#include <map>
#include <random>

#include "common/time_zone.h"
#include "ingest/import_test_util.h"
#include "ingest/importer.h"

namespace mercato {
namespace {

using namespace mercato::testing;

TEST(Interactions, TabSeparatedWithWeightsAndTimestamps) {
  const std::string dir = FreshDir();
  auto store = FreshStore(dir);
  ImportReport r = Import(*store, "interactions",
                          {WriteFile(dir, "ml.tsv",
                                     "196\t242\t3\t881250949\n186\t302\t3.5\t891717742\n"
                                     "196\t302\t\t\n196\t242\t3\t881250949\n")});
  ASSERT_TRUE(r.ok()) << r.aborted;
  EXPECT_EQ(r.rows_imported, 4);
  EXPECT_EQ(CountOf(*store, EntityKind::kEvent), 4);  // repeated pairs are kept apart
  EXPECT_EQ(CountOf(*store, EntityKind::kCustomer), 2);
  EXPECT_EQ(CountOf(*store, EntityKind::kProduct), 2);
  const std::vector<Event> events = All<Event>(*store);
  double total = 0;
  for (const Event& e : events) {
    EXPECT_EQ(e.type, "interaction");
    total += *e.value;
  }
  EXPECT_DOUBLE_EQ(total, 3 + 3.5 + 1 + 3);
  const std::string before = StoreFingerprint(*store);
  ASSERT_TRUE(Import(*store, "interactions", {dir + "/ml.tsv"}).ok());
  EXPECT_EQ(StoreFingerprint(*store), before);
}

TEST(Interactions, DatesWithoutAnOffsetAreReadInTheStoresTimeZoneAndEpochsStayUtc) {
  const std::string dir = FreshDir();
  auto store = FreshStore(dir);
  ImportOptions options;
  options.time_zone = TimeZone::Parse("+02:00").value();
  const ImportReport r = RunImport(
      *store, "interactions",
      {WriteFile(dir, "ml.csv", "u1,i1,1,2024-01-02 10:00:00\nu2,i1,1,881250949\n")}, options);
  ASSERT_TRUE(r.ok()) << r.aborted;
  std::map<std::string, Timestamp> ts;
  for (const Event& e : All<Event>(*store)) ts[e.customer_id] = e.ts;
  EXPECT_EQ(ts["u1"], ParseTimestamp("2024-01-02T08:00:00Z").value());
  EXPECT_EQ(ts["u2"], 881250949);
}

TEST(Interactions, TabSeparatedHeaderIsSniffedPastTheFirstRead) {
  const std::string dir = FreshDir();
  auto store = FreshStore(dir);
  ImportReport r = Import(*store, "interactions",
                          {WriteFile(dir, "h.tsv", "user\titem\tweight\nu1\ti1\t2\nu2\ti2\t1\n")});
  ASSERT_TRUE(r.ok()) << r.aborted;
  EXPECT_EQ(r.rows_imported, 2);
  EXPECT_EQ(r.rows_skipped, 0);
}

TEST(Interactions, CommaWithHeaderAndBadRows) {
  const std::string dir = FreshDir();
  auto store = FreshStore(dir);
  ImportReport r =
      Import(*store, "interactions",
             {WriteFile(dir, "i.csv", "user,item,weight\nu1,i1,2\nu2,,1\nu3,i3,heavy\nu4\n")});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.rows_read, 4);
  EXPECT_EQ(r.rows_imported, 1);
  ASSERT_EQ(r.errors.size(), 3u);
  EXPECT_EQ(r.errors[0].column, "item");
  EXPECT_EQ(r.errors[1].column, "weight");
  EXPECT_EQ(r.errors[2].line, 5u);
}

// Regression (issue 14 item 14): 1 MB of random bytes imported as 1,793 customers. Ids must be
// printable UTF-8, and a file whose first rows are mostly bad is refused as a whole.
TEST(Interactions, BinaryGarbageIsRefused) {
  const std::string dir = FreshDir();
  std::mt19937 rng(14);
  std::string garbage(1 << 20, '\0');
  for (char& c : garbage) c = static_cast<char>(rng() & 0xFF);
  auto store = FreshStore(dir);
  ImportReport r = Import(*store, "interactions", {WriteFile(dir, "noise.csv", garbage)});
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.aborted.find("not an interactions file"), std::string::npos) << r.aborted;
  EXPECT_EQ(CountOf(*store, EntityKind::kCustomer), 0);
  EXPECT_EQ(CountOf(*store, EntityKind::kEvent), 0);
}

TEST(Interactions, IdsMustBePrintableText) {
  const std::string dir = FreshDir();
  auto store = FreshStore(dir);
  std::string rows;
  for (int i = 0; i < 30; ++i) rows += "u" + std::to_string(i) + ",i1,1\n";
  rows += std::string("u\x01x,i1,1\n") + "u2,\xFF\xFE,1\n" + "u3,i\x7F,1\n";
  ImportReport r = Import(*store, "interactions", {WriteFile(dir, "ids.csv", rows)});
  ASSERT_TRUE(r.ok()) << r.aborted;
  EXPECT_EQ(r.rows_imported, 30);
  ASSERT_EQ(r.errors.size(), 3u);
  EXPECT_EQ(r.errors[0].column, "user");
  EXPECT_NE(r.errors[0].message.find("printable"), std::string::npos) << r.errors[0].message;
  EXPECT_EQ(r.errors[1].column, "item");
  EXPECT_EQ(r.errors[2].column, "item");
}

}  // namespace
}  // namespace mercato
