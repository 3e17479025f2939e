// Where the deliverer sends messages: the interface every destination implements (a signed
// webhook, Klaviyo, Mandrill, CSV and JSONL files), and what a message looks like when it leaves.
#pragma once

#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/time.h"
#include "domain/outbox_records.h"

namespace mercato::delivery {

/// Who sends, as every marketing email must say (CAN-SPAM: a valid physical postal address;
/// CASL: the sender's identity and a way to reach them).
struct SenderIdentity {
  std::string name;            // e.g. "Roaster & Co."
  std::string email;           // the From address
  std::string postal_address;  // one line, e.g. "12 Quay St, Portland, OR 97201, USA"
};

/// A message ready to leave: the outbox message and what send time adds to it.
struct Envelope {
  const OutboxMessage* message = nullptr;
  std::string email;            // the recipient's address, read at send time
  std::string name;             // the recipient's name ("" when unknown)
  nlohmann::json payload;       // message->payload_json, parsed
  std::string unsubscribe_url;  // the signed one-click link (compliance.h)
};

/// What happened to one message.
enum class SendOutcome {
  kDelivered,  // the receiver has it
  kRetry,      // a transient failure (no answer, 408, 429, 5xx): try again later
  kRejected,   // the receiver refused it for good (another 4xx): no retry helps
};

struct SendResult {
  SendOutcome outcome = SendOutcome::kRetry;
  std::string error;  // why, when not delivered
};

class Sink {
 public:
  virtual ~Sink() = default;
  /// Sends each envelope at least once, the message id as its idempotency key; one result per
  /// envelope, in order. kDelivered only once the receiver has the message (for a file: written
  /// and flushed to disk). `now` is the time the signatures carry.
  virtual std::vector<SendResult> Send(std::span<const Envelope> batch, Timestamp now) = 0;
};

/// The message as the webhook and the JSONL file carry it:
/// {"id", "journey_id", "step_id", "customer_id", "channel", "purpose", "created_at",
///  "to": {"email", "name"}, "payload": {...},
///  "sender": {"name", "email", "postal_address"},
///  "unsubscribe_url", "headers": {"List-Unsubscribe", "List-Unsubscribe-Post"}}
/// created_at in ISO 8601 UTC. The headers are what the email should carry (RFC 8058 one-click).
nlohmann::json DeliveryDocument(const Envelope& envelope, const SenderIdentity& sender);

/// The List-Unsubscribe headers (RFC 2369, RFC 8058) of a message with this link.
std::vector<std::pair<std::string, std::string>> UnsubscribeHeaders(std::string_view url);

}  // namespace mercato::delivery
