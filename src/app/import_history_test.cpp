// The import history: every import is recorded with its counts, sources as base names only, and
// a failed strict import is recorded as failed while writing no data.
#include "app/import_history.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "app/store_actions.h"
#include "ingest/import_test_util.h"
#include "store/open_store.h"

namespace mercato::app {
namespace {

using ::mercato::testing::FreshDir;
using ::mercato::testing::WriteFile;

TEST(ImportHistory, EachImportIsRecordedNewestFirstWithItsCounts) {
  const std::string dir = FreshDir();
  const std::string data = dir + "/exports";
  std::filesystem::create_directories(data);
  WriteFile(data, "orders.csv", "id,ts\no1,2024-02-01\no2,2024-02-02\n");
  WriteFile(data, "order_lines.csv",
            "order_id,sku,quantity,unit_price\no1,s1,1,2.5\no2,s1,x,2.5\nmissing,s1,1,2.5\n");
  ASSERT_TRUE(ImportFiles({dir + "/store.db", "generic", {data + "/"}, {}}).ok());
  ASSERT_TRUE(ImportFiles({dir + "/store.db", "no-such-format", {data}, {}}).ok());

  auto listed = ListImports({dir + "/store.db", 20});
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  ASSERT_EQ(listed->size(), 2u);
  const ImportRecord& failed = (*listed)[0];
  EXPECT_EQ(failed.format, "no-such-format");
  EXPECT_EQ(failed.outcome, "failed");
  EXPECT_NE(failed.error.find("unknown import format"), std::string::npos) << failed.error;
  const ImportRecord& ok = (*listed)[1];
  EXPECT_EQ(ok.outcome, "ok");
  EXPECT_EQ(ok.sources, std::vector<std::string>{"exports"});  // no directory of this machine
  // 2 orders and 3 lines read; the line with quantity "x" and the one without its order are
  // rejected: 3 rows written (2 orders, 1 line).
  EXPECT_EQ(ok.rows_read, 5);
  EXPECT_EQ(ok.rows_rejected, 2);
  EXPECT_EQ(ok.rows_imported, 3);
  EXPECT_EQ(ok.written, (std::map<std::string, int64_t>{{"order_lines", 1}, {"orders", 2}}));
  EXPECT_GT(ok.at, 1700000000);
  EXPECT_LE(ok.at, failed.at);

  const nlohmann::json j = ImportHistoryJson(*listed);
  ASSERT_EQ(j["imports"].size(), 2u);
  const nlohmann::json& first = j["imports"][1];
  EXPECT_EQ(first["rows"]["read"], 5);
  EXPECT_EQ(first["rows"]["written"]["orders"], 2);
  EXPECT_EQ(first["rejected"], 2);
  EXPECT_EQ(first["outcome"], "ok");
  EXPECT_TRUE(first["error"].is_null());
  EXPECT_EQ(first["at"].get<std::string>().back(), 'Z');
  EXPECT_EQ(j["imports"][0]["outcome"], "failed");

  auto last = ListImports({dir + "/store.db", 1});
  ASSERT_TRUE(last.ok());
  ASSERT_EQ(last->size(), 1u);
  EXPECT_EQ((*last)[0].format, "no-such-format");
}

TEST(ImportHistory, AFailedStrictImportIsRecordedAndWritesNoData) {
  const std::string dir = FreshDir();
  const std::string orders = WriteFile(dir, "orders.csv", "id,ts,currency\no1,2024-02-01,EUR\n");
  const std::string lines =
      WriteFile(dir, "order_lines.csv", "order_id,sku,quantity,unit_price\no1,s1,oops,2.5\n");
  ImportFilesOptions options{dir + "/store.db", "generic", {orders, lines}, {}};
  options.import.strict = true;
  auto report = ImportFiles(options);
  ASSERT_TRUE(report.ok());
  EXPECT_FALSE(report->ok());

  auto store = OpenStore(dir + "/store.db").value();
  EXPECT_EQ(store->Count(EntityKind::kOrder).value(), 0);
  EXPECT_EQ(store->GetSetting(Store::kCurrencySetting).value(), std::nullopt);
  auto listed = store->ListImportRecords(0).value();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].outcome, "failed");
  EXPECT_EQ(listed[0].sources, (std::vector<std::string>{"orders.csv", "order_lines.csv"}));
  EXPECT_TRUE(listed[0].written.empty());
  EXPECT_NE(listed[0].error.find("order_lines.csv"), std::string::npos) << listed[0].error;
  EXPECT_EQ(listed[0].error.find(dir), std::string::npos) << listed[0].error;  // file names only
}

TEST(ImportHistory, ALimitOutOfRangeIsRefused) {
  const std::string dir = FreshDir();
  for (int limit : {0, 1001}) {
    auto listed = ListImports({dir + "/store.db", limit});
    ASSERT_FALSE(listed.ok());
    EXPECT_NE(listed.status().message().find("1..1000"), std::string::npos);
  }
}

}  // namespace
}  // namespace mercato::app
