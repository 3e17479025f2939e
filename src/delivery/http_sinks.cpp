// The signed webhook, Klaviyo and Mandrill destinations: each builds its request body and headers
// and shares the sending and the reading of HTTP statuses.
#include "delivery/http_sinks.h"

#include "access/hmac.h"
#include "delivery/compliance.h"
#include "delivery/http_client.h"

namespace mercato::delivery {
namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

// What an HTTP status means for a message.
SendResult Classify(int status, const std::string& body) {
  if (status >= 200 && status < 300) return {SendOutcome::kDelivered, ""};
  std::string error = "HTTP " + std::to_string(status);
  if (!body.empty()) error += ": " + body.substr(0, 200);
  const bool transient = status == 408 || status == 429 || status >= 500;
  return {transient ? SendOutcome::kRetry : SendOutcome::kRejected, std::move(error)};
}

// The request one message becomes, for one destination.
struct Request {
  Headers headers;
  std::string body;
};

// Sends each message's request with one kept-alive client; `build` makes the request and
// `accept` reads a 2xx answer (most destinations take any 2xx).
class HttpSink : public Sink {
 public:
  HttpSink(HttpSinkOptions options, SenderIdentity sender)
      : options_(std::move(options)), sender_(std::move(sender)), client_(options_.timeout) {}

  std::vector<SendResult> Send(std::span<const Envelope> batch, Timestamp now) override {
    std::vector<SendResult> results;
    results.reserve(batch.size());
    for (const Envelope& e : batch) {
      Request request = Build(e, now);
      request.headers.emplace_back(std::string(kIdempotencyKeyHeader), e.message->id);
      Result<HttpResponse> response = client_.Post(options_.url, request.headers, request.body);
      if (!response.ok()) {
        results.push_back({SendOutcome::kRetry, response.status().message()});
        continue;
      }
      SendResult result = Classify(response->status, response->body);
      if (result.outcome == SendOutcome::kDelivered) result = Accept(response->body);
      results.push_back(std::move(result));
    }
    return results;
  }

 protected:
  virtual Request Build(const Envelope& e, Timestamp now) const = 0;
  virtual SendResult Accept(const std::string& /*body*/) const {
    return {SendOutcome::kDelivered, ""};
  }

  HttpSinkOptions options_;
  SenderIdentity sender_;

 private:
  HttpClient client_;
};

class WebhookSink final : public HttpSink {
 public:
  using HttpSink::HttpSink;

 protected:
  Request Build(const Envelope& e, Timestamp now) const override {
    Request r;
    r.body = DeliveryDocument(e, sender_).dump();
    r.headers = {{"Content-Type", "application/json"},
                 {std::string(kTimestampHeader), std::to_string(now)},
                 {std::string(kSignatureHeader), WebhookSignature(options_.secret, now, r.body)}};
    return r;
  }
};

class KlaviyoSink final : public HttpSink {
 public:
  using HttpSink::HttpSink;

 protected:
  Request Build(const Envelope& e, Timestamp /*now*/) const override {
    const OutboxMessage& m = *e.message;
    nlohmann::json properties = {
        {"payload", e.payload},
        {"journey_id", m.journey_id},
        {"step_id", m.step_id},
        {"purpose", m.purpose},
        {"sender_name", sender_.name},
        {"sender_email", sender_.email},
        {"postal_address", sender_.postal_address},
        {"unsubscribe_url", e.unsubscribe_url},
    };
    nlohmann::json profile = {{"email", e.email}, {"external_id", m.customer_id}};
    nlohmann::json body = {
        {"data",
         {{"type", "event"},
          {"attributes",
           {{"properties", std::move(properties)},
            {"time", FormatTimestamp(m.created_at)},
            {"unique_id", m.id},
            {"metric",
             {{"data", {{"type", "metric"}, {"attributes", {{"name", options_.klaviyo_metric}}}}}}},
            {"profile", {{"data", {{"type", "profile"}, {"attributes", std::move(profile)}}}}}}}}}};
    Request r;
    r.body = body.dump();
    r.headers = {{"Content-Type", "application/vnd.api+json"},
                 {"Accept", "application/vnd.api+json"},
                 {"Authorization", "Klaviyo-API-Key " + options_.secret},
                 {"revision", options_.klaviyo_revision}};
    return r;
  }
};

// The payload's text field `key` ("" when absent or not text).
std::string PayloadText(const nlohmann::json& payload, const char* key) {
  const auto it = payload.find(key);
  return it != payload.end() && it->is_string() ? it->get<std::string>() : std::string();
}

class MandrillSink final : public HttpSink {
 public:
  using HttpSink::HttpSink;

