// Test support for the deliverer's tests: sample outbox messages and their envelopes.
#pragma once

#include <string>

#include "delivery/sink.h"

namespace mercato::delivery::testing {

/// An email message of the cart-recovery journey to `customer`, created at `at`, due at once.
inline OutboxMessage SampleOutboxMessage(const std::string& id, const std::string& customer,
                                         Timestamp at) {
  OutboxMessage m;
  m.id = id;
  m.journey_id = "cart_recovery";
  m.step_id = "reminder_1";
  m.customer_id = customer;
  m.channel = "email";
  m.purpose = "email_marketing";
  m.payload_json = R"({"subject":"Your cart misses you","text":"Come back for 10% off"})";
  m.created_at = at;
  m.send_after = at;
  return m;
}

inline SenderIdentity SampleSender() {
  return {"Roaster & Co.", "hello@roaster.example", "12 Quay St, Portland, OR 97201, USA"};
}

/// The envelope of `m` to ann@example.com, as the deliverer builds it.
inline Envelope SampleEnvelope(const OutboxMessage& m) {
  Envelope e;
  e.message = &m;
  e.email = "ann@example.com";
  e.name = "Ann Lee";
  e.payload = nlohmann::json::parse(m.payload_json);
  e.unsubscribe_url = "https://m.roaster.example/v1/unsubscribe?token=t-" + m.id;
  return e;
}

}  // namespace mercato::delivery::testing
