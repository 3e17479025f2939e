// The store's currency: recorded by imports (the most frequent of the orders', with a warning
// when there are several), overridden by the configured one, unknown when nothing says.
#include "app/store_currency.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "app/store_actions.h"
#include "ingest/import_test_util.h"

namespace mercato::app {
namespace {

using ::mercato::testing::FreshDir;
using ::mercato::testing::WriteFile;

// A generic-format folder of orders in the given currencies (one order each).
std::string OrdersIn(const std::string& dir, const std::vector<std::string>& currencies) {
  std::string orders = "id,ts,currency\n";
  for (size_t i = 0; i < currencies.size(); ++i) {
    orders += "o" + std::to_string(i) + ",2024-02-0" + std::to_string(i % 9 + 1) + "," +
              currencies[i] + "\n";
  }
  std::filesystem::create_directories(dir + "/data");
  WriteFile(dir + "/data", "orders.csv", orders);
  return dir + "/data";
}

TEST(StoreCurrency, UnknownWhenNoImportRecordedOne) {
  const std::string dir = FreshDir();
  auto report = ImportFiles({dir + "/store.db", "generic", {OrdersIn(dir, {"", ""})}, {}});
  ASSERT_TRUE(report.ok() && report->ok());
  EXPECT_EQ(report->currency, "");
  EXPECT_EQ(StoreCurrencyAt(dir + "/store.db").value(), "");
}

TEST(StoreCurrency, TheOrdersCurrencyIsRecordedUpperCased) {
  const std::string dir = FreshDir();
  auto report = ImportFiles({dir + "/store.db", "generic", {OrdersIn(dir, {"eur", "EUR"})}, {}});
  ASSERT_TRUE(report.ok() && report->ok());
  EXPECT_EQ(report->currency, "EUR");
  EXPECT_TRUE(report->warnings.empty());
  EXPECT_EQ(StoreCurrencyAt(dir + "/store.db").value(), "EUR");
}

TEST(StoreCurrency, SeveralCurrenciesWarnAndKeepTheMostFrequent) {
  const std::string dir = FreshDir();
  auto report = ImportFiles(
      {dir + "/store.db", "generic", {OrdersIn(dir, {"CAD", "USD", "USD", "CAD", "USD"})}, {}});
  ASSERT_TRUE(report.ok() && report->ok());
  EXPECT_EQ(report->currency, "USD");
  ASSERT_EQ(report->warnings.size(), 1u);
  EXPECT_NE(report->warnings[0].find("several currencies (CAD 2, USD 3)"), std::string::npos)
      << report->warnings[0];
  EXPECT_EQ(StoreCurrencyAt(dir + "/store.db").value(), "USD");
}

TEST(StoreCurrency, AnAbortedImportRecordsNoCurrency) {
  const std::string dir = FreshDir();
  const std::string data = OrdersIn(dir, {"EUR"});
  WriteFile(data, "order_lines.csv", "order_id,sku,quantity,unit_price\nno-such-order,s1,1,2.5\n");
  ImportFilesOptions options{dir + "/store.db", "generic", {data}, {}};
  options.import.strict = true;
  auto report = ImportFiles(options);
  ASSERT_TRUE(report.ok());
  ASSERT_FALSE(report->ok());
  EXPECT_EQ(StoreCurrencyAt(dir + "/store.db").value(), "");
}

TEST(StoreCurrency, TheConfiguredCurrencyWins) {
  const std::string dir = FreshDir();
  ASSERT_TRUE(ImportFiles({dir + "/store.db", "generic", {OrdersIn(dir, {"USD"})}, {}}).ok());
  EXPECT_EQ(StoreCurrencyAt(dir + "/store.db", "gbp").value(), "GBP");
  auto bad = StoreCurrencyAt(dir + "/store.db", "dollars");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace mercato::app