 protected:
  Request Build(const Envelope& e, Timestamp /*now*/) const override {
    const OutboxMessage& m = *e.message;
    std::string text = PayloadText(e.payload, "text");
    if (text.empty()) text = PayloadText(e.payload, "body");
    text += "\n\n--\n" + sender_.name + ", " + sender_.postal_address +
            "\nUnsubscribe: " + e.unsubscribe_url + "\n";
    nlohmann::json headers = nlohmann::json::object();
    for (const auto& [name, value] : UnsubscribeHeaders(e.unsubscribe_url)) headers[name] = value;
    nlohmann::json message = {
        {"subject", PayloadText(e.payload, "subject")},
        {"text", text},
        {"from_email", sender_.email},
        {"from_name", sender_.name},
        {"to", {{{"email", e.email}, {"name", e.name}, {"type", "to"}}}},
        {"headers", headers},
        {"metadata", {{"message_id", m.id}, {"journey_id", m.journey_id}}},
        {"tags", {m.journey_id}},
    };
    const std::string html = PayloadText(e.payload, "html");
    if (!html.empty()) {
      message["html"] = html + "<p style=\"font-size:12px\">" + EscapeHtml(sender_.name) + ", " +
                        EscapeHtml(sender_.postal_address) + "<br><a href=\"" +
                        EscapeHtml(e.unsubscribe_url) + "\">Unsubscribe</a></p>";
    }
    Request r;
    r.body = nlohmann::json{{"key", options_.secret}, {"message", std::move(message)}}.dump();
    r.headers = {{"Content-Type", "application/json"}};
    return r;
  }

  // Mandrill answers 200 with one result per recipient; "rejected" and "invalid" are final.
  SendResult Accept(const std::string& body) const override {
    const auto answer = nlohmann::json::parse(body, nullptr, false);
    if (!answer.is_array()) return {SendOutcome::kDelivered, ""};
    for (const auto& r : answer) {
      const std::string status = r.is_object() ? r.value("status", "") : "";
      if (status == "rejected" || status == "invalid") {
        const std::string reason = r.is_object() ? r.value("reject_reason", "") : "";
        return {SendOutcome::kRejected,
                "Mandrill: " + status + (reason.empty() ? "" : " (" + reason + ")")};
      }
    }
    return {SendOutcome::kDelivered, ""};
  }
};

}  // namespace

std::string WebhookSignature(std::string_view secret, Timestamp timestamp, std::string_view body) {
  std::string signed_text = std::to_string(timestamp);
  signed_text += '.';
  signed_text += body;
  return "v1=" + Base64Encode(HmacSha256(secret, signed_text));
}

std::unique_ptr<Sink> MakeWebhookSink(HttpSinkOptions options, SenderIdentity sender) {
  return std::make_unique<WebhookSink>(std::move(options), std::move(sender));
}

std::unique_ptr<Sink> MakeKlaviyoSink(HttpSinkOptions options, SenderIdentity sender) {
  return std::make_unique<KlaviyoSink>(std::move(options), std::move(sender));
}

std::unique_ptr<Sink> MakeMandrillSink(HttpSinkOptions options, SenderIdentity sender) {
  return std::make_unique<MandrillSink>(std::move(options), std::move(sender));
}

}  // namespace mercato::delivery
