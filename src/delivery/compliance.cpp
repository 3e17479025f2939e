// Send-time consent, the sender's identity and the unsubscribe link.
#include "delivery/compliance.h"

#include "access/access_token.h"
#include "access/hmac.h"
#include "privacy/consent_ledger.h"

namespace mercato::delivery {
namespace {

// The key unsubscribe tokens are signed with: derived from the token secret so that the same
// secret serves both, and an unsubscribe token is no customer token.
std::string UnsubscribeKey(std::string_view secret) {
  return HmacSha256(secret, "mercato-unsubscribe-v1");
}

Status Refused(const std::string& why) {
  return Status(StatusCode::kUnauthenticated, "unsubscribe link refused: " + why);
}

}  // namespace

std::string EscapeHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

Status CheckSenderIdentity(const SenderIdentity& sender) {
  std::string missing;
  const std::pair<const char*, const std::string*> fields[] = {
      {"sender_name", &sender.name},
      {"sender_email", &sender.email},
      {"postal_address", &sender.postal_address}};
  for (const auto& [key, value] : fields) {
    if (!value->empty()) continue;
    if (!missing.empty()) missing += ", ";
    missing += key;
  }
  if (missing.empty()) return Status::Ok();
  return FailedPrecondition(
      "marketing email must name its sender and a physical postal address (CAN-SPAM, CASL); "
      "missing: " +
      missing +
      ". Set them under [shop] in mercato.toml (sender_name, sender_email, postal_address) or "
      "pass --sender-name, --sender-email and --postal-address");
}

std::string SignUnsubscribeToken(std::string_view secret, const UnsubscribeRequest& request,
                                 Timestamp now) {
  const std::string subject =
      std::string(privacy::PurposeName(request.purpose)) + "|" + request.customer_id;
  return SignAccessToken(UnsubscribeKey(secret), TokenKind::kCustomer, subject,
                         now + kUnsubscribeLinkSeconds);
}

Result<UnsubscribeRequest> VerifyUnsubscribeToken(std::string_view secret, std::string_view token,
                                                  Timestamp now) {
  if (secret.empty()) return Refused("the server has no token secret to verify it with");
  Result<AccessToken> verified =
      VerifyAccessToken(UnsubscribeKey(secret), token, now, kUnsubscribeLinkSeconds);
  if (!verified.ok()) return Refused(verified.status().message());
  const std::string& subject = verified->subject;
  const size_t bar = subject.find('|');
  const std::optional<privacy::Purpose> purpose =
      bar == std::string::npos ? std::nullopt : privacy::ParsePurpose(subject.substr(0, bar));
  if (!purpose || bar + 1 >= subject.size()) return Refused("it names no purpose and customer");
  return UnsubscribeRequest{subject.substr(bar + 1), *purpose};
}

std::string UnsubscribeUrl(std::string_view base_url, std::string_view token) {
  while (!base_url.empty() && base_url.back() == '/') base_url.remove_suffix(1);
  // The token's alphabet (letters, digits, '.', '-', '_') needs no escaping in a query.
  return std::string(base_url) + "/v1/unsubscribe?token=" + std::string(token);
}

Result<SendPermission> CheckSendPermission(Store& store, const privacy::ConsentPolicy& policy,
                                           const OutboxMessage& message) {
  SendPermission p;
  const std::optional<privacy::Purpose> purpose = privacy::ParsePurpose(message.purpose);
  if (!purpose) {
    p.reason = "unknown consent purpose '" + message.purpose + "'";
    return p;
  }
  ASSIGN_OR_RETURN(std::optional<Customer> customer, store.GetCustomer(message.customer_id));
  if (!customer) {
    p.reason = "customer '" + message.customer_id + "' is not in the store (erased or unknown)";
    return p;
  }
  p.customer = std::move(*customer);
  if (message.channel == "email" && p.customer.email.empty()) {
    p.reason = "customer '" + message.customer_id + "' has no email address";
    return p;
  }
  privacy::ConsentLedger ledger(policy);
  ledger.SetCountry(p.customer.id, p.customer.country);
  ASSIGN_OR_RETURN(std::vector<Consent> consents, store.GetConsents(message.customer_id));
  for (const Consent& c : consents) ledger.Record(c);
  const privacy::ConsentDecision decision = ledger.Explain(p.customer.id, *purpose);
  p.allowed = decision.allowed;
  if (!p.allowed) {
    p.reason = "no consent for " + message.purpose + " (" + decision.basis + ", " +
               decision.jurisdiction + ")";
  }
  return p;
}

}  // namespace mercato::delivery
