// The deliverer: claims due messages from the outbox, checks each against the customer's consent
// as it is at send time, sends the rest to one destination with the message id as the
// idempotency key, and records each outcome: delivered, retried later with backoff, dead after the
// last attempt, or suppressed.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "common/status.h"
#include "common/time.h"
#include "delivery/retry_policy.h"
#include "delivery/sink.h"
#include "privacy/consent_policy.h"
#include "store/store.h"

namespace mercato::delivery {

struct DelivererOptions {
  SenderIdentity sender;             // required for email (CheckSenderIdentity)
  std::string unsubscribe_base_url;  // where `serve` answers /v1/unsubscribe, e.g. https://m.shop
  std::string token_secret;          // signs the unsubscribe links (>= kMinTokenSecretBytes)
  RetryPolicy retry;
  int64_t lease_seconds = 300;  // a claimed message is claimable again after this
  int batch_size = 200;         // messages claimed and recorded per round
  privacy::ConsentPolicy consent_policy = privacy::DefaultConsentPolicy();
};

/// Ok, or the first actionable error: the sender's identity (CheckSenderIdentity), the
/// unsubscribe base URL (http:// or https://), the token secret's length, the retry policy, a
/// lease and batch size of at least 1.
Status CheckDelivererOptions(const DelivererOptions& options);

/// What one round did.
struct DeliveryRound {
  int64_t claimed = 0;
  int64_t delivered = 0;
  int64_t retried = 0;     // failed, to be tried again later
  int64_t dead = 0;        // failed the last attempt, or rejected by the receiver
  int64_t suppressed = 0;  // no consent (or no address) at send time: never sent

  /// Adds another round's counts to these.
  void Add(const DeliveryRound& other);
};

class Deliverer {
 public:
  /// `store` and `sink` are used from the calling thread only; `store` must outlive this.
  Deliverer(Store& store, std::unique_ptr<Sink> sink, DelivererOptions options);

  /// One round at `now`: claims up to min(limit, batch_size) due messages (a lease of
  /// lease_seconds), suppresses those whose consent is gone, sends the others, and records every
  /// outcome in one transaction. A message is sent at least once: a crash before the outcome is
  /// recorded leaves it claimed until the lease ends, then it is sent again under the same id.
  /// The store's errors are returned (what was sent stays claimed, to be sent again).
  Result<DeliveryRound> RunOnce(Timestamp now, int limit);

  /// Rounds at `now` until no due message is left or `limit` messages were claimed (every due one
  /// when `limit` <= 0); the totals.
  Result<DeliveryRound> Drain(Timestamp now, int64_t limit);

 private:
  Store& store_;
  std::unique_ptr<Sink> sink_;
  DelivererOptions options_;
};

}  // namespace mercato::delivery
