// Admin routes name customers and orders as users do — an id, an email in any case, a Shopify
// id, an order's name — and show who the customer is; storefront answers never carry an email
// or a name. In process on the small serving store, where us1 (us1@example.com) placed o-us1.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "access/access_token.h"
#include "server/api_test_util.h"

namespace mercato::server {
namespace {

using nlohmann::json;

const std::string kIdentityTokenSecret(32, 't');

struct IdentityRoutesTest : testing::ApiFixture {
  void SetUp() override {
    OpenApi([](ServerOptions& o) { o.token_secret = kIdentityTokenSecret; });
    // Shopify's ids, as the Shopify imports store them.
    const Status s = ctx->WithStore([](Store& store) {
      Customer us1;
      us1.id = "us1";
      us1.first_name = "Una";
      us1.shopify_id = "7010000000001";
      RETURN_IF_ERROR(store.Put(&us1));
      Order order;
      order.id = "o-us1";
      order.ts = ParseTimestamp("2024-02-03T12:00:00Z").value();
      order.shopify_id = "5550000000001";
      return store.Put(&order);
    });
    ASSERT_TRUE(s.ok()) << s.message();
  }
  ApiResponse Call(const std::string& method, const std::string& target, const std::string& key,
                   std::map<std::string, std::string> headers = {}, const std::string& body = "") {
    return Handle(method, target, key, body, std::move(headers));
  }
  json Ok(const ApiResponse& r) {
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? json::parse(r.body) : json();
  }
};

TEST_F(IdentityRoutesTest, ProfileByIdEmailInAnyCaseOrShopifyIdShowsWhoTheCustomerIs) {
  const json by_id = Ok(Call("GET", "/v1/customers/us1", admin_key));
  EXPECT_EQ(by_id["id"], "us1");
  EXPECT_EQ(by_id["email"], "us1@example.com");
  EXPECT_EQ(by_id["first_name"], "Una");
  EXPECT_EQ(by_id["shopify_id"], "7010000000001");
  EXPECT_EQ(Ok(Call("GET", "/v1/customers/US1@Example.COM", admin_key)), by_id);
  EXPECT_EQ(Ok(Call("GET", "/v1/customers/7010000000001", admin_key)), by_id);
  const ApiResponse unknown = Call("GET", "/v1/customers/nora.patel@yahoo.com", admin_key);
  EXPECT_EQ(unknown.status, 404) << unknown.body;
}

// An admin key naming a customer nothing matches gets a 404 saying what was tried, as the CLI
// does, not trending items under a name that was never resolved; anonymous_fallback=true asks for
// them. A storefront key's unknown customer still gets trending items (a page must not break).
TEST_F(IdentityRoutesTest, AnUnknownCustomerIsA404ForAnAdminUnlessFallbackIsAsked) {
  const ApiResponse unknown =
      Call("GET", "/v1/recommendations/user/nora.patel@yahoo.com", admin_key);
  ASSERT_EQ(unknown.status, 404) << unknown.body;
  EXPECT_NE(unknown.body.find("unknown customer 'nora.patel@yahoo.com'"), std::string::npos)
      << unknown.body;
  EXPECT_NE(unknown.body.find("anonymous_fallback=true"), std::string::npos) << unknown.body;
  const json fallback = Ok(Call(
      "GET", "/v1/recommendations/user/nora.patel@yahoo.com?anonymous_fallback=true", admin_key));
  EXPECT_FALSE(fallback["personalized"]);
  EXPECT_FALSE(fallback["items"].empty());
  EXPECT_EQ(Call("GET", "/v1/recommendations/user/x?anonymous_fallback=maybe", admin_key).status,
            400);
  EXPECT_EQ(Call("GET", "/v1/recommendations/user/nora.patel@yahoo.com", storefront_key).status,
            200);
  EXPECT_TRUE(
      Ok(Call("GET", "/v1/recommendations/user/US1@example.com", admin_key))["personalized"]);
}

TEST_F(IdentityRoutesTest, PostPurchaseByOrderNameOrShopifyIdWithAnAdminKey) {
  const json by_id = Ok(Call("GET", "/v1/recommendations/post-purchase/o-us1", admin_key));
  ASSERT_FALSE(by_id["items"].empty());
  for (const std::string name : {"#o-us1", "5550000000001"}) {
    const json named = Ok(Call("GET", "/v1/recommendations/post-purchase/" + name, admin_key));
    EXPECT_EQ(named["order_id"], "o-us1") << name;
    EXPECT_EQ(named["items"], by_id["items"]) << name;
  }
}

TEST_F(IdentityRoutesTest, EraseAndTokensTakeAnEmail) {
  const json token = Ok(
      Call("POST", "/v1/customer-tokens", admin_key, {}, R"({"customer_id": "US1@example.com"})"));
  EXPECT_EQ(token["customer_id"], "us1");
  const json order_token =
      Ok(Call("POST", "/v1/customer-tokens", admin_key, {}, R"({"order_id": "5550000000001"})"));
  EXPECT_EQ(order_token["order_id"], "o-us1");
  // A name nothing matches is minted as given (an order not imported yet).
  EXPECT_EQ(Ok(Call("POST", "/v1/customer-tokens", admin_key, {},
                    R"({"order_id": "#2001"})"))["order_id"],
            "#2001");

  Ok(Call("DELETE", "/v1/customers/Us1@Example.com", admin_key));
  EXPECT_EQ(Call("GET", "/v1/customers/us1", admin_key).status, 404);
}

TEST_F(IdentityRoutesTest, StorefrontAnswersCarryNoEmailOrName) {
  const std::string token =
      SignAccessToken(kIdentityTokenSecret, TokenKind::kCustomer, "us1", std::time(nullptr) + 600);
  const ApiResponse mine = Call("GET", "/v1/recommendations/user/us1?k=5", storefront_key,
                                {{"x-customer-token", token}});
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_TRUE(json::parse(mine.body)["personalized"].get<bool>());
  // Named by email, the storefront key looks nothing up: the email is not the id the token
  // proves, so the answer is not personal.
  const ApiResponse by_email = Call("GET", "/v1/recommendations/user/us1@example.com?k=5",
                                    storefront_key, {{"x-customer-token", token}});
  ASSERT_EQ(by_email.status, 200) << by_email.body;
  EXPECT_FALSE(json::parse(by_email.body)["personalized"].get<bool>());
  for (const ApiResponse* r : {&mine, &by_email}) {
    for (const char* personal : {"\"email\"", "\"first_name\"", "\"last_name\"", "Una"}) {
      EXPECT_EQ(r->body.find(personal), std::string::npos) << personal << " in " << r->body;
    }
  }
}

}  // namespace
}  // namespace mercato::server
