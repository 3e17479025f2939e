// End-to-end tests of `mercato.toml`: where the file is found, file values used when no flag is
// given and flags winning over them, shared and [shop] keys, clear errors for a wrong key, section
// or value (file, line, key), no file leaving every default as it was, docs/config.md in step with
// the commands, and the quickstart's example file.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/cli_test_util.h"
#include "cli/serve_test_support.h"
#include "ingest/import_test_util.h"
#include "recommend_serving/serving_test_util.h"

namespace {

using mercato::testing::CliRun;
using mercato::testing::Mercato;
using mercato::testing::ReadFileOrEmpty;
using mercato::testing::WriteFile;

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class ConfigCli : public ::testing::Test {
 protected:
  void SetUp() override {
    unsetenv("MERCATO_CONFIG");
    dir_ = mercato::testing::FreshDir();
  }
  std::string Config(const std::string& text) const {
    return WriteFile(dir_, "mercato.toml", text);
  }
  // `generate --json` with `args`: how many customers it wrote (-1 when it failed).
  int64_t GeneratedCustomers(const std::string& args) const {
    const CliRun run = Mercato(args + " --json");
    EXPECT_EQ(run.status, 0) << args << ": " << run.err;
    if (run.status != 0) return -1;
    return nlohmann::json::parse(run.out)["customers"].get<int64_t>();
  }
  // A new admin key of the store `config` names ("" when it could not be made).
  std::string AdminKey(const std::string& config) const {
    const CliRun key = Mercato("--config " + config + " keys create --scope admin --json");
    EXPECT_EQ(key.status, 0) << key.err;
    if (key.status != 0) return "";
    return nlohmann::json::parse(key.out)["key"];
  }
  std::string dir_;
};

TEST_F(ConfigCli, AFileValueIsUsedWhenNoFlagIsGivenAndAFlagWins) {
  const std::string config = Config("[generate]\ncustomers = 40\ndays = 30\n");
  EXPECT_EQ(GeneratedCustomers("--config " + config + " generate --out " + dir_ + "/a"), 40);
  // The flag wins, and --config may follow the command.
  EXPECT_EQ(GeneratedCustomers("generate --out " + dir_ + "/b --customers 25 --config " + config),
            25);
  // Without the file: the command's own default (and the file's days are not applied).
  const CliRun show = Mercato("config show generate");
  EXPECT_EQ(show.status, 0) << show.err;
  EXPECT_TRUE(Has(show.out, "customers = 20000\tdefault")) << show.out;
}

TEST_F(ConfigCli, NoFileLeavesEveryDefaultAsItWas) {
  const CliRun show = Mercato("config show");
  EXPECT_EQ(show.status, 0) << show.err;
  EXPECT_EQ(show.out, "no config file: every setting is its default or its flag\n");
  const CliRun user = Mercato("config show recommend user");
  EXPECT_TRUE(Has(user.out, "k = 10\tdefault")) << user.out;
  EXPECT_TRUE(Has(user.out, "db = \tdefault")) << user.out;
}

TEST_F(ConfigCli, SharedKeysApplyToEveryCommandAndAnOwnSectionWinsOverThem) {
  const std::string config =
      Config("# the store\ndb = \"" + dir_ + "/shop.db\"\n\n[recommend.user]\ndb = \"" + dir_ +
             "/user.db\"\nk = 4\n[shop]\nurl = \"https://roaster.example\"\n");
  const CliRun user = Mercato("--config " + config + " config show recommend user");
  EXPECT_EQ(user.status, 0) << user.err;
  EXPECT_TRUE(Has(user.out, "db = " + dir_ + "/user.db\t" + config + ":5 (recommend.user.db)"))
      << user.out;
  EXPECT_TRUE(Has(user.out, "k = 4\t" + config + ":6 (recommend.user.k)")) << user.out;
  EXPECT_TRUE(Has(user.out, "shop_url = https://roaster.example\t" + config + ":8 (shop.url)"))
      << user.out;
  const CliRun item = Mercato("--config " + config + " config show recommend item");
  EXPECT_TRUE(Has(item.out, "db = " + dir_ + "/shop.db\t" + config + ":2 (db)")) << item.out;
  EXPECT_TRUE(Has(item.out, "k = 10\tdefault")) << item.out;
  // The shared db is really used: stats reads it (and says it is missing).
  const CliRun stats = Mercato("--config " + config + " stats");
  EXPECT_NE(stats.status, 0);
  EXPECT_TRUE(Has(stats.err, dir_ + "/shop.db")) << stats.err;
  const CliRun listing = Mercato("--config " + config + " config show");
  EXPECT_TRUE(Has(listing.out, "config file " + config + "\n")) << listing.out;
  EXPECT_TRUE(Has(listing.out, "recommend.user.k = 4\tline 6\trecommend user\n")) << listing.out;
}

TEST_F(ConfigCli, AWrongKeySectionOrValueIsAnErrorNamingFileLineAndKey) {
  struct Case {
    std::string text, expected;
  };
  const std::vector<Case> cases = {
      {"[recommend.user]\nk = 3\nkk = 3\n",
       ":3: unknown key 'recommend.user.kk'; [recommend.user] has"},
      {"[recommend.user]\nk = \"ten\"\n", ":2: recommend.user.k: expected an integer, got 'ten'"},
      {"[recomend]\nk = 1\n", ":2: unknown section [recomend]: no command `mercato recomend`"},
      {"[shop]\nurll = \"x\"\n", ":2: unknown key 'shop.urll'; [shop] has url, timezone"},
      {"[recommend.user]\nin_stock = maybe\n",
       ":2: recommend.user.in_stock: expected true or false"},
      {"\nkay = 1\n", ":2: unknown key 'kay': no command has --kay"},
      {"[generate]\ndays = [30, 40]\n", ":2: generate.days: expected one value, got a list of 2"},
  };
  for (const Case& c : cases) {
    const std::string config = Config(c.text);
    const CliRun run = Mercato("--config " + config + " config show");
    EXPECT_NE(run.status, 0) << c.text;
    EXPECT_TRUE(Has(run.err, config + c.expected)) << c.text << "\n" << run.err;
  }
}

TEST_F(ConfigCli, AValueTheCommandRefusesSaysWhereTheFileSetIt) {
  const std::string config = Config("[generate]\ndays = 28\ncustomers = 5\n");
  const CliRun run = Mercato("--config " + config + " generate --out " + dir_ + "/a");
  EXPECT_NE(run.status, 0);
  EXPECT_TRUE(Has(run.err, "--customers")) << run.err;
  EXPECT_TRUE(Has(run.err, "(" + config + ":3: generate.customers)")) << run.err;
  // Only the command being run checks its values: `stats` does not look at generate's.
  EXPECT_EQ(Mercato("--config " + config + " config show").status, 0);
}

TEST_F(ConfigCli, AFileNamedByTheFlagOrTheVariableMustExistAndTheVariableIsRead) {
  const CliRun missing = Mercato("--config " + dir_ + "/nowhere.toml config show");
  EXPECT_NE(missing.status, 0);
  EXPECT_TRUE(Has(missing.err, dir_ + "/nowhere.toml")) << missing.err;

  setenv("MERCATO_CONFIG", (dir_ + "/absent.toml").c_str(), 1);
  const CliRun absent = Mercato("config show");
  EXPECT_NE(absent.status, 0);
  EXPECT_TRUE(Has(absent.err, dir_ + "/absent.toml")) << absent.err;

  const std::string config = Config("[generate]\ncustomers = 30\ndays = 28\n");
  setenv("MERCATO_CONFIG", config.c_str(), 1);
  EXPECT_EQ(GeneratedCustomers("generate --out " + dir_ + "/a"), 30);
  unsetenv("MERCATO_CONFIG");
}

TEST_F(ConfigCli, MercatoTomlInTheWorkingDirectoryIsReadWhenPresent) {
  Config("[generate]\ncustomers = 35\ndays = 28\n");
  const std::filesystem::path before = std::filesystem::current_path();
  std::filesystem::current_path(dir_);
  const int64_t customers = GeneratedCustomers("generate --out " + dir_ + "/a");
  std::filesystem::current_path(before);
  EXPECT_EQ(customers, 35);
}

TEST_F(ConfigCli, TheShopUrlLinksRecommendedProductsAndAFlagWins) {
  const std::string data = mercato::serving::testing::WriteServingData(dir_);
  // The serving store's products, grouped under handles; only p0 has a URL of its own.
  std::string products = "sku,product_id,title,brand,category,price,url,inventory_quantity\n";
  for (int i = 0; i < 10; ++i) {
    products += "p" + std::to_string(i) + ",h" + std::to_string(i) + ",Product " +
                std::to_string(i) + ",Acme,Home," + std::to_string(10 * (i + 1)) + "," +
                (i == 0 ? "https://elsewhere.example/p0" : "") + ",\n";
  }
  WriteFile(data, "products.csv", products);
  const std::string db = dir_ + "/store.db";
  const std::string config =
      Config("db = \"" + db + "\"\n[shop]\nurl = \"https://roaster.example/\"\n");
  ASSERT_EQ(Mercato("--config " + config + " import --format generic " + data).status, 0);
  ASSERT_EQ(Mercato("--config " + config + " train recommend --threads 1 --json").status, 0);

  const CliRun user = Mercato("--config " + config + " recommend user us1 --k 10 --json");
  ASSERT_EQ(user.status, 0) << user.err;
  const nlohmann::json list = nlohmann::json::parse(user.out);
  ASSERT_FALSE(list["items"].empty());
  for (const auto& item : list["items"]) {
    const std::string sku = item["sku"];
    EXPECT_EQ(item["url"], sku == "p0" ? "https://elsewhere.example/p0"
                                       : "https://roaster.example/products/h" + sku.substr(1));
  }
  const CliRun other = Mercato(
      "--config " + config + " recommend user us1 --k 10 --json --shop-url https://other.example");
  ASSERT_EQ(other.status, 0) << other.err;
  EXPECT_TRUE(Has(other.out, "https://other.example/products/h")) << other.out;
  EXPECT_FALSE(Has(other.out, "roaster.example")) << other.out;

  const std::string csv = dir_ + "/campaign.csv";
  ASSERT_EQ(Mercato("--config " + config + " campaign recommendations --k 3 --out " + csv).status,
            0);
  EXPECT_TRUE(Has(ReadFileOrEmpty(csv), ",https://roaster.example/products/h")) << csv;

  const CliRun without = Mercato("recommend user us1 --k 10 --json --db " + db);
  EXPECT_FALSE(Has(without.out, "/products/")) << without.out;
}

TEST_F(ConfigCli, ServeReadsTheShopUrlFromTheSameFile) {
  const std::string data = mercato::serving::testing::WriteServingData(dir_);
  std::string products = "sku,product_id,title,price\n";
  for (int i = 0; i < 10; ++i) {
    products += "p" + std::to_string(i) + ",h" + std::to_string(i) + ",Product,10\n";
  }
  WriteFile(data, "products.csv", products);
  const std::string config =
      Config("db = \"" + dir_ + "/store.db\"\n[shop]\nurl = " + "\"https://roaster.example\"\n");
  ASSERT_EQ(Mercato("--config " + config + " import --format generic " + data).status, 0);
  ASSERT_EQ(Mercato("--config " + config + " train recommend --threads 1 --json").status, 0);
  const std::string admin = AdminKey(config);
  ASSERT_FALSE(admin.empty());

  mercato::testing::ServerProcess server("--config " + config);
  ASSERT_NE(server.port(), 0);
  mercato::testing::HttpClient client(server.port());
  const auto reply =
      client.Get("/v1/recommendations/user/us1?k=5", {{"Authorization", "Bearer " + admin}});
  ASSERT_TRUE(reply.has_value());
  ASSERT_EQ(reply->status, 200) << reply->body;
  const nlohmann::json list = nlohmann::json::parse(reply->body);
  ASSERT_FALSE(list["items"].empty());
  for (const auto& item : list["items"]) {
    const std::string sku = item["sku"];
    EXPECT_EQ(item["url"], "https://roaster.example/products/h" + sku.substr(1));
  }
}

TEST_F(ConfigCli, ServeAnswersThePricingRouteWithTheRulesOfPricingRecommend) {
  // Two products of one category (an elasticity compares a product with its category's others);
  // A sold at 10 and 8 in alternate weeks (the price variation an elasticity needs).
  const std::string data = dir_ + "/pricing";
  std::filesystem::create_directories(data);
  WriteFile(data, "products.csv",
            "sku,title,category,price,cost\nA,Mug,Kitchen,10,4\nB,Bowl,Kitchen,20,9\n");
  std::string orders = "id,customer_id,ts\n", lines = "order_id,line_no,sku,quantity,unit_price\n";
  for (int w = 0; w < 12; ++w) {
    const std::string id = "o" + std::to_string(w);
    orders += id + ",c1,2024-0" + std::to_string(1 + w / 4) + "-" +
              std::to_string(10 + 7 * (w % 4)) + "T10:00:00Z\n";
    lines += id + (w % 2 == 0 ? ",1,A,100,10\n" : ",1,A,156,8\n") + id + ",2,B,3,20\n";
  }
  WriteFile(data, "orders.csv", orders);
  WriteFile(data, "order_lines.csv", lines);
  const std::string db = dir_ + "/store.db";
  const std::string config = Config("db = \"" + db +
                                    "\"\n[pricing.recommend]\nobjective = \"revenue\"\n"
                                    "max_change_pct = 30\n");
  ASSERT_EQ(Mercato("--config " + config + " import --format generic " + data).status, 0);
  const CliRun cli = Mercato("--config " + config + " pricing recommend --json");
  ASSERT_EQ(cli.status, 0) << cli.err;
  const nlohmann::json expected = nlohmann::json::parse(cli.out);
  ASSERT_EQ(expected["objective"], "revenue");
  const std::string admin = AdminKey(config);
  ASSERT_FALSE(admin.empty());

  {
    mercato::testing::ServerProcess server("--config " + config);
    ASSERT_NE(server.port(), 0);
    mercato::testing::HttpClient client(server.port());
    const auto reply =
        client.Get("/v1/pricing/recommendations", {{"Authorization", "Bearer " + admin}});
    ASSERT_TRUE(reply.has_value());
    ASSERT_EQ(reply->status, 200) << reply->body;
    const nlohmann::json served = nlohmann::json::parse(reply->body);
    EXPECT_EQ(served["objective"], "revenue");
    ASSERT_EQ(served["recommendations"].size(), expected["recommendations"].size());
    for (size_t i = 0; i < served["recommendations"].size(); ++i) {
      EXPECT_EQ(served["recommendations"][i]["sku"], expected["recommendations"][i]["sku"]);
      EXPECT_EQ(served["recommendations"][i]["recommended_price"],
                expected["recommendations"][i]["recommended_price"]);
    }
    // A query parameter still wins over the file for that call.
    const auto profit = client.Get("/v1/pricing/recommendations?objective=profit",
                                   {{"Authorization", "Bearer " + admin}});
    ASSERT_TRUE(profit.has_value());
    ASSERT_EQ(profit->status, 200) << profit->body;
    EXPECT_EQ(nlohmann::json::parse(profit->body)["objective"], "profit");
  }

  // A rule the fair-pricing guardrail refuses stops the server at start, saying where.
  const std::string unfair = Config(
      "db = \"" + db + "\"\n[pricing.recommend]\nrules = [\"zip=10001;max_change_pct=5\"]\n");
  const CliRun refused = Mercato("--config " + unfair + " serve --port 0");
  EXPECT_NE(refused.status, 0);
  EXPECT_TRUE(Has(refused.err, "[pricing.recommend]")) << refused.err;
  EXPECT_TRUE(Has(refused.err, "fair pricing")) << refused.err;
  const std::string bad =
      Config("db = \"" + db + "\"\n[pricing.recommend]\nobjective = \"margin\"\n");
  const CliRun wrong = Mercato("--config " + bad + " serve --port 0");
  EXPECT_NE(wrong.status, 0);
  EXPECT_TRUE(Has(wrong.err, "objective")) << wrong.err;
}

TEST_F(ConfigCli, DocsConfigMdIsTheReferenceTheCommandsGenerate) {
  const CliRun docs = Mercato("config docs");
  ASSERT_EQ(docs.status, 0) << docs.err;
  EXPECT_EQ(docs.out, ReadFileOrEmpty(std::string(MERCATO_SOURCE_DIR) + "/docs/config.md"))
      << "docs/config.md drifted from the commands: regenerate it with `mercato config docs > "
         "docs/config.md`";
  for (const char* section : {"## [shop]", "## [serve]", "## [recommend.user]", "## [import]"}) {
    EXPECT_TRUE(Has(docs.out, section)) << section;
  }
}

TEST_F(ConfigCli, TheQuickstartsExampleFileIsValid) {
  const std::string guide =
      ReadFileOrEmpty(std::string(MERCATO_SOURCE_DIR) + "/docs/shopify-quickstart.md");
  const size_t start = guide.find("```toml\n");
  ASSERT_NE(start, std::string::npos) << "docs/shopify-quickstart.md has no ```toml example";
  const size_t body = start + 8;
  const std::string example = guide.substr(body, guide.find("```", body) - body);
  const std::string config = Config(example);
  const CliRun show = Mercato("--config " + config + " config show");
  EXPECT_EQ(show.status, 0) << show.err;
  EXPECT_TRUE(Has(show.out, "shop.url = ")) << show.out;
  EXPECT_TRUE(Has(show.out, "shop.timezone = ")) << show.out;
}

}  // namespace
