// The recommendation routes under running recommendations experiments (issue 17's in-process
// use): each variant's recommender decides what is served, the answer names the experiment and
// variant, each unit's first exposure is written once in the background — never by the request
// itself — and experiments that are stopped, of another capability or of another unit change
// nothing.
#include <gtest/gtest.h>

#include <chrono>
#include <ctime>
#include <future>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "access/access_token.h"
#include "server/api_test_util.h"
#include "server/exposure_writer.h"

namespace mercato::server {
namespace {

using nlohmann::json;

const std::string kServingTokenSecret(32, 's');

struct ExperimentServingTest : testing::ApiFixture {
  void SetUp() override {
    OpenApi([](ServerOptions& o) { o.token_secret = kServingTokenSecret; });
    for (int f = 0; f < 30; ++f) customers.push_back("f" + std::to_string(f));
    customers.push_back("us1");
  }
  ApiResponse Call(const std::string& method, const std::string& target, const std::string& key,
                   const std::string& body = "", std::map<std::string, std::string> headers = {}) {
    return Handle(method, target, key, body, std::move(headers), "198.51.100.9");
  }
  // The user route as the storefront asks it, with the customer's token.
  ApiResponse ForUser(const std::string& id, const std::string& query = "") {
    const std::string token =
        SignAccessToken(kServingTokenSecret, TokenKind::kCustomer, id, std::time(nullptr) + 600);
    return Call("GET", "/v1/recommendations/user/" + id + query, storefront_key, "",
                {{"x-customer-token", token}});
  }
  void Create(const std::string& definition) {
    const ApiResponse created = Call("POST", "/v1/experiments", admin_key, definition);
    ASSERT_EQ(created.status, 201) << created.body;
  }
  // The stored exposures of `key`: unit -> variant.
  std::map<std::string, std::string> StoredExposures(const std::string& key) {
    ctx->exposures().Flush();
    std::map<std::string, std::string> out;
    const Status s = ctx->WithStore([&](Store& store) {
      return store.ForEachExposure(key, [&](const Exposure& e) {
        out[e.unit] = e.variant;
        return Status::Ok();
      });
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return out;
  }
  std::map<std::string, std::string> Bodies() {
    std::map<std::string, std::string> out;
    for (const std::string& c : customers) {
      const ApiResponse r = ForUser(c);
      EXPECT_EQ(r.status, 200) << c << ": " << r.body;
      out[c] = r.body;
    }
    return out;
  }
  static std::vector<std::string> Skus(const json& answer) {
    std::vector<std::string> out;
    for (const json& item : answer["items"]) out.push_back(item["sku"]);
    return out;
  }

  std::vector<std::string> customers;
};

const char* kHoldout = R"({"key": "recs-holdout", "capability": "recommendations",
  "unit": "customer", "status": "running",
  "variants": [{"name": "control", "config": {"recommender": "none"}},
               {"name": "treatment", "config": {}}]})";

TEST_F(ExperimentServingTest, AHoldoutServesNothingToControlAndTheModelsToTreatment) {
  const std::map<std::string, std::string> before = Bodies();
  Create(kHoldout);
  std::map<std::string, std::string> variants;
  for (int round = 0; round < 3; ++round) {  // repeated requests: one exposure per unit
    for (const std::string& c : customers) {
      const ApiResponse r = ForUser(c);
      ASSERT_EQ(r.status, 200) << r.body;
      json answer = json::parse(r.body);
      ASSERT_TRUE(answer.contains("experiment")) << r.body;
      EXPECT_EQ(answer["experiment"]["key"], "recs-holdout");
      const std::string variant = answer["experiment"]["variant"];
      if (round > 0) {
        EXPECT_EQ(variant, variants[c]) << c;  // sticky
      }
      variants[c] = variant;
      if (variant == "control") {
        EXPECT_TRUE(answer["items"].empty()) << r.body;
        EXPECT_NE(answer["fallback"].get<std::string>().find("no recommendations"),
                  std::string::npos);
      } else {
        ASSERT_EQ(variant, "treatment");
        EXPECT_FALSE(answer["items"].empty()) << r.body;
        answer.erase("experiment");
        EXPECT_EQ(answer, json::parse(before.at(c))) << c;  // the normal answer
      }
    }
  }
  std::set<std::string> seen;
  for (const auto& [c, v] : variants) seen.insert(v);
  EXPECT_EQ(seen, (std::set<std::string>{"control", "treatment"}));
  EXPECT_EQ(StoredExposures("recs-holdout"), variants);
  EXPECT_EQ(ctx->exposures().written(), static_cast<int64_t>(customers.size()));
  EXPECT_EQ(ctx->exposures().dropped(), 0);
  // The admin API counts them.
  EXPECT_EQ(json::parse(Call("GET", "/v1/experiments/recs-holdout", admin_key).body)["exposures"],
            static_cast<int64_t>(customers.size()));
}

// A merchant looking customers up in the dashboard signs in with a session, not a key: they see
// the models' recommendations whatever the customer's variant, and no exposure is logged for a
// unit that was shown nothing.
TEST_F(ExperimentServingTest, ADashboardSessionIsNoShopper) {
  const std::map<std::string, std::string> before = Bodies();
  Create(kHoldout);
  const ApiResponse signed_in = Call("POST", "/v1/session", "", json{{"key", admin_key}}.dump());
  ASSERT_EQ(signed_in.status, 200) << signed_in.body;
  const std::string set_cookie(signed_in.Header("Set-Cookie"));
  const size_t eq = set_cookie.find('='), semi = set_cookie.find(';');
  const std::string cookie = "mercato_session=" + set_cookie.substr(eq + 1, semi - eq - 1);
  for (const std::string& c : customers) {
    const ApiResponse r =
        Call("GET", "/v1/recommendations/user/" + c, "", "", {{"cookie", cookie}});
    ASSERT_EQ(r.status, 200) << r.body;
    json answer = json::parse(r.body);
    EXPECT_FALSE(answer.contains("experiment")) << r.body;
    EXPECT_FALSE(answer["items"].empty()) << c;
    EXPECT_EQ(Skus(answer), Skus(json::parse(before.at(c)))) << c;
  }
  EXPECT_TRUE(StoredExposures("recs-holdout").empty());
}

TEST_F(ExperimentServingTest, AStoppedExperimentNoLongerApplies) {
  const std::map<std::string, std::string> before = Bodies();
  Create(kHoldout);
  EXPECT_TRUE(json::parse(ForUser("f1").body).contains("experiment"));
  ASSERT_EQ(
      Call("PATCH", "/v1/experiments/recs-holdout", admin_key, R"({"status": "stopped"})").status,
      200);
  EXPECT_EQ(Bodies(), before);  // byte for byte
}

TEST_F(ExperimentServingTest, WithoutARecommendationsExperimentAnswersStayByteIdentical) {
  const std::map<std::string, std::string> before = Bodies();
  // Another capability, a session experiment (the user route has no session), and a draft.
  Create(R"({"key": "search-a", "capability": "search", "status": "running",
             "variants": [{"name": "a", "config": {"recommender": "none"}}, {"name": "b"}]})");
  Create(R"({"key": "visits", "capability": "recommendations", "unit": "session",
             "status": "running", "variants": [{"name": "a", "config": {"recommender": "none"}},
                                               {"name": "b", "config": {"recommender": "none"}}]})");
  Create(R"({"key": "later", "capability": "recommendations", "status": "draft",
             "variants": [{"name": "a", "config": {"recommender": "none"}},
                          {"name": "b", "config": {"recommender": "none"}}]})");
  EXPECT_EQ(Bodies(), before);
  // Not proved: a storefront caller without the customer's token is no unit.
  const ApiResponse unproven = Call("GET", "/v1/recommendations/user/f1", storefront_key);
  ASSERT_EQ(unproven.status, 200);
  EXPECT_FALSE(json::parse(unproven.body).contains("experiment"));
  EXPECT_TRUE(StoredExposures("search-a").empty());
  EXPECT_TRUE(StoredExposures("visits").empty());
  EXPECT_EQ(ctx->exposures().written(), 0);
}

