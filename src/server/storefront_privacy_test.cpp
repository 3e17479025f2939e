// Storefront keys are public: with one, nobody may read a customer's purchases or an order's
// items (the diff attacks of issue 14 item 6), and rate limits fall on each client, not on the
// shared key (item 10). In process through Api::Handle, on the small serving store, where us1
// bought p0 and p2 in order o-us1.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "access/access_token.h"
#include "access/api_keys.h"
#include "ingest/import_test_util.h"
#include "recommend_serving/serving_test_util.h"
#include "server/api.h"
#include "server/api_test_util.h"

namespace mercato::server {
namespace {

using nlohmann::json;

const std::string kTokenSecret(32, 't');

struct StorefrontTest : testing::ApiFixture {
  void SetUp() override { Open({}); }

  void Open(const std::function<void(ServerOptions&)>& tweak) {
    OpenApi([&](ServerOptions& o) {
      o.token_secret = kTokenSecret;
      if (tweak) tweak(o);
    });
  }

  // One request from `peer` with `key` and extra lower-case `headers`.
  ApiResponse Call(const std::string& method, const std::string& target, const std::string& key,
                   std::map<std::string, std::string> headers = {}, const std::string& body = "",
                   const std::string& peer = "198.51.100.1") {
    return Handle(method, target, key, body, std::move(headers), peer);
  }
  json Ok(const ApiResponse& r) {
    EXPECT_EQ(r.status, 200) << r.body;
    return json::parse(r.body);
  }
  static std::string Token(TokenKind kind, const std::string& subject, int64_t ttl = 600,
                           const std::string& secret = kTokenSecret) {
    return SignAccessToken(secret, kind, subject, std::time(nullptr) + ttl);
  }
  static bool Has(const json& list, const std::string& sku) {
    for (const auto& item : list["items"]) {
      if (item["sku"] == sku) return true;
    }
    return false;
  }
};

TEST_F(StorefrontTest, UserRecommendationsWithoutATokenRevealNoPurchases) {
  // The diff attack: the same customer with and without exclude_purchased, and any other
  // customer, get the same list — nothing read from anyone's history.
  const json plain = Ok(Call("GET", "/v1/recommendations/user/us1?k=10", storefront_key));
  const json excluding =
      Ok(Call("GET", "/v1/recommendations/user/us1?k=10&exclude_purchased=true", storefront_key));
  EXPECT_EQ(plain, excluding);
  EXPECT_TRUE(Has(excluding, "p0") && Has(excluding, "p2")) << excluding.dump();
  json stranger = Ok(
      Call("GET", "/v1/recommendations/user/nobody?k=10&exclude_purchased=true", storefront_key));
  stranger["customer_id"] = "us1";
  EXPECT_EQ(stranger, plain);
  EXPECT_FALSE(plain["personalized"].get<bool>());
  EXPECT_EQ(plain["fallback"], "no customer token (X-Customer-Token): trending items");
  for (const auto& item : plain["items"]) {
    EXPECT_TRUE(item["reason"] == "trending" || item["reason"] == "popular") << item.dump();
  }
}

TEST_F(StorefrontTest, TheCustomersOwnTokenPersonalizes) {
  const auto with_token = [&](const std::string& token) {
    return Ok(Call("GET", "/v1/recommendations/user/us1?k=10&exclude_purchased=true",
                   storefront_key, {{"x-customer-token", token}}));
  };
  const json mine = with_token(Token(TokenKind::kCustomer, "us1"));
  EXPECT_TRUE(mine["personalized"].get<bool>()) << mine.dump();
  EXPECT_FALSE(Has(mine, "p0") || Has(mine, "p2")) << mine.dump();

  // Forged, expired, another customer's, an order token in its place: as without one.
  const json anonymous = Ok(Call("GET", "/v1/recommendations/user/us1?k=10", storefront_key));
  const std::pair<std::string, std::string> refused[] = {
      {Token(TokenKind::kCustomer, "us1", 600, std::string(32, 'x')), "bad signature"},
      {Token(TokenKind::kCustomer, "us1", -1), "expired"},
      {Token(TokenKind::kCustomer, "us1", 2 * 86400), "expires more than"},
      {Token(TokenKind::kCustomer, "de1"), "the customer token is for another customer"},
      {Token(TokenKind::kOrder, "us1"), "it is an order token"},
      {"garbage", "expected v1."}};
  for (const auto& [token, why] : refused) {
    json r = with_token(token);
    EXPECT_NE(r["fallback"].get<std::string>().find(why), std::string::npos) << r["fallback"];
    r["fallback"] = anonymous["fallback"];
    EXPECT_EQ(r, anonymous) << why;
  }
}

TEST_F(StorefrontTest, AServerWithoutATokenSecretAcceptsNoToken) {
  Open([](ServerOptions& o) { o.token_secret.clear(); });
  const json r =
      Ok(Call("GET", "/v1/recommendations/user/us1?exclude_purchased=true", storefront_key,
              {{"x-customer-token", Token(TokenKind::kCustomer, "us1")}}));
  EXPECT_FALSE(r["personalized"].get<bool>());
  EXPECT_NE(r["fallback"].get<std::string>().find("verifies no tokens"), std::string::npos);
}

TEST_F(StorefrontTest, AdminKeysKeepFullAccess) {
  const json r =
      Ok(Call("GET", "/v1/recommendations/user/us1?k=10&exclude_purchased=true", admin_key));
  EXPECT_TRUE(r["personalized"].get<bool>());
  EXPECT_FALSE(Has(r, "p0") || Has(r, "p2")) << r.dump();
  const json after = Ok(Call("GET", "/v1/recommendations/post-purchase/o-us1", admin_key));
  EXPECT_TRUE(after["personalized"].get<bool>());
  EXPECT_EQ(Call("GET", "/v1/recommendations/post-purchase/o-nobody", admin_key).status, 404);
}

TEST_F(StorefrontTest, PostPurchaseWithoutTheOrderTokenRevealsNothingOfTheOrder) {
  // Not even whether the order exists: the answer for o-us1 is the one for a made-up order.
  const json order = Ok(Call("GET", "/v1/recommendations/post-purchase/o-us1", storefront_key));
  json made_up = Ok(Call("GET", "/v1/recommendations/post-purchase/o-nobody", storefront_key));
  made_up["order_id"] = "o-us1";
  EXPECT_EQ(order, made_up);
  EXPECT_FALSE(order["personalized"].get<bool>());
  EXPECT_EQ(order["fallback"], "no order token (X-Order-Token): trending items");
  for (const auto& item : order["items"]) {
    const std::string reason = item["reason_text"];
    EXPECT_EQ(reason.find("(p0)"), std::string::npos) << reason;
    EXPECT_EQ(reason.find("(p2)"), std::string::npos) << reason;
  }
  // A customer token is no order token; another order's token is not this one's.
  json other = Ok(Call("GET", "/v1/recommendations/post-purchase/o-us1", storefront_key,
                       {{"x-customer-token", Token(TokenKind::kCustomer, "us1")},
                        {"x-order-token", Token(TokenKind::kOrder, "o-de1")}}));
  EXPECT_EQ(other["fallback"], "the order token is for another order: trending items");
  other["fallback"] = order["fallback"];
  EXPECT_EQ(other, order);

  // With its token: follow-ups of the order, never its own items.
  const json proven = Ok(Call("GET", "/v1/recommendations/post-purchase/o-us1", storefront_key,
                              {{"x-order-token", Token(TokenKind::kOrder, "o-us1")}}));
  EXPECT_TRUE(proven["personalized"].get<bool>()) << proven.dump();
  EXPECT_FALSE(Has(proven, "p0") || Has(proven, "p2")) << proven.dump();
}

TEST_F(StorefrontTest, ACustomerIdOnOtherRoutesCountsOnlyWithItsToken) {
  // Item, cart and session routes take a customer for exclude_purchased: only with its token.
  ASSERT_EQ(Call("POST", "/v1/events", storefront_key, {},
                 R"({"type": "view", "session_id": "s9", "sku": "p6"})")
                .status,
            202);
  const std::string routes[][3] = {
      {"GET", "/v1/recommendations/item/p6?k=9&exclude_purchased=true", ""},
      {"GET", "/v1/recommendations/session/s9?k=9&exclude_purchased=true", ""},
      {"POST", "/v1/recommendations/cart?k=9&exclude_purchased=true", R"({"skus": ["p6"]})"}};
  for (const auto& [method, target, body] : routes) {
    const std::string cart_body = body.empty() ? "" : R"({"skus": ["p6"], "customer_id": "us1"})";
    const std::string named = body.empty() ? target + "&customer_id=us1" : target;
    const json anonymous = Ok(Call(method, target, storefront_key, {}, body));
    json claimed = Ok(Call(method, named, storefront_key, {}, body.empty() ? "" : cart_body));
    EXPECT_EQ(claimed["fallback"], "customer_id ignored: no customer token (X-Customer-Token)")
        << target;
    claimed["fallback"] = anonymous["fallback"];
    EXPECT_EQ(claimed, anonymous) << target;
    EXPECT_TRUE(Has(anonymous, "p0") && Has(anonymous, "p2")) << target << anonymous.dump();
    const json proven = Ok(Call(method, named, storefront_key,
                                {{"x-customer-token", Token(TokenKind::kCustomer, "us1")}},
                                body.empty() ? "" : cart_body));
    EXPECT_TRUE(proven["personalized"].get<bool>()) << target;
    EXPECT_FALSE(Has(proven, "p0") || Has(proven, "p2")) << target << proven.dump();
  }
}

TEST_F(StorefrontTest, StorefrontLimitsFallOnEachClientAddress) {
  Open([](ServerOptions& o) {
    o.storefront_rate_limit = 0.001;
    o.storefront_rate_burst = 2;
    o.rate_limit = 0.001;
    o.rate_burst = 2;
  });
  const std::string path = "/v1/recommendations/item/p0";
  for (int i = 0; i < 2; ++i) EXPECT_EQ(Call("GET", path, storefront_key).status, 200);
  const ApiResponse limited = Call("GET", path, storefront_key);
  EXPECT_EQ(limited.status, 429);
  EXPECT_NE(limited.body.find("rate limit for this client"), std::string::npos);
  // Another shopper with the same public key has a budget of its own...
  EXPECT_EQ(Call("GET", path, storefront_key, {}, "", "203.0.113.5").status, 200);
  // ...but a forged X-Forwarded-For from an untrusted peer changes nothing.
  EXPECT_EQ(Call("GET", path, storefront_key, {{"x-forwarded-for", "192.0.2.77"}}).status, 429);
  // An IPv6 client is one client across its /64.
  EXPECT_EQ(Call("GET", path, storefront_key, {}, "", "2001:db8:1:2::1").status, 200);
  EXPECT_EQ(Call("GET", path, storefront_key, {}, "", "2001:db8:1:2::2").status, 200);
  EXPECT_EQ(Call("GET", path, storefront_key, {}, "", "2001:db8:1:2:ffff::3").status, 429);
  // A shopper with a customer token is limited as that customer, wherever they come from.
  const std::string token = Token(TokenKind::kCustomer, "us1");
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(Call("GET", path, storefront_key, {{"x-customer-token", token}}).status, 200);
  }
  EXPECT_EQ(
      Call("GET", path, storefront_key, {{"x-customer-token", token}}, "", "192.0.2.1").status,
      429);
  // Admin keys are limited per key, whatever the address.
  EXPECT_EQ(Call("GET", path, admin_key, {}, "", "192.0.2.1").status, 200);
  EXPECT_EQ(Call("GET", path, admin_key, {}, "", "192.0.2.2").status, 200);
  const ApiResponse admin_limited = Call("GET", path, admin_key, {}, "", "192.0.2.3");
  EXPECT_EQ(admin_limited.status, 429);
  EXPECT_NE(admin_limited.body.find("rate limit of this API key"), std::string::npos);
}

TEST_F(StorefrontTest, BehindATrustedProxyTheForwardedClientIsLimited) {
  Open([](ServerOptions& o) {
    o.storefront_rate_limit = 0.001;
    o.storefront_rate_burst = 1;
    o.trusted_proxies = {"::ffff:10.0.0.1"};  // written canonically when the server opens
  });
  const std::string path = "/v1/recommendations/item/p0";
  const auto via_proxy = [&](const std::string& forwarded) {
    return Call("GET", path, storefront_key, {{"x-forwarded-for", forwarded}}, "", "10.0.0.1")
        .status;
  };
  EXPECT_EQ(via_proxy("203.0.113.1"), 200);
  EXPECT_EQ(via_proxy("203.0.113.1"), 429);
  EXPECT_EQ(via_proxy("203.0.113.2"), 200);
  // What the client wrote before the proxy appended its peer does not count.
  EXPECT_EQ(via_proxy("203.0.113.3, 203.0.113.1"), 429);
}

TEST_F(StorefrontTest, BadTokenAndProxyOptionsStopTheServerFromStarting) {
  ServerOptions o;
  o.db = dir + "/store.db";
  o.artifacts = dir + "/artifacts";
  o.token_secret = "short";
  auto opened = ServerContext::Open(o);
  ASSERT_FALSE(opened.ok());
  EXPECT_NE(opened.status().message().find("at least 32"), std::string::npos);
  o.token_secret.clear();
  o.trusted_proxies = {"proxy.internal"};
  opened = ServerContext::Open(o);
  ASSERT_FALSE(opened.ok());
  EXPECT_NE(opened.status().message().find("--trusted-proxy proxy.internal"), std::string::npos);
}

TEST_F(StorefrontTest, AdminKeysMintTokensTheServerAccepts) {
  const ApiResponse minted = Call("POST", "/v1/customer-tokens", admin_key, {},
                                  R"({"customer_id": "us1", "ttl_seconds": 120})");
  const json m = Ok(minted);
  EXPECT_EQ(m["header"], "X-Customer-Token");
  EXPECT_EQ(m["customer_id"], "us1");
  const json r = Ok(Call("GET", "/v1/recommendations/user/us1", storefront_key,
                         {{"x-customer-token", m["token"].get<std::string>()}}));
  EXPECT_TRUE(r["personalized"].get<bool>()) << r.dump();
  // Storefront keys cannot mint; bad bodies are 400.
  EXPECT_EQ(
      Call("POST", "/v1/customer-tokens", storefront_key, {}, R"({"customer_id": "us1"})").status,
      403);
  for (const char* bad : {R"({})", R"({"customer_id": "us1", "order_id": "o"})",
                          R"({"order_id": 5})", R"({"customer_id": "us1", "ttl_seconds": 1e9})",
                          R"({"customer_id": "us1", "ttl_seconds": 86401})"}) {
    EXPECT_EQ(Call("POST", "/v1/customer-tokens", admin_key, {}, bad).status, 400) << bad;
  }
}

TEST_F(StorefrontTest, PreflightAllowsTheTokenHeaders) {
  Open([](ServerOptions& o) { o.cors_origins = {"https://shop.example"}; });
  ApiRequest r;
  r.method = "OPTIONS";
  r.path = "/v1/recommendations/user/us1";
  r.headers = {{"origin", "https://shop.example"}};
  const ApiResponse preflight = api->Handle(std::move(r));
  EXPECT_EQ(preflight.status, 204);
  EXPECT_EQ(preflight.Header("Access-Control-Allow-Headers"),
            "Authorization, Content-Type, X-Customer-Token, X-Order-Token");
}

}  // namespace
}  // namespace mercato::server
