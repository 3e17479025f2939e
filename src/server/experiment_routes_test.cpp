// The experiment routes: definitions and status (admin), the storefront's assignment (a customer
// unit only with that customer's token), exposure batches and the report; and the route table
// preferring a literal segment over a {param} whatever the order routes were added in.
#include <gtest/gtest.h>

#include <ctime>
#include <nlohmann/json.hpp>

#include "access/access_token.h"
#include "server/api_test_util.h"

namespace mercato::server {
namespace {

using nlohmann::json;

const std::string kExperimentTokenSecret(32, 'x');

struct ExperimentRoutesTest : testing::ApiFixture {
  void SetUp() override {
    OpenApi([](ServerOptions& o) { o.token_secret = kExperimentTokenSecret; });
  }
  ApiResponse Call(const std::string& method, const std::string& target, const std::string& key,
                   const std::string& body = "", std::map<std::string, std::string> headers = {}) {
    return Handle(method, target, key, body, std::move(headers), "198.51.100.7");
  }
  static std::string CustomerToken(const std::string& id) {
    return SignAccessToken(kExperimentTokenSecret, TokenKind::kCustomer, id,
                           std::time(nullptr) + 600);
  }
};

const char* kDefinition = R"({"key": "recs", "capability": "recommendations",
  "status": "running", "variants": [{"name": "control", "config": {"recommender": "popularity"}},
  {"name": "treatment"}]})";

TEST_F(ExperimentRoutesTest, AdminsDefineListShowAndStop) {
  const ApiResponse created = Call("POST", "/v1/experiments", admin_key, kDefinition);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(json::parse(created.body)["status"], "running");
  EXPECT_EQ(Call("POST", "/v1/experiments", admin_key, kDefinition).status, 409);
  const ApiResponse bad = Call("POST", "/v1/experiments", admin_key,
                               R"({"key": "x", "variants": [{"name": "a", "weight": -1},
                                   {"name": "b", "weight": 2}]})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("variants[0].weight"), std::string::npos) << bad.body;
  EXPECT_EQ(Call("POST", "/v1/experiments", storefront_key, kDefinition).status, 403);

  const json list = json::parse(Call("GET", "/v1/experiments", admin_key).body);
  ASSERT_EQ(list["experiments"].size(), 1u);
  EXPECT_EQ(list["experiments"][0]["key"], "recs");
  EXPECT_EQ(json::parse(Call("GET", "/v1/experiments/recs", admin_key).body)["exposures"], 0);
  EXPECT_EQ(Call("GET", "/v1/experiments/nope", admin_key).status, 404);

  EXPECT_EQ(Call("PATCH", "/v1/experiments/recs", admin_key, R"({"status": "paused"})").status,
            400);
  EXPECT_EQ(Call("PATCH", "/v1/experiments/recs", admin_key, R"({"name": "x"})").status, 400);
  const ApiResponse stopped =
      Call("PATCH", "/v1/experiments/recs", admin_key, R"({"status": "stopped"})");
  ASSERT_EQ(stopped.status, 200) << stopped.body;
  EXPECT_FALSE(json::parse(stopped.body)["stopped_at"].is_null());
  EXPECT_EQ(Call("PATCH", "/v1/experiments/recs", admin_key, R"({"status": "running"})").status,
            409);
}

TEST_F(ExperimentRoutesTest, StorefrontAssignsACustomerOnlyWithTheirToken) {
  ASSERT_EQ(Call("POST", "/v1/experiments", admin_key, kDefinition).status, 201);
  const std::string path = "/v1/experiments/recs/assignment?unit=us1";
  EXPECT_EQ(Call("GET", path, storefront_key).status, 403);
  EXPECT_EQ(
      Call("GET", path, storefront_key, "", {{"x-customer-token", CustomerToken("us2")}}).status,
      403);
  const ApiResponse mine =
      Call("GET", path, storefront_key, "", {{"x-customer-token", CustomerToken("us1")}});
  ASSERT_EQ(mine.status, 200) << mine.body;
  const json a = json::parse(mine.body);
  EXPECT_EQ(a["experiment"], "recs");
  EXPECT_EQ(a["unit"], "us1");
  EXPECT_TRUE(a["in_experiment"].get<bool>());
  EXPECT_TRUE(a["exposure_logged"].get<bool>());
  EXPECT_TRUE(a["config"].is_object());
  // An admin may ask for anyone, and the answer is the same variant.
  const json again = json::parse(Call("GET", path + "&log=false", admin_key).body);
  EXPECT_EQ(again["variant"], a["variant"]);
  EXPECT_FALSE(again["exposure_logged"].get<bool>());
  EXPECT_EQ(Call("GET", "/v1/experiments/recs/assignment", admin_key).status, 400);
  EXPECT_EQ(Call("GET", "/v1/experiments/recs/assignment?unit=a&log=maybe", admin_key).status, 400);
  // Session units need no token.
  ASSERT_EQ(Call("POST", "/v1/experiments", admin_key,
                 R"({"key": "visit", "unit": "session", "status": "running",
                     "variants": [{"name": "a"}, {"name": "b"}]})")
                .status,
            201);
  EXPECT_EQ(Call("GET", "/v1/experiments/visit/assignment?unit=s-1", storefront_key).status, 200);
}

