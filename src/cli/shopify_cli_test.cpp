// End-to-end tests of a Shopify store through the mercato binary: the generated exports imported
// by `--format shopify`, and the abandoned carts a merchant can win back.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <vector>

#include "cli/cli_test_util.h"
#include "common/csv_reader.h"
#include "common/time.h"

namespace mercato::testing {
namespace {

using nlohmann::json;

int64_t Lines(const std::string& text) {
  return static_cast<int64_t>(std::count(text.begin(), text.end(), '\n'));
}

// A CSV file as rows of named fields.
std::vector<std::map<std::string, std::string>> ReadCsv(const std::string& path) {
  std::vector<std::map<std::string, std::string>> rows;
  auto reader = CsvReader::Open(path);
  EXPECT_TRUE(reader.ok()) << path;
  if (!reader.ok()) return rows;
  std::vector<std::string> header;
  for (;;) {
    auto more = (*reader)->Next();
    if (!more.ok() || !*more) break;
    const auto& f = (*reader)->fields();
    if (header.empty()) {
      header.assign(f.begin(), f.end());
      continue;
    }
    std::map<std::string, std::string> row;
    for (size_t i = 0; i < header.size() && i < f.size(); ++i) row[header[i]] = f[i];
    rows.push_back(std::move(row));
  }
  return rows;
}

// The columns of a CSV text's header that hold money, by their names.
bool IsMoneyColumn(const std::string& name) {
  for (const char* part : {"price", "spend", "clv", "value", "cost", "total"}) {
    if (name.find(part) != std::string::npos) return true;
  }
  return false;
}

// Every non-empty money field of a CSV file has two decimals.
void ExpectMoneyInCents(const std::string& path) {
  const auto rows = ReadCsv(path);
  ASSERT_FALSE(rows.empty()) << path;
  int checked = 0;
  for (const auto& row : rows) {
    for (const auto& [name, value] : row) {
      if (!IsMoneyColumn(name) || value.empty()) continue;
      const size_t dot = value.find('.');
      EXPECT_TRUE(dot != std::string::npos && value.size() - dot == 3)
          << path << " " << name << "=" << value;
      ++checked;
    }
  }
  EXPECT_GT(checked, 0) << path;
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

// Issue 15's end-to-end check on a generated Shopify store: lookups by email, Shopify id and
// order name; default lists with one card per product, no archived product, no purchased
// product unless it is due again, no item explained by itself; money in cents in every CSV; no
// date past the horizon; at-risk and lapsed customers where the truth has dropouts.
TEST(ShopifyCli, AShopifyStoreGivesResultsAMerchantWouldSend) {
  const std::string dir = CliTestDir();
  const std::string shop = dir + "/shop", db = " --db " + dir + "/shop.db";
  ASSERT_EQ(
      Mercato("generate --format shopify --out " + shop + " --customers 400 --days 365 --seed 11")
          .status,
      0);
  ASSERT_EQ(Mercato("import --format shopify" + db + " " + shop).status, 0);
  const CliRun trained = Mercato("train recommend" + db);
  ASSERT_EQ(trained.status, 0) << trained.err;

  // What the truth and the exports say.
  std::map<std::string, std::string> handle_of, title_of;  // variant SKU -> handle; handle -> title
  std::string handle;
  for (const auto& row : ReadCsv(shop + "/products_export.csv")) {
    handle = row.at("Handle");
    if (!row.at("Title").empty()) title_of[handle] = row.at("Title");
    if (!row.at("Variant SKU").empty()) handle_of[row.at("Variant SKU")] = handle;
  }
  const json truth = json::parse(ReadFileOrEmpty(shop + "/truth/truth_shopify.json"));
  const std::set<std::string> archived = truth["archived_products"].get<std::set<std::string>>();
  const std::string no_sku = truth["products_without_sku"][0];
  std::map<std::string, std::set<std::string>> bought;  // email -> handles
  std::map<std::string, int> orders_of;                 // email -> orders
  std::string name;
  for (const auto& row : ReadCsv(shop + "/orders_export.csv")) {
    const std::string& email = row.at("Email");
    if (email.empty()) continue;
    if (row.at("Name") != name) ++orders_of[email];
    name = row.at("Name");
    const std::string& sku = row.at("Lineitem sku");
    bought[email].insert(sku.empty() ? no_sku : handle_of[sku]);
  }
  std::vector<std::map<std::string, std::string>> people;
  for (const auto& row : ReadCsv(shop + "/truth/truth_shopify_customers.csv")) {
    if (row.at("guest") == "false" && orders_of[row.at("email")] >= 2) people.push_back(row);
  }
  ASSERT_GE(people.size(), 30u);

  // Lookups: the same customer by their email in capitals and by their Shopify id.
  std::string upper = people[0].at("email");
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const CliRun by_email = Mercato("recommend user " + upper + db + " --json");
  const CliRun by_id =
      Mercato("recommend user " + people[0].at("shopify_customer_id") + db + " --json");
  ASSERT_EQ(by_email.status, 0) << by_email.err;
  ASSERT_EQ(by_id.status, 0) << by_id.err;
  EXPECT_EQ(json::parse(by_email.out)["items"], json::parse(by_id.out)["items"]);
  EXPECT_EQ(Mercato("recommend user nobody@example.com" + db).status, 1);
  // An order by its name with and without '#', and by Shopify's id.
  const auto orders = ReadCsv(shop + "/truth/truth_shopify_orders.csv");
  const auto& order = orders.at(20);
  const CliRun hashed =
      Mercato("recommend post-purchase '" + order.at("name") + "'" + db + " --json");
  const CliRun bare =
      Mercato("recommend post-purchase " + order.at("name").substr(1) + db + " --json");
  const CliRun shopify =
      Mercato("recommend post-purchase " + order.at("shopify_id") + db + " --json");
  ASSERT_EQ(hashed.status, 0) << hashed.err;
  ASSERT_EQ(bare.status, 0) << bare.err;
  ASSERT_EQ(shopify.status, 0) << shopify.err;
  EXPECT_EQ(json::parse(hashed.out)["items"], json::parse(bare.out)["items"]);
  EXPECT_EQ(json::parse(hashed.out)["items"], json::parse(shopify.out)["items"]);

  // Default lists for 30 repeat customers; and the same with repurchase cycles switched off
  // (a rate above 1: no product is ever due again), where nothing bought may come back. (In
  // this synthetic store most products are bought again by over 20% of their buyers, so under
  // the default threshold they return on their learned interval.)
  int lists = 0, personalized = 0;
  for (size_t p = 0; p < 30; ++p) {
    const std::string& email = people[p].at("email");
    for (const std::string flags : {"", " --repurchase-min-rate 2"}) {
      const CliRun run = Mercato("recommend user " + email + db + " --k 10 --json" + flags);
      ASSERT_EQ(run.status, 0) << run.err;
      const json list = json::parse(run.out);
      ++lists;
      personalized += list["personalized"].get<bool>() ? 1 : 0;
      std::set<std::string> seen;
      for (const json& item : list["items"]) {
        const std::string sku = item["sku"];
        const std::string h = handle_of.count(sku) ? handle_of[sku] : sku;
        EXPECT_TRUE(seen.insert(h).second) << email << ": two variants of " << h;
        EXPECT_FALSE(archived.count(h)) << email << ": archived " << h;
        // (A customer who did not allow personalization gets trending items chosen without
        // their history, which is then not used to leave anything out either.)
        if (!flags.empty() && list["personalized"].get<bool>()) {
          EXPECT_FALSE(bought[email].count(h)) << email << ": bought " << h;
        }
        const std::string reason = item["reason_text"];
        if (title_of.count(h)) {
          EXPECT_EQ(reason.find("\"" + title_of[h] + "\""), std::string::npos)
              << email << ": " << h << " explained by itself: " << reason;
        }
      }
    }
  }
  EXPECT_EQ(lists, 60);
  EXPECT_GT(personalized, 0);

  // Money in cents in every CSV a merchant receives.
  ASSERT_EQ(Mercato("campaign recommendations" + db + " --out " + dir + "/campaign.csv").status, 0);
  ExpectMoneyInCents(dir + "/campaign.csv");
  ASSERT_EQ(Mercato("customers list" + db + " --out " + dir + "/customers.csv").status, 0);
  ExpectMoneyInCents(dir + "/customers.csv");

  // No predicted date past the horizon; at-risk and lapsed customers exist, as dropouts do.
  const CliRun listed = Mercato("customers list" + db + " --json");
  ASSERT_EQ(listed.status, 0) << listed.err;
  const json customers = json::parse(listed.out);
  const Timestamp as_of = ParseTimestamp(customers["as_of"].get<std::string>()).value();
  for (const json& c : customers["customers"]) {
    for (const char* date : {"next_order_date", "lapse_date", "winback_start"}) {
      if (c[date].is_null()) continue;
      EXPECT_LE(ParseTimestamp(c[date].get<std::string>()).value(), as_of + 731 * kSecondsPerDay)
          << c["id"] << " " << date << " " << c[date];
    }
  }
  int dropouts = 0;
  for (const auto& row : ReadCsv(shop + "/truth/truth_customers.csv")) {
    dropouts += row.at("alive_at_end") == "false" ? 1 : 0;
  }
  ASSERT_GT(dropouts, 0);
  const CliRun segments = Mercato("customers segment" + db + " --json");
  ASSERT_EQ(segments.status, 0) << segments.err;
  const json stages = json::parse(segments.out)["stages"];
  EXPECT_GT(stages["at-risk"]["customers"].get<int>(), 0) << stages.dump();
  EXPECT_GT(stages["lapsed"]["customers"].get<int>(), 0) << stages.dump();
}

}  // namespace
}  // namespace mercato::testing
