// The outbox routes: the one-click unsubscribe link (public, signed, recorded in the store and
// the live consent at once), the outbox's figures (admin), and `serve --deliver-every`'s
// background deliverer.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "delivery/compliance.h"
#include "delivery/delivery_test_util.h"
#include "server/api_test_util.h"

namespace mercato::server {
namespace {

using nlohmann::json;

const std::string kTokenSecret(40, 'z');

struct OutboxRoutesTest : testing::ApiFixture {
  void PutCustomer(const std::string& id) {
    Customer c;
    c.id = id;
    c.email = id + "@example.com";
    c.country = "US";  // email marketing allowed until opted out
    ASSERT_TRUE(ctx->WithStore([&](Store& s) { return s.Put(&c); }).ok());
  }
  void Enqueue(const std::string& id, const std::string& customer) {
    const OutboxMessage m =
        delivery::testing::SampleOutboxMessage(id, customer, std::time(nullptr) - 60);
    auto added =
        ctx->WithStore([&](Store& s) { return s.EnqueueOutbox(std::vector<OutboxMessage>{m}); });
    ASSERT_TRUE(added.ok()) << added.status().ToString();
  }
  std::string Token(const std::string& customer) {
    return delivery::SignUnsubscribeToken(
        kTokenSecret, {customer, privacy::Purpose::kEmailMarketing}, std::time(nullptr));
  }
};

TEST_F(OutboxRoutesTest, TheUnsubscribeLinkRecordsTheOptOutWithoutAKey) {
  OpenApi([](ServerOptions& o) { o.token_secret = kTokenSecret; });
  // us1 is a customer of the serving store in the United States: allowed until opted out.
  ASSERT_TRUE(ctx->consent().Allows("us1", privacy::Purpose::kEmailMarketing));
  const ApiResponse page = Handle("GET", "/v1/unsubscribe?token=" + Token("us1"), "", "", {});
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(page.content_type, "text/html; charset=utf-8");
  EXPECT_NE(page.body.find("You are unsubscribed"), std::string::npos) << page.body;
  EXPECT_NE(page.body.find("no more marketing email"), std::string::npos);
  // Recorded in the store (what the deliverer reads at send time) and in the live consent.
  const auto consents = ctx->WithStore([](Store& s) { return s.GetConsents("us1"); }).value();
  ASSERT_FALSE(consents.empty());
  EXPECT_FALSE(consents.back().granted);
  EXPECT_EQ(consents.back().purpose, "email_marketing");
  EXPECT_EQ(consents.back().source, "unsubscribe-link");
  EXPECT_FALSE(ctx->consent().Allows("us1", privacy::Purpose::kEmailMarketing));
  // RFC 8058 one-click: a POST to the same URL; clicking twice is harmless.
  PutCustomer("u2");
  EXPECT_EQ(
      Handle("POST", "/v1/unsubscribe?token=" + Token("u2"), "", "List-Unsubscribe=One-Click", {})
          .status,
      200);
  EXPECT_EQ(ctx->consent().Explain("u2", privacy::Purpose::kEmailMarketing).basis, "revoked");
  EXPECT_EQ(Handle("GET", "/v1/unsubscribe?token=" + Token("us1"), "", "", {}).status, 200);
}

TEST_F(OutboxRoutesTest, ABadOrMissingTokenIsAPageSayingWhatToDo) {
  OpenApi([](ServerOptions& o) { o.token_secret = kTokenSecret; });
  const ApiResponse missing = Handle("GET", "/v1/unsubscribe", "", "", {});
  EXPECT_EQ(missing.status, 400);
  EXPECT_NE(missing.body.find("no token"), std::string::npos);
  const std::string forged = delivery::SignUnsubscribeToken(
      std::string(40, 'x'), {"us1", privacy::Purpose::kEmailMarketing}, std::time(nullptr));
  const ApiResponse bad = Handle("GET", "/v1/unsubscribe?token=" + forged, "", "", {});
  EXPECT_EQ(bad.status, 401);
  EXPECT_EQ(bad.content_type, "text/html; charset=utf-8");
  EXPECT_NE(bad.body.find("Unsubscribe link not valid"), std::string::npos);
  EXPECT_TRUE(ctx->consent().Allows("us1", privacy::Purpose::kEmailMarketing));
  // A customer erased since the email: nothing left to stop, and no error for them.
  ASSERT_TRUE(ctx->WithStore([](Store& s) { return s.EraseCustomer("us1"); }).ok());
  EXPECT_EQ(Handle("GET", "/v1/unsubscribe?token=" + Token("us1"), "", "", {}).status, 200);
}

TEST_F(OutboxRoutesTest, StatsCountTheOutboxByStatusForAdminsOnly) {
  OpenApi({});
  PutCustomer("u1");
  Enqueue("m1", "u1");
  Enqueue("m2", "u1");
  const ApiResponse stats = Handle("GET", "/v1/outbox/stats", admin_key, "", {});
  ASSERT_EQ(stats.status, 200) << stats.body;
  const json body = json::parse(stats.body);
  EXPECT_EQ(body["messages"],
            json({{"pending", 2}, {"delivered", 0}, {"suppressed", 0}, {"dead", 0}, {"total", 2}}));
  EXPECT_TRUE(body["deliverer"].is_null());
  EXPECT_EQ(Handle("GET", "/v1/outbox/stats", storefront_key, "", {}).status, 403);
  EXPECT_EQ(Handle("GET", "/v1/outbox/stats", "", "", {}).status, 401);
}

TEST_F(OutboxRoutesTest, ServeDeliversInTheBackgroundOnceItsSettingsAreComplete) {
  const std::string file = ::testing::TempDir() + "/served-outbox.jsonl";
  std::filesystem::remove(file);
  auto delivering = [&](ServerOptions& o) {
    o.token_secret = kTokenSecret;
    o.deliver_every_seconds = 1;
    o.delivery.to = "jsonl";
    o.delivery.file = file;
    o.delivery.sender_name = "Roaster";
    o.delivery.sender_email = "hi@roaster.example";
    o.delivery.postal_address = "12 Quay St, Portland, OR 97201";
    o.delivery.unsubscribe_url = "https://api.roaster.example";
  };
  OpenApi(delivering);
  PutCustomer("u1");
  Enqueue("m1", "u1");
  json stats;
  for (int i = 0; i < 100; ++i) {  // the deliverer's rounds come every second
    stats = json::parse(Handle("GET", "/v1/outbox/stats", admin_key, "", {}).body);
    if (stats["messages"]["delivered"] == 1) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(stats["messages"]["delivered"], 1) << stats.dump();
  EXPECT_EQ(stats["deliverer"]["every_seconds"], 1);
  EXPECT_GE(stats["deliverer"]["totals"]["delivered"], 1);
  std::ifstream in(file);
  std::string line;
  ASSERT_TRUE(std::getline(in, line));
  const json doc = json::parse(line);
  EXPECT_EQ(doc["id"], "m1");
  EXPECT_EQ(doc["unsubscribe_url"].get<std::string>().rfind(
                "https://api.roaster.example/v1/unsubscribe?token=", 0),
            0u);
  // Without a postal address the server does not start: email would break the law.
  api.reset();
  ctx.reset();
  ServerOptions o;
  o.db = dir + "/store.db";
  o.artifacts = dir + "/artifacts";
  delivering(o);
  o.delivery.postal_address.clear();
  auto refused = ServerContext::Open(o);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("postal_address"), std::string::npos);
}

}  // namespace
}  // namespace mercato::server