TEST_F(ExperimentRoutesTest, ExposureBatchesAndTheReport) {
  ASSERT_EQ(Call("POST", "/v1/experiments", admin_key, kDefinition).status, 201);
  const ApiResponse batch =
      Call("POST", "/v1/experiments/recs/exposures", admin_key,
           R"({"exposures": [{"unit": "us1"}, {"unit": "us2", "ts": "2024-01-02T00:00:00Z"},
                             {"unit": "us1"}]})");
  ASSERT_EQ(batch.status, 200) << batch.body;
  const json b = json::parse(batch.body);
  EXPECT_EQ(b["received"], 3);
  EXPECT_EQ(b["recorded"], 2);
  EXPECT_EQ(b["already_exposed"], 1);
  EXPECT_EQ(Call("POST", "/v1/experiments/recs/exposures", admin_key, R"({"units": []})").status,
            400);
  EXPECT_EQ(Call("POST", "/v1/experiments/recs/exposures", admin_key,
                 R"({"exposures": [{"unit": "a", "ts": "soon"}]})")
                .status,
            400);
  EXPECT_EQ(Call("POST", "/v1/experiments/recs/exposures", storefront_key,
                 R"({"exposures": [{"unit": "a"}]})")
                .status,
            403);
  const ApiResponse report = Call("GET", "/v1/experiments/recs/report", admin_key);
  ASSERT_EQ(report.status, 200) << report.body;
  const json r = json::parse(report.body);
  EXPECT_EQ(r["experiment"]["key"], "recs");
  EXPECT_EQ(r["experiment"]["exposures"], 2);
  EXPECT_TRUE(r["analysis"].contains("verdict"));
  EXPECT_TRUE(r["analysis"].contains("metrics"));
  EXPECT_EQ(Call("GET", "/v1/experiments/recs/report?alpha=2", admin_key).status, 400);
  EXPECT_EQ(Call("GET", "/v1/experiments/nope/report", admin_key).status, 404);
}

TEST(RouterSpecificity, ALiteralSegmentWinsOverAParameterInAnyOrder) {
  Router router;
  const auto answer = [](int status) {
    return [status](const ApiRequest&) {
      ApiResponse r;
      r.status = status;
      return r;
    };
  };
  router.Add("GET", "/v1/things/{key}", Access::kAdmin, answer(1));
  router.Add("GET", "/v1/things/special", Access::kAdmin, answer(2));
  router.Add("POST", "/v1/things/{key}", Access::kAdmin, answer(3));
  std::map<std::string, std::string> params;
  const Router::Match special = router.Find("GET", "/v1/things/special", params);
  ASSERT_NE(special.route, nullptr);
  EXPECT_EQ(special.route->handler(ApiRequest{}).status, 2);
  EXPECT_TRUE(params.empty());
  // Each method once, HEAD after GET (it is answered wherever GET is).
  EXPECT_EQ(special.allowed_methods, (std::vector<std::string>{"GET", "HEAD", "POST"}));
  const Router::Match head = router.Find("HEAD", "/v1/things/special", params);
  ASSERT_NE(head.route, nullptr);
  EXPECT_EQ(head.route->handler(ApiRequest{}).status, 2);
  const Router::Match other = router.Find("GET", "/v1/things/other", params);
  ASSERT_NE(other.route, nullptr);
  EXPECT_EQ(other.route->handler(ApiRequest{}).status, 1);
  EXPECT_EQ(params["key"], "other");
}

}  // namespace
}  // namespace mercato::server