TEST_F(ExperimentServingTest, APopularityVariantServesPopularItemsUnderTheBusinessRules) {
  std::map<std::string, std::vector<std::string>> popular;
  for (const std::string& c : customers) {
    popular[c] = Skus(json::parse(ForUser(c, "?model=popularity").body));
  }
  Create(R"({"key": "recs-pop", "capability": "recommendations", "status": "running",
             "variants": [{"name": "popular", "weight": 0.9, "config": {"recommender": "popularity"}},
                          {"name": "models", "weight": 0.1}]})");
  int served = 0;
  for (const std::string& c : customers) {
    const json answer = json::parse(ForUser(c).body);
    if (answer["experiment"]["variant"] != "popular") continue;
    ++served;
    EXPECT_EQ(Skus(answer), popular[c]) << c;
    EXPECT_FALSE(Skus(answer).empty()) << c;
    EXPECT_NE(answer["fallback"].get<std::string>().find("popular items"), std::string::npos);
    for (const json& item : answer["items"]) EXPECT_EQ(item["model"], "popularity");
    if (c == "us1") {  // bought p0 and p2: excluded; p3 is out of stock
      for (const std::string& sku : Skus(answer)) {
        EXPECT_TRUE(sku != "p0" && sku != "p2" && sku != "p3") << sku;
      }
    }
  }
  EXPECT_GT(served, 20);
  // The other surfaces too: the product page (the item itself excluded) for a proved shopper.
  const std::string token =
      SignAccessToken(kServingTokenSecret, TokenKind::kCustomer, "f4", std::time(nullptr) + 600);
  const json item = json::parse(Call("GET", "/v1/recommendations/item/p6?customer_id=f4",
                                     storefront_key, "", {{"x-customer-token", token}})
                                    .body);
  if (json::parse(ForUser("f4").body)["experiment"]["variant"] == "popular") {
    EXPECT_EQ(item["experiment"]["variant"], "popular");
    for (const std::string& sku : Skus(item)) EXPECT_NE(sku, "p6");
  }
}

