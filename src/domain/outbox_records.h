// The outbox (issue 18): the messages journeys decided to send, waiting for the deliverer.
#pragma once

#include <optional>
#include <string>

#include "common/time.h"

namespace mercato {
/// One message a journey decided to send, waiting in the outbox for the deliverer.
struct OutboxMessage {
  std::string id;            // the idempotency key: unique; the same decision gives the same id
  std::string journey_id;    // e.g. "cart_recovery"
  std::string step_id;       // e.g. "reminder_1"
  std::string customer_id;
  std::string channel;       // "email" (the only channel for now)
  std::string purpose;       // consent purpose checked at send time, e.g. "email_marketing"
  std::string payload_json;  // what to say: JSON object (subject, items, incentive, ...)
  Timestamp created_at = 0;
  Timestamp send_after = 0;  // not before (delays, quiet hours)
  // Delivery state, owned by the deliverer; EnqueueOutbox ignores what the caller puts here.
  std::string status;        // "pending", "delivered", "suppressed", "dead"
  int attempts = 0;
  Timestamp next_attempt_at = 0;
  std::optional<Timestamp> delivered_at;
  std::string last_error;
};
}  // namespace mercato
