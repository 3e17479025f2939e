// The import history route and the store's currency on the API: GET /v1/imports lists the
// store's imports newest first (admin only), and recommendation lists, the plan and the
// forecasts carry the configured currency, with no currency key when the store has none.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "app/store_actions.h"
#include "ingest/import_test_util.h"
#include "server/api_test_util.h"

namespace mercato::server {
namespace {

using nlohmann::json;

struct ImportRoutesTest : testing::ApiFixture {
  ApiResponse Get(const std::string& target, const std::string& key) {
    return Handle("GET", target, key, "", {});
  }
};

TEST_F(ImportRoutesTest, ListsTheStoresImportsNewestFirstToAdminsOnly) {
  OpenApi({});
  std::filesystem::create_directories(dir + "/late");
  const std::string orders =
      mercato::testing::WriteFile(dir + "/late", "orders.csv", "id,ts\nlate-1,2024-03-01\n");
  ASSERT_TRUE(app::ImportFiles({dir + "/store.db", "generic", {orders}, {}}).ok());
  ASSERT_TRUE(app::ImportFiles({dir + "/store.db", "no-such-format", {orders}, {}}).ok());

  const ApiResponse all = Get("/v1/imports", admin_key);
  ASSERT_EQ(all.status, 200) << all.body;
  const json body = json::parse(all.body);
  ASSERT_EQ(body["imports"].size(), 2u);
  EXPECT_EQ(body["imports"][0]["outcome"], "failed");
  const json& ok = body["imports"][1];
  EXPECT_EQ(ok["outcome"], "ok");
  EXPECT_EQ(ok["format"], "generic");
  EXPECT_EQ(ok["sources"], json::array({"orders.csv"}));
  EXPECT_EQ(ok["rows"]["read"], 1);
  EXPECT_EQ(ok["rows"]["written"]["orders"], 1);
  EXPECT_EQ(ok["rejected"], 0);
  EXPECT_TRUE(ok["error"].is_null());

  const ApiResponse one = Get("/v1/imports?limit=1", admin_key);
  ASSERT_EQ(one.status, 200);
  EXPECT_EQ(json::parse(one.body)["imports"].size(), 1u);
  EXPECT_EQ(Get("/v1/imports?limit=0", admin_key).status, 400);
  EXPECT_EQ(Get("/v1/imports?limit=many", admin_key).status, 400);
  EXPECT_EQ(Get("/v1/imports", storefront_key).status, 403);
  EXPECT_EQ(Get("/v1/imports", "").status, 401);
}

TEST_F(ImportRoutesTest, ListsCarryTheConfiguredCurrencyAndNoneWithoutOne) {
  OpenApi({});  // the serving store's orders name no currency
  const ApiResponse plain = Get("/v1/recommendations/item/p0", storefront_key);
  ASSERT_EQ(plain.status, 200) << plain.body;
  EXPECT_FALSE(json::parse(plain.body).contains("currency"));
  const ApiResponse plain_plan = Get("/v1/inventory/plan", admin_key);
  ASSERT_EQ(plain_plan.status, 200) << plain_plan.body;
  EXPECT_FALSE(json::parse(plain_plan.body).contains("currency"));

  OpenApi([](ServerOptions& o) { o.currency = "eur"; });
  const ApiResponse list = Get("/v1/recommendations/item/p0", storefront_key);
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(json::parse(list.body)["currency"], "EUR");
  const ApiResponse plan = Get("/v1/inventory/plan", admin_key);
  ASSERT_EQ(plan.status, 200) << plan.body;
  EXPECT_EQ(json::parse(plan.body)["currency"], "EUR");
  const ApiResponse carts = Get("/v1/carts/abandoned", admin_key);
  ASSERT_EQ(carts.status, 200) << carts.body;
  EXPECT_EQ(json::parse(carts.body)["currency"], "EUR");
}

TEST_F(ImportRoutesTest, AConfiguredCurrencyThatIsNotACodeStopsTheServer) {
  OpenApi({});
  ServerOptions o;
  o.db = dir + "/store.db";
  o.currency = "euros";
  auto opened = ServerContext::Open(o);
  ASSERT_FALSE(opened.ok());
  EXPECT_NE(opened.status().message().find("three letters"), std::string::npos);
}

}  // namespace
}  // namespace mercato::server
