// The HTTP destinations of the deliverer: a generic webhook signed with HMAC-SHA256, Klaviyo's
// Create Event API and Mailchimp Transactional's (Mandrill's) messages/send, each at a
// configurable endpoint.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "delivery/sink.h"

namespace mercato::delivery {

/// The header names of the signed webhook.
inline constexpr std::string_view kIdempotencyKeyHeader = "Idempotency-Key";
inline constexpr std::string_view kTimestampHeader = "X-Mercato-Timestamp";
inline constexpr std::string_view kSignatureHeader = "X-Mercato-Signature";

/// The webhook's signature of `body` sent at `timestamp`: "v1=" and the base64 HMAC-SHA256
/// under `secret` of "<timestamp>.<body>". A receiver recomputes it, compares in
/// constant time and refuses a timestamp far from its clock (a replayed request).
std::string WebhookSignature(std::string_view secret, Timestamp timestamp, std::string_view body);

struct HttpSinkOptions {
  std::string url;     // where to POST
  std::string secret;  // webhook: the signing secret; Klaviyo: the private API key; Mandrill: key
  std::chrono::milliseconds timeout{10000};
  std::string klaviyo_metric = "mercato journey message";  // Klaviyo: the event's metric name
  std::string klaviyo_revision = "2024-10-15";             // Klaviyo: the API revision header
};

/// POSTs DeliveryDocument as JSON, with Idempotency-Key (the message id) and the signature
/// headers. 2xx is delivered; no answer, 408, 429 and 5xx are retried; another status is a
/// rejection.
std::unique_ptr<Sink> MakeWebhookSink(HttpSinkOptions options, SenderIdentity sender);

/// POSTs one Klaviyo event per message (Create Event, JSON:API): the metric named
/// klaviyo_metric, the profile by email with the customer id as external_id, unique_id the
/// message id (Klaviyo's own deduplication), and as properties the payload, the journey, the step,
/// the sender's identity and postal address and the unsubscribe link, for the flow's template.
/// Headers: Authorization "Klaviyo-API-Key <secret>", revision, Idempotency-Key.
std::unique_ptr<Sink> MakeKlaviyoSink(HttpSinkOptions options, SenderIdentity sender);

/// POSTs one Mandrill messages/send request per message: the key, the subject, the text (and the
/// HTML when the payload has "html") each ending with the footer that names the sender, the
/// postal address and the unsubscribe link, from_email and from_name, the recipient, the
/// List-Unsubscribe headers and the message id as metadata. A recipient Mandrill answers as
/// "rejected" or "invalid" is a rejection.
std::unique_ptr<Sink> MakeMandrillSink(HttpSinkOptions options, SenderIdentity sender);

}  // namespace mercato::delivery
