// Tests of the HTTP destinations against the loopback receiver: the signed webhook, the request
// shapes of Klaviyo and Mandrill, and how answers and silence become outcomes.
#include "delivery/http_sinks.h"

#include <gtest/gtest.h>

#include "delivery/delivery_test_util.h"
#include "delivery/receiver_test_util.h"

namespace mercato::delivery {
namespace {

using testing::Receiver;
using testing::SampleEnvelope;
using testing::SampleOutboxMessage;
using testing::SampleSender;

SendResult SendOne(Sink& sink, const OutboxMessage& m, Timestamp now = 1700000000) {
  const Envelope e = SampleEnvelope(m);
  return sink.Send(std::span<const Envelope>(&e, 1), now)[0];
}

HttpSinkOptions To(const Receiver& r, const std::string& secret) {
  HttpSinkOptions o;
  o.url = r.url();
  o.secret = secret;
  o.timeout = std::chrono::milliseconds(5000);
  return o;
}

TEST(WebhookSink, PostsTheDocumentSignedOverTimestampAndBodyWithTheIdempotencyKey) {
  Receiver receiver;
  auto sink = MakeWebhookSink(To(receiver, "whsec-0123456789"), SampleSender());
  const OutboxMessage m = SampleOutboxMessage("m1", "c1", 1699990000);
  ASSERT_EQ(SendOne(*sink, m).outcome, SendOutcome::kDelivered);
  const auto headers = receiver.last_headers();
  const std::string body = receiver.last_body();
  EXPECT_EQ(headers.at("idempotency-key"), "m1");
  EXPECT_EQ(headers.at("x-mercato-timestamp"), "1700000000");
  EXPECT_EQ(headers.at("content-type"), "application/json");
  // The receiver's check: the HMAC of "<timestamp>.<body>" under the shared secret.
  EXPECT_EQ(headers.at("x-mercato-signature"),
            WebhookSignature("whsec-0123456789", 1700000000, body));
  EXPECT_NE(headers.at("x-mercato-signature"), WebhookSignature("other", 1700000000, body));
  EXPECT_NE(headers.at("x-mercato-signature"),
            WebhookSignature("whsec-0123456789", 1700000001, body));  // a replay at another time
  const auto doc = nlohmann::json::parse(body);
  EXPECT_EQ(doc["id"], "m1");
  EXPECT_EQ(doc["journey_id"], "cart_recovery");
  EXPECT_EQ(doc["created_at"], "2023-11-14T19:26:40Z");
  EXPECT_EQ(doc["payload"]["subject"], "Your cart misses you");
  EXPECT_EQ(doc["sender"]["name"], "Roaster & Co.");
  EXPECT_EQ(doc["headers"]["List-Unsubscribe-Post"], "List-Unsubscribe=One-Click");
  EXPECT_EQ(receiver.Deliveries(), (std::map<std::string, int>{{"m1", 1}}));
}

TEST(WebhookSink, SilenceAndServerErrorsAreRetriedOtherRefusalsAreFinal) {
  Receiver receiver;
  auto sink = MakeWebhookSink(To(receiver, "s"), SampleSender());
  const OutboxMessage m = SampleOutboxMessage("m1", "c1", 0);
  receiver.SetMode(Receiver::Mode::kUnavailable);
  SendResult busy = SendOne(*sink, m);
  EXPECT_EQ(busy.outcome, SendOutcome::kRetry);
  EXPECT_EQ(busy.error, "HTTP 503: busy");
  receiver.SetMode(Receiver::Mode::kRejecting);
  SendResult refused = SendOne(*sink, m);
  EXPECT_EQ(refused.outcome, SendOutcome::kRejected);
  EXPECT_EQ(refused.error, "HTTP 400: bad address");
  receiver.GoDown();
  SendResult down = SendOne(*sink, m);
  EXPECT_EQ(down.outcome, SendOutcome::kRetry);
  EXPECT_NE(down.error.find("POST " + receiver.url()), std::string::npos) << down.error;
  receiver.ComeBack();
  receiver.SetMode(Receiver::Mode::kUp);
  EXPECT_EQ(SendOne(*sink, m).outcome, SendOutcome::kDelivered);
  EXPECT_EQ(receiver.Deliveries(), (std::map<std::string, int>{{"m1", 1}}));
}

TEST(KlaviyoSink, SendsACreateEventRequestWithTheMessageIdAsUniqueId) {
  Receiver receiver;
  auto sink = MakeKlaviyoSink(To(receiver, "pk_live_abc"), SampleSender());
  const OutboxMessage m = SampleOutboxMessage("m7", "c42", 1699990000);
  ASSERT_EQ(SendOne(*sink, m).outcome, SendOutcome::kDelivered);
  const auto headers = receiver.last_headers();
  EXPECT_EQ(headers.at("authorization"), "Klaviyo-API-Key pk_live_abc");
  EXPECT_EQ(headers.at("revision"), "2024-10-15");
  EXPECT_EQ(headers.at("content-type"), "application/vnd.api+json");
  EXPECT_EQ(headers.at("idempotency-key"), "m7");
  const auto body = nlohmann::json::parse(receiver.last_body());
  const auto& a = body["data"]["attributes"];
  EXPECT_EQ(body["data"]["type"], "event");
  EXPECT_EQ(a["unique_id"], "m7");
  EXPECT_EQ(a["time"], "2023-11-14T19:26:40Z");
  EXPECT_EQ(a["metric"]["data"]["type"], "metric");
  EXPECT_EQ(a["metric"]["data"]["attributes"]["name"], "mercato journey message");
  EXPECT_EQ(a["profile"]["data"]["type"], "profile");
  EXPECT_EQ(a["profile"]["data"]["attributes"]["email"], "ann@example.com");
  EXPECT_EQ(a["profile"]["data"]["attributes"]["external_id"], "c42");
  EXPECT_EQ(a["properties"]["payload"]["subject"], "Your cart misses you");
  EXPECT_EQ(a["properties"]["postal_address"], "12 Quay St, Portland, OR 97201, USA");
  EXPECT_EQ(a["properties"]["unsubscribe_url"],
            "https://m.roaster.example/v1/unsubscribe?token=t-m7");
}

TEST(MandrillSink, SendsMessagesSendWithTheFooterAndTheUnsubscribeHeaders) {
  Receiver receiver;
  auto sink = MakeMandrillSink(To(receiver, "md-key"), SampleSender());
  OutboxMessage m = SampleOutboxMessage("m9", "c1", 0);
  m.payload_json = R"({"subject":"Hi","text":"Come back","html":"<p>Come back</p>"})";
  ASSERT_EQ(SendOne(*sink, m).outcome, SendOutcome::kDelivered);
  const auto body = nlohmann::json::parse(receiver.last_body());
  EXPECT_EQ(body["key"], "md-key");
  const auto& msg = body["message"];
  EXPECT_EQ(msg["subject"], "Hi");
  EXPECT_EQ(msg["from_email"], "hello@roaster.example");
  EXPECT_EQ(msg["from_name"], "Roaster & Co.");
  EXPECT_EQ(msg["to"][0]["email"], "ann@example.com");
  EXPECT_EQ(msg["to"][0]["type"], "to");
  EXPECT_EQ(msg["headers"]["List-Unsubscribe"],
            "<https://m.roaster.example/v1/unsubscribe?token=t-m9>");
  EXPECT_EQ(msg["metadata"]["message_id"], "m9");
  EXPECT_EQ(msg["text"],
            "Come back\n\n--\nRoaster & Co., 12 Quay St, Portland, OR 97201, USA\nUnsubscribe: "
            "https://m.roaster.example/v1/unsubscribe?token=t-m9\n");
  const std::string html = msg["html"];
  EXPECT_EQ(html.rfind("<p>Come back</p>", 0), 0u);
  EXPECT_NE(html.find("Roaster &amp; Co., 12 Quay St"), std::string::npos) << html;
  EXPECT_NE(html.find("href=\"https://m.roaster.example/v1/unsubscribe?token=t-m9\""),
            std::string::npos);
}

}  // namespace
}  // namespace mercato::delivery
