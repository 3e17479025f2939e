// One delivery round: claim, check consent, send, record.
#include "delivery/deliverer.h"

#include <algorithm>

#include "access/access_token.h"
#include "delivery/compliance.h"

namespace mercato::delivery {

Status CheckDelivererOptions(const DelivererOptions& o) {
  RETURN_IF_ERROR(CheckSenderIdentity(o.sender));
  const std::string_view url = o.unsubscribe_base_url;
  if (!url.starts_with("https://") && !url.starts_with("http://")) {
    return InvalidArgument(
        "unsubscribe base URL: expected the address where `mercato serve` answers "
        "/v1/unsubscribe (https://...), got '" +
        o.unsubscribe_base_url + "'; set --unsubscribe-url");
  }
  if (o.token_secret.size() < kMinTokenSecretBytes) {
    return InvalidArgument(
        "the unsubscribe links are signed with the token secret, which must "
        "have at least " +
        std::to_string(kMinTokenSecretBytes) +
        " bytes: set MERCATO_TOKEN_SECRET or --token-secret-file (the same "
        "secret `mercato serve` uses)");
  }
  RETURN_IF_ERROR(CheckRetryPolicy(o.retry));
  if (o.lease_seconds < 1) return InvalidArgument("lease: expected at least 1 second");
  if (o.batch_size < 1) return InvalidArgument("batch size: expected at least 1");
  return Status::Ok();
}

void DeliveryRound::Add(const DeliveryRound& other) {
  claimed += other.claimed;
  delivered += other.delivered;
  retried += other.retried;
  dead += other.dead;
  suppressed += other.suppressed;
}

Deliverer::Deliverer(Store& store, std::unique_ptr<Sink> sink, DelivererOptions options)
    : store_(store), sink_(std::move(sink)), options_(std::move(options)) {}

Result<DeliveryRound> Deliverer::RunOnce(Timestamp now, int limit) {
  DeliveryRound round;
  const int claim = limit > 0 ? std::min(limit, options_.batch_size) : options_.batch_size;
  ASSIGN_OR_RETURN(std::vector<OutboxMessage> claimed,
                   store_.ClaimOutbox(now, options_.lease_seconds, claim));
  round.claimed = static_cast<int64_t>(claimed.size());
  if (claimed.empty()) return round;

  std::vector<OutboxOutcome> outcomes;
  outcomes.reserve(claimed.size());
  std::vector<Envelope> envelopes;
  envelopes.reserve(claimed.size());
  for (const OutboxMessage& m : claimed) {
    ASSIGN_OR_RETURN(SendPermission permission,
                     CheckSendPermission(store_, options_.consent_policy, m));
    if (!permission.allowed) {
      outcomes.push_back({m.id, std::string(kOutboxSuppressed), now, 0, permission.reason});
      ++round.suppressed;
      continue;
    }
    Envelope e;
    e.payload = nlohmann::json::parse(m.payload_json, nullptr, false);
    if (!e.payload.is_object()) {  // EnqueueOutbox checked it: the row was changed since
      outcomes.push_back({m.id, std::string(kOutboxDead), now, 0, "payload_json is not an object"});
      ++round.dead;
      continue;
    }
    e.message = &m;
    e.email = permission.customer.email;
    e.name = permission.customer.first_name;
    if (!permission.customer.last_name.empty()) {
      e.name += (e.name.empty() ? "" : " ") + permission.customer.last_name;
    }
    const std::optional<privacy::Purpose> purpose = privacy::ParsePurpose(m.purpose);
    e.unsubscribe_url =
        UnsubscribeUrl(options_.unsubscribe_base_url,
                       SignUnsubscribeToken(options_.token_secret, {m.customer_id, *purpose}, now));
    envelopes.push_back(std::move(e));
  }

  const std::vector<SendResult> results = sink_->Send(envelopes, now);
  for (size_t i = 0; i < envelopes.size(); ++i) {
    const OutboxMessage& m = *envelopes[i].message;
    const SendResult& r = results[i];
    if (r.outcome == SendOutcome::kDelivered) {
      outcomes.push_back({m.id, std::string(kOutboxDelivered), now, 0, ""});
      ++round.delivered;
    } else if (r.outcome == SendOutcome::kRejected ||
               AttemptsExhausted(options_.retry, m.attempts)) {
      outcomes.push_back({m.id, std::string(kOutboxDead), now, 0,
                          "attempt " + std::to_string(m.attempts) + ": " + r.error});
      ++round.dead;
    } else {
      outcomes.push_back({m.id, std::string(kOutboxPending), now,
                          NextAttemptAt(options_.retry, m.id, m.attempts, now),
                          "attempt " + std::to_string(m.attempts) + ": " + r.error});
      ++round.retried;
    }
  }
  ASSIGN_OR_RETURN(int64_t recorded, store_.RecordOutboxOutcomes(outcomes));
  (void)recorded;  // fewer when another deliverer finished a message whose lease had ended
  return round;
}

Result<DeliveryRound> Deliverer::Drain(Timestamp now, int64_t limit) {
  DeliveryRound total;
  for (;;) {
    const int64_t left = limit > 0 ? limit - total.claimed : options_.batch_size;
    if (left <= 0) return total;
    ASSIGN_OR_RETURN(DeliveryRound r,
                     RunOnce(now, static_cast<int>(std::min<int64_t>(left, options_.batch_size))));
    total.Add(r);
    if (r.claimed == 0) return total;
  }
}

}  // namespace mercato::delivery
