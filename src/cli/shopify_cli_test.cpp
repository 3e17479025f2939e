// End-to-end tests of a Shopify store through the mercato binary: the generated exports imported
// by `--format shopify`, and the abandoned carts a merchant can win back.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <sstream>
#include <vector>

#include "cli/cli_test_util.h"

namespace mercato::testing {
namespace {

using nlohmann::json;

int64_t Lines(const std::string& text) {
  return static_cast<int64_t>(std::count(text.begin(), text.end(), '\n'));
}

TEST(ShopifyCli, AGeneratedShopifyStoreImportsWholeByItsFolder) {
  const std::string dir = CliTestDir();
  const CliRun gen = Mercato("generate --format shopify --out " + dir +
                             "/shop --customers 300 "
                             "--days 365 --json");
  ASSERT_EQ(gen.status, 0) << gen.err;
  EXPECT_EQ(json::parse(gen.out)["format"], "shopify");
  const CliRun imported =
      Mercato("import --db " + dir + "/shop.db --format shopify --json " + dir + "/shop");
  ASSERT_EQ(imported.status, 0) << imported.err << imported.out;
  const json report = json::parse(imported.out);
  EXPECT_TRUE(report["warnings"].empty()) << report["warnings"].dump();  // truth/ is not looked in
  // Every order of the truth arrived, and every customer who has an account.
  const std::string orders = ReadFileOrEmpty(dir + "/shop/truth/truth_shopify_orders.csv");
  EXPECT_EQ(report["entities"]["orders"].get<int64_t>(), Lines(orders) - 1);
  EXPECT_GT(report["entities"]["products"].get<int64_t>(), 100);  // variants: more SKUs than items
}

TEST(ShopifyCli, AbandonedCartsListsWhatTheStoreRecorded) {
  const std::string dir = CliTestDir();
  ASSERT_EQ(Mercato("generate --out " + dir + "/gen --customers 200 --days 120 --seed 5").status,
            0);
  ASSERT_EQ(Mercato("import --db " + dir + "/s.db --format generic " + dir + "/gen").status, 0);
  // The generated abandoned carts that were never recovered: abandoned_at set, no order_id.
  std::istringstream carts(ReadFileOrEmpty(dir + "/gen/carts.csv"));
  std::string line;
  std::getline(carts, line);
  int64_t want = 0;
  while (std::getline(carts, line)) {  // no field of carts.csv holds a comma
    std::vector<std::string> f;
    std::istringstream fields(line);
    for (std::string field; std::getline(fields, field, ',');) f.push_back(field);
    f.resize(10);
    if (!f[6].empty() && f[7].empty()) ++want;  // abandoned_at set, order_id empty
  }
  ASSERT_GT(want, 0);
  const CliRun listed = Mercato("carts abandoned --db " + dir + "/s.db --json");
  ASSERT_EQ(listed.status, 0) << listed.err;
  const json body = json::parse(listed.out);
  EXPECT_EQ(body["matched"], want);
  EXPECT_LE(body["contactable"].get<int64_t>(), want);
  EXPECT_GT(body["carts"][0]["items"].size(), 0u);
  const CliRun csv = Mercato("carts abandoned --db " + dir + "/s.db --limit 3");
  ASSERT_EQ(csv.status, 0) << csv.err;
  EXPECT_EQ(Lines(csv.out), 4);
  EXPECT_EQ(csv.out.substr(0, csv.out.find('\n')),
            "cart_id,abandoned_at,customer_id,email,first_name,last_name,contactable,value,"
            "currency,items,recovered_order_id");
  // None since a date after the period: the header alone.
  const CliRun none = Mercato("carts abandoned --db " + dir + "/s.db --since 2030-01-01");
  ASSERT_EQ(none.status, 0) << none.err;
  EXPECT_EQ(Lines(none.out), 1);
  const CliRun bad = Mercato("carts abandoned --db " + dir + "/s.db --since soon");
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.err.find("since: expected"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace mercato::testing