TEST_F(ExperimentServingTest, ASessionExperimentServesTheSessionRoute) {
  Create(R"({"key": "visits", "capability": "recommendations", "unit": "session",
             "status": "running", "variants": [{"name": "a", "config": {"recommender": "none"}},
                                               {"name": "b", "config": {"recommender": "none"}}]})");
  const ApiResponse r = Call("GET", "/v1/recommendations/session/s-42", storefront_key);
  ASSERT_EQ(r.status, 200) << r.body;
  const json answer = json::parse(r.body);
  EXPECT_EQ(answer["experiment"]["key"], "visits");
  EXPECT_TRUE(answer["items"].empty());
  const auto stored = StoredExposures("visits");
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored.begin()->first, "s-42");
  EXPECT_EQ(stored.begin()->second, answer["experiment"]["variant"]);
}

TEST_F(ExperimentServingTest, AnUnknownRecommenderIsRefusedWhenTheExperimentIsCreated) {
  const ApiResponse r = Call("POST", "/v1/experiments", admin_key,
                             R"({"key": "typo", "capability": "recommendations",
                                 "variants": [{"name": "a", "config": {"recommender": "popular"}},
                                              {"name": "b"}]})");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("variants[0].config.recommender: expected \\\"popularity\\\""),
            std::string::npos)
      << r.body;
  EXPECT_EQ(Call("GET", "/v1/experiments/typo", admin_key).status, 404);
}

// The user and item routes run on the I/O threads: answered while another thread holds the store
// lock, they prove they neither read nor write the store; the exposure is written afterwards.
TEST_F(ExperimentServingTest, TheInlineRoutesQueueExposuresWithoutTouchingTheStore) {
  Create(kHoldout);
  const std::string token =
      SignAccessToken(kServingTokenSecret, TokenKind::kCustomer, "f7", std::time(nullptr) + 600);
  std::string user_body, item_body;
  ctx->WithStore([&](Store&) {
    auto user = std::async(std::launch::async, [&] { return ForUser("f7"); });
    auto item = std::async(std::launch::async, [&] {
      return Call("GET", "/v1/recommendations/item/p0?customer_id=f7", storefront_key, "",
                  {{"x-customer-token", token}});
    });
    ASSERT_EQ(user.wait_for(std::chrono::seconds(20)), std::future_status::ready);
    ASSERT_EQ(item.wait_for(std::chrono::seconds(20)), std::future_status::ready);
    user_body = user.get().body;
    item_body = item.get().body;
  });
  const json user = json::parse(user_body), item = json::parse(item_body);
  ASSERT_TRUE(user.contains("experiment")) << user_body;
  EXPECT_EQ(item["experiment"], user["experiment"]);
  const auto stored = StoredExposures("recs-holdout");
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored.at("f7"), user["experiment"]["variant"]);
}

// Erasure deletes a customer's exposures (privacy::EraseCustomerEverywhere), and its answer
// says so.
TEST_F(ExperimentServingTest, ErasingACustomerDeletesTheirExposuresAndSaysSo) {
  Create(kHoldout);
  ASSERT_TRUE(json::parse(ForUser("f3").body).contains("experiment"));
  ASSERT_EQ(StoredExposures("recs-holdout").count("f3"), 1u);
  const ApiResponse erased = Call("DELETE", "/v1/customers/f3", admin_key);
  ASSERT_EQ(erased.status, 200) << erased.body;
  EXPECT_NE(json::parse(erased.body)["store"].get<std::string>().find("experiment exposures"),
            std::string::npos)
      << erased.body;
  EXPECT_EQ(StoredExposures("recs-holdout").count("f3"), 0u);
}

TEST_F(ExperimentServingTest, TheWriterBoundsItsQueueAndDrainsOnStop) {
  Create(kHoldout);
  ExposureWriter writer(*ctx, ExposureWriter::Limits{.queue = 2, .remembered = 100});
  ctx->WithStore([&](Store&) {  // the writer cannot write meanwhile: the queue fills
    writer.Expose("recs-holdout", "u1", "control", 100);
    writer.Expose("recs-holdout", "u1", "treatment", 101);  // already queued: ignored
    writer.Expose("recs-holdout", "u2", "treatment", 102);
    // The thread may have taken the first batch already (and now waits for the lock).
    writer.Expose("recs-holdout", "u3", "control", 103);
    writer.Expose("recs-holdout", "u4", "control", 104);
  });
  writer.Stop();
  writer.Expose("recs-holdout", "u5", "control", 105);  // stopped: dropped
  const auto stored = StoredExposures("recs-holdout");
  EXPECT_EQ(writer.written(), static_cast<int64_t>(stored.size()));
  EXPECT_EQ(writer.written() + writer.dropped(), 5);  // u1..u4 once each, and u5
  EXPECT_GE(writer.dropped(), 2);                     // at most 2 waiting at a time, and u5
  EXPECT_EQ(stored.at("u1"), "control");              // the first variant sticks
  EXPECT_EQ(stored.count("u5"), 0u);
}

}  // namespace
}  // namespace mercato::server
