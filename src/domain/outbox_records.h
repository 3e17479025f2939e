// What the store keeps of the outbox (issue 18): the messages journeys decided to send, each with
// its delivery state, written in the same transaction as the decision and sent by the deliverer.
#pragma once

#include <optional>
#include <string>

#include "common/status.h"
#include "common/time.h"

namespace mercato {

/// One message a journey decided to send, waiting in the outbox for the deliverer.
struct OutboxMessage {
  std::string id;          // the idempotency key: unique; the same decision gives the same id
  std::string journey_id;  // e.g. "cart_recovery"
  std::string step_id;     // e.g. "reminder_1"
  std::string customer_id;
  std::string channel;       // "email" (the only channel for now)
  std::string purpose;       // consent purpose checked at send time, e.g. "email_marketing"
  std::string payload_json;  // what to say: JSON object (subject, items, incentive, ...)
  Timestamp created_at = 0;
  Timestamp send_after = 0;  // not before (delays, quiet hours)
  // Delivery state, owned by the deliverer; EnqueueOutbox ignores what the caller puts here.
  std::string status;  // "pending", "delivered", "suppressed", "dead"
  int attempts = 0;
  Timestamp next_attempt_at = 0;
  std::optional<Timestamp> delivered_at;
  std::string last_error;
};

/// The statuses of an outbox message. A message is pending until it is delivered, suppressed
/// (its consent was gone at send time) or dead (its attempts ran out); those three are final.
inline constexpr std::string_view kOutboxPending = "pending";
inline constexpr std::string_view kOutboxDelivered = "delivered";
inline constexpr std::string_view kOutboxSuppressed = "suppressed";
inline constexpr std::string_view kOutboxDead = "dead";

/// Checks what a journey may enqueue: id, journey_id, step_id, customer_id, channel and purpose
/// set and payload_json a JSON object; InvalidArgument naming the message and the field otherwise.
Status CheckOutboxMessage(const OutboxMessage& message);

}  // namespace mercato
