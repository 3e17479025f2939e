// Delivering the outbox, its figures, and the unsubscribe link's action.
#include "app/outbox_actions.h"

#include "app/consent_actions.h"
#include "delivery/compliance.h"
#include "delivery/file_sink.h"
#include "delivery/http_sinks.h"
#include "store/open_store.h"

namespace mercato::app {

Result<delivery::DelivererOptions> DelivererOptionsOf(const DeliverOutboxOptions& o) {
  delivery::DelivererOptions d;
  d.sender = {o.sender_name, o.sender_email, o.postal_address};
  d.unsubscribe_base_url = o.unsubscribe_url;
  d.token_secret = o.token_secret;
  d.retry = {o.retry_base_seconds, o.retry_max_seconds, o.max_attempts};
  d.lease_seconds = o.lease_seconds;
  d.batch_size = o.batch;
  if (!o.consent_policy.empty()) {
    ASSIGN_OR_RETURN(d.consent_policy, privacy::LoadConsentPolicy(o.consent_policy));
  }
  RETURN_IF_ERROR(delivery::CheckDelivererOptions(d));
  return d;
}

Result<std::unique_ptr<delivery::Sink>> OpenOutboxSink(const DeliverOutboxOptions& o) {
  const delivery::SenderIdentity sender{o.sender_name, o.sender_email, o.postal_address};
  if (o.to == "csv" || o.to == "jsonl") {
    if (o.file.empty()) {
      return InvalidArgument("--to " + o.to + " appends to a file: name it with --file");
    }
    return delivery::OpenFileSink(
        o.file, o.to == "csv" ? delivery::FileFormat::kCsv : delivery::FileFormat::kJsonl, sender);
  }
  if (o.timeout_ms < 1) return InvalidArgument("--timeout-ms: expected at least 1");
  delivery::HttpSinkOptions h;
  h.url = o.endpoint;
  h.secret = o.endpoint_secret;
  h.timeout = std::chrono::milliseconds(o.timeout_ms);
  const std::string no_secret =
      " (MERCATO_DELIVERY_SECRET or --endpoint-secret-file, never on the command line)";
  if (o.to == "webhook") {
    if (h.url.empty()) return InvalidArgument("--to webhook needs --endpoint (the URL to POST to)");
    if (h.secret.empty()) {
      return InvalidArgument("--to webhook signs every request: set the signing secret" +
                             no_secret);
    }
    return delivery::MakeWebhookSink(std::move(h), sender);
  }
  if (o.to == "klaviyo" || o.to == "mandrill") {
    if (h.secret.empty()) return InvalidArgument("--to " + o.to + " needs its API key" + no_secret);
    if (h.url.empty()) h.url = o.to == "klaviyo" ? kKlaviyoEventsUrl : kMandrillSendUrl;
    return o.to == "klaviyo" ? delivery::MakeKlaviyoSink(std::move(h), sender)
                             : delivery::MakeMandrillSink(std::move(h), sender);
  }
  return InvalidArgument("--to: expected webhook, klaviyo, mandrill, csv or jsonl, got '" + o.to +
                         "'");
}

Result<delivery::DeliveryRound> DeliverOutbox(const DeliverOutboxOptions& o) {
  if (o.limit < 0) return InvalidArgument("--limit: expected 0 (every due message) or more");
  ASSIGN_OR_RETURN(delivery::DelivererOptions settings, DelivererOptionsOf(o));
  ASSIGN_OR_RETURN(std::unique_ptr<delivery::Sink> sink, OpenOutboxSink(o));
  ASSIGN_OR_RETURN(auto store, OpenStore(o.db));
  delivery::Deliverer deliverer(*store, std::move(sink), std::move(settings));
  if (o.once) {
    const int64_t round = o.limit > 0 ? std::min<int64_t>(o.limit, o.batch) : o.batch;
    return deliverer.RunOnce(o.now, static_cast<int>(round));
  }
  return deliverer.Drain(o.now, o.limit);
}

nlohmann::json DeliveryRoundJson(const delivery::DeliveryRound& r) {
  return {{"claimed", r.claimed},
          {"delivered", r.delivered},
          {"retried", r.retried},
          {"dead", r.dead},
          {"suppressed", r.suppressed}};
}

Result<nlohmann::json> OutboxStats(Store& store) {
  ASSIGN_OR_RETURN(auto counts, store.CountOutboxByStatus());
  nlohmann::json j = nlohmann::json::object();
  int64_t total = 0;
  for (std::string_view status :
       {kOutboxPending, kOutboxDelivered, kOutboxSuppressed, kOutboxDead}) {
    const auto it = counts.find(std::string(status));
    const int64_t n = it == counts.end() ? 0 : it->second;
    j[std::string(status)] = n;
    total += n;
  }
  j["total"] = total;
  return j;
}

Result<UnsubscribeResult> Unsubscribe(Store& store, std::string_view token_secret,
                                      std::string_view token, Timestamp now) {
  ASSIGN_OR_RETURN(delivery::UnsubscribeRequest request,
                   delivery::VerifyUnsubscribeToken(token_secret, token, now));
  UnsubscribeResult result;
  result.customer_id = request.customer_id;
  result.purpose = std::string(privacy::PurposeName(request.purpose));
  ChangeConsentOptions change;
  change.customer = request.customer_id;
  change.purpose = request.purpose;
  change.granted = false;
  change.source = "unsubscribe-link";
  change.actor = "unsubscribe-link";
  change.now = now;
  Result<Consent> recorded = ChangeConsent(store, change);
  if (!recorded.ok()) {
    const StatusCode code = recorded.status().code();
    // Erased (FailedPrecondition) or gone (NotFound): the store holds no one to write to.
    if (code == StatusCode::kFailedPrecondition || code == StatusCode::kNotFound) return result;
    return recorded.status();
  }
  result.recorded = true;
  result.consent = std::move(recorded).value();
  return result;
}

}  // namespace mercato::app
