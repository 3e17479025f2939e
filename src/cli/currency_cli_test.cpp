// End-to-end tests of the store's currency and import history through the mercato binary: a
// Shopify store's currency recorded at import and printed with its money in text, CSV and JSON
// (recommend, campaign, export-esp, carts, forecast, inventory plan); [shop] currency and
// --currency overriding it; a store without one printing money as before; every import recorded
// by `mercato imports`, a failed strict one too.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/cli_test_util.h"
#include "recommend_serving/serving_test_util.h"

namespace mercato::testing {
namespace {

using nlohmann::json;

std::string FirstLine(const std::string& text) { return text.substr(0, text.find('\n')); }

json Parse(const CliRun& run) {
  EXPECT_EQ(run.status, 0) << run.err;
  return run.status == 0 ? json::parse(run.out) : json();
}

TEST(CurrencyCli, AShopifyStoreShowsItsCurrencyWithEveryAmount) {
  const std::string dir = CliTestDir();
  const std::string db = " --db " + dir + "/shop.db";
  ASSERT_EQ(Mercato("generate --format shopify --out " + dir +
                    "/shop --customers 300 --days 365 --seed 3")
                .status,
            0);
  const json imported = Parse(Mercato("import --format shopify --json" + db + " " + dir + "/shop"));
  EXPECT_EQ(imported["currency"], "USD");  // the exports' Currency column
  ASSERT_EQ(Mercato("train recommend --threads 1" + db).status, 0);

  // Recommendations: JSON has the key, text prints each price with it.
  const json list =
      Parse(Mercato("recommend user nobody@example.com --anonymous-fallback --json" + db));
  EXPECT_EQ(list["currency"], "USD");
  ASSERT_FALSE(list["items"].empty());
  const CliRun text = Mercato("recommend user nobody@example.com --anonymous-fallback" + db);
  ASSERT_EQ(text.status, 0) << text.err;
  EXPECT_NE(text.out.find(" USD\n"), std::string::npos) << text.out;

  // The campaign file and the ESP export: a last column "currency".
  ASSERT_EQ(Mercato("campaign recommendations --out " + dir + "/campaign.csv" + db).status, 0);
  const CsvTable campaign = ReadCsvTable(dir + "/campaign.csv");
  ASSERT_FALSE(campaign.rows.empty());
  EXPECT_EQ(campaign.header.back(), "currency");
  EXPECT_EQ(campaign.rows[0].at("currency"), "USD");
  ASSERT_EQ(Mercato("customers export-esp --out " + dir + "/esp.csv" + db).status, 0);
  const CsvTable esp = ReadCsvTable(dir + "/esp.csv");
  ASSERT_FALSE(esp.rows.empty());
  EXPECT_EQ(esp.header.back(), "currency");
  EXPECT_EQ(esp.rows[0].at("currency"), "USD");

  // Carts, forecast and plan.
  EXPECT_EQ(Parse(Mercato("carts abandoned --json" + db))["currency"], "USD");
  const CliRun forecast = Mercato("forecast --horizon 4w" + db);
  ASSERT_EQ(forecast.status, 0) << forecast.err;
  EXPECT_NE(forecast.out.find(" USD revenue at current prices"), std::string::npos) << forecast.out;
  EXPECT_EQ(Parse(Mercato("forecast --horizon 4w --json" + db))["currency"], "USD");
  const CliRun plan = Mercato("inventory plan" + db);
  ASSERT_EQ(plan.status, 0) << plan.err;
  EXPECT_TRUE(FirstLine(plan.out).ends_with(",supplier_source,currency")) << FirstLine(plan.out);
  EXPECT_EQ(Parse(Mercato("inventory plan --json" + db))["currency"], "USD");
  ASSERT_EQ(Mercato("inventory plan --po-dir " + dir + "/po" + db).status, 0);
  bool any_order = false;
  for (const auto& file : std::filesystem::directory_iterator(dir + "/po")) {
    const CsvTable order = ReadCsvTable(file.path().string());
    ASSERT_EQ(order.header.back(), "currency") << file.path();
    ASSERT_FALSE(order.rows.empty()) << file.path();  // at least the TOTAL row
    EXPECT_EQ(order.rows.back().at("currency"), "USD") << file.path();
    any_order = true;
  }
  EXPECT_TRUE(any_order);

  // Customers: the list's CSV ends with the column, its JSON, the segments' and the VIPs' carry
  // the key, and their text prints the spend with the code.
  const CliRun customers = Mercato("customers list --limit 5" + db);
  ASSERT_EQ(customers.status, 0) << customers.err;
  EXPECT_TRUE(FirstLine(customers.out).ends_with(",currency")) << FirstLine(customers.out);
  EXPECT_NE(customers.out.find(",USD\n"), std::string::npos) << customers.out;
  EXPECT_EQ(Parse(Mercato("customers list --limit 5 --json" + db))["currency"], "USD");
  EXPECT_EQ(Parse(Mercato("customers segment --no-clusters --json" + db))["currency"], "USD");
  const CliRun segments = Mercato("customers segment --no-clusters" + db);
  ASSERT_EQ(segments.status, 0) << segments.err;
  EXPECT_NE(segments.out.find("total spend USD"), std::string::npos) << segments.out;
  EXPECT_EQ(Parse(Mercato("customers vip --value-days 90 --limit 3 --json" + db))["currency"],
            "USD");
  const CliRun vip = Mercato("customers vip --value-days 90 --limit 3" + db);
  ASSERT_EQ(vip.status, 0) << vip.err;
  EXPECT_NE(vip.out.find(" USD\n"), std::string::npos) << vip.out;

  // The config file's [shop] currency overrides the data's, and a flag overrides the file.
  const std::string config = dir + "/mercato.toml";
  {
    FILE* f = std::fopen(config.c_str(), "w");
    ASSERT_NE(f, nullptr);
    std::fputs("[shop]\ncurrency = \"eur\"\n", f);
    std::fclose(f);
  }
  EXPECT_EQ(Parse(Mercato("--config " + config +
                          " recommend user nobody@example.com --anonymous-fallback --json" +
                          db))["currency"],
            "EUR");
  EXPECT_EQ(Parse(Mercato("--config " + config + " inventory plan --json --currency cad" +
                          db))["currency"],
            "CAD");
  const CliRun bad = Mercato("inventory plan --json --currency dollars" + db);
  EXPECT_EQ(bad.status, 1);
  EXPECT_NE(bad.err.find("three letters"), std::string::npos) << bad.err;
}

TEST(CurrencyCli, AStoreWithoutACurrencyPrintsMoneyAsBefore) {
  const std::string dir = CliTestDir();
  const std::string db = " --db " + dir + "/store.db";
  const std::string data = serving::testing::WriteServingData(dir);  // no currency column
  const json imported = Parse(Mercato("import --format generic --json" + db + " " + data));
  EXPECT_FALSE(imported.contains("currency"));
  ASSERT_EQ(Mercato("train recommend --threads 1" + db).status, 0);
  const json list = Parse(Mercato("recommend item p0 --json" + db));
  EXPECT_FALSE(list.contains("currency"));
  const CliRun text = Mercato("recommend item p0" + db);
  EXPECT_EQ(text.out.find("USD"), std::string::npos) << text.out;
  ASSERT_EQ(Mercato("campaign recommendations --out " + dir + "/campaign.csv" + db).status, 0);
  EXPECT_NE(ReadCsvTable(dir + "/campaign.csv").header.back(), "currency");
  EXPECT_FALSE(Parse(Mercato("carts abandoned --json" + db)).contains("currency"));
  EXPECT_FALSE(Parse(Mercato("inventory plan --json" + db)).contains("currency"));
  const CliRun plan = Mercato("inventory plan" + db);
  EXPECT_TRUE(FirstLine(plan.out).ends_with(",order_value,supplier_source")) << plan.out;
  ASSERT_EQ(Mercato("inventory plan --po-dir " + dir + "/po" + db).status, 0);
  for (const auto& file : std::filesystem::directory_iterator(dir + "/po")) {
    EXPECT_EQ(ReadCsvTable(file.path().string()).header.back(), "line_value") << file.path();
  }
  const CliRun customers = Mercato("customers list" + db);
  ASSERT_EQ(customers.status, 0) << customers.err;
  EXPECT_TRUE(FirstLine(customers.out).ends_with(",shopify_id")) << FirstLine(customers.out);
  EXPECT_FALSE(Parse(Mercato("customers list --json" + db)).contains("currency"));
  EXPECT_FALSE(Parse(Mercato("customers segment --no-clusters --json" + db)).contains("currency"));
  const CliRun segments = Mercato("customers segment --no-clusters" + db);
  EXPECT_NE(segments.out.find("   total spend   mean CLV\n"), std::string::npos) << segments.out;
}

TEST(ImportsCli, EveryImportIsRecordedAndAFailedStrictOneWritesNothing) {
  const std::string dir = CliTestDir();
  const std::string db = " --db " + dir + "/store.db";
  const std::string data = serving::testing::WriteServingData(dir);
  ASSERT_EQ(Mercato("import --format generic" + db + " " + data).status, 0);
  std::filesystem::create_directories(dir + "/late");  // generic: the entity from the name
  {
    FILE* f = std::fopen((dir + "/late/orders.csv").c_str(), "w");
    ASSERT_NE(f, nullptr);
    std::fputs("id,ts\nfresh-order,2024-03-01\nbroken,not a date\n", f);
    std::fclose(f);
  }
  const CliRun failed =
      Mercato("import --strict --format generic" + db + " " + dir + "/late/orders.csv");
  EXPECT_EQ(failed.status, 1);
  const json history = Parse(Mercato("imports --json" + db));
  ASSERT_EQ(history["imports"].size(), 2u);
  const json& last = history["imports"][0];
  EXPECT_EQ(last["outcome"], "failed");
  EXPECT_EQ(last["sources"], json::array({"orders.csv"}));  // no directory
  EXPECT_EQ(last["rows"]["written"], json::object());
  const std::string error = last["error"];
  EXPECT_NE(error.find("orders.csv:3"), std::string::npos) << error;
  EXPECT_EQ(error.find(dir), std::string::npos) << error;  // no folder of this machine
  const json& first = history["imports"][1];
  EXPECT_EQ(first["outcome"], "ok");
  EXPECT_EQ(first["format"], "generic");
  EXPECT_GT(first["rows"]["written"]["orders"].get<int64_t>(), 0);
  EXPECT_EQ(first["rejected"], 0);
  // The failed import wrote no order.
  const json stats = Parse(Mercato("stats --json" + db));
  EXPECT_EQ(stats["orders"], first["rows"]["written"]["orders"]);
  // Text: newest first, one line each and its sources.
  const CliRun text = Mercato("imports --limit 1" + db);
  ASSERT_EQ(text.status, 0) << text.err;
  EXPECT_NE(text.out.find("failed generic"), std::string::npos) << text.out;
  EXPECT_EQ(text.out.find("  ok "), std::string::npos) << text.out;
  EXPECT_EQ(Mercato("imports --limit 0" + db).status != 0, true);
}

}  // namespace
}  // namespace mercato::testing
