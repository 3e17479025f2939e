// The outbox's actions (issue 18): delivering due messages (`mercato outbox deliver`, and the
// background deliverer of `serve`), the outbox's figures (`mercato outbox stats`,
// GET /v1/outbox/stats), and the customer's one-click unsubscribe (GET /v1/unsubscribe).
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "common/status.h"
#include "common/time.h"
#include "delivery/deliverer.h"
#include "delivery/sink.h"
#include "store/store.h"

namespace mercato::app {

/// Where and how the outbox is delivered; the CLI's `outbox deliver` flags and `serve`'s
/// background deliverer are both declared from it.
struct DeliverOutboxOptions {
  std::string db;
  std::string to = "webhook";   // webhook, klaviyo, mandrill, csv or jsonl
  std::string endpoint;         // webhook: required; klaviyo, mandrill: their API unless given
  std::string file;             // csv, jsonl: the file appended to
  std::string endpoint_secret;  // webhook: the signing secret; klaviyo: the private API key;
                                // mandrill: the API key
  std::string sender_name;
  std::string sender_email;
  std::string postal_address;
  std::string unsubscribe_url;  // where `serve` answers /v1/unsubscribe, e.g. https://api.shop
  std::string token_secret;     // signs the unsubscribe links: the secret `serve` verifies with
  std::string consent_policy;   // a policy file (docs/consent.md); empty: the shipped defaults
  int64_t limit = 0;            // at most this many messages (0: every due one)
  bool once = false;            // one round (one batch) only
  int batch = 200;              // messages claimed and recorded together
  int max_attempts = 12;        // then a failing message is dead
  int64_t retry_base_seconds = 30;
  int64_t retry_max_seconds = 6 * 3600;
  int64_t lease_seconds = 300;  // a claimed message is claimable again after this
  int64_t timeout_ms = 10000;   // per HTTP request
  Timestamp now = 0;
};

/// The default endpoints of the providers' APIs.
inline constexpr std::string_view kKlaviyoEventsUrl = "https://a.klaviyo.com/api/events";
inline constexpr std::string_view kMandrillSendUrl =
    "https://mandrillapp.com/api/1.0/messages/send";

/// The deliverer's settings from the options, checked (delivery::CheckDelivererOptions; the
/// consent policy file read): every error says which option to set.
Result<delivery::DelivererOptions> DelivererOptionsOf(const DeliverOutboxOptions& options);
/// The destination the options name: InvalidArgument for an unknown `to`, a webhook without an
/// endpoint or secret, a provider without its API key, a file destination without a file; the
/// file sink's errors (file_sink.h).
Result<std::unique_ptr<delivery::Sink>> OpenOutboxSink(const DeliverOutboxOptions& options);

/// Delivers the outbox of the store at `db` at `now`: one round with `once`, else rounds until
/// no message is due or `limit` were claimed. The options are checked before anything is claimed.
Result<delivery::DeliveryRound> DeliverOutbox(const DeliverOutboxOptions& options);

/// {"claimed", "delivered", "retried", "dead", "suppressed"}.
nlohmann::json DeliveryRoundJson(const delivery::DeliveryRound& round);

/// The outbox's messages by status: {"pending", "delivered", "suppressed", "dead", "total"},
/// every key present (0 when none).
Result<nlohmann::json> OutboxStats(Store& store);

/// What an unsubscribe link did.
struct UnsubscribeResult {
  std::string customer_id;
  std::string purpose;
  bool recorded = false;  // false: the customer is no longer in the store (nothing to stop)
  Consent consent;        // the revocation recorded, when recorded
};

/// Verifies the link's token under `token_secret` (delivery::VerifyUnsubscribeToken:
/// Unauthenticated saying why) and records the customer's revocation of the purpose at `now`
/// (ChangeConsent: source "unsubscribe-link", audited), which the deliverer honours from its
/// next message. A customer erased or unknown since is no error: nothing is sent to them.
Result<UnsubscribeResult> Unsubscribe(Store& store, std::string_view token_secret,
                                      std::string_view token, Timestamp now);

}  // namespace mercato::app
