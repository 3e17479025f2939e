// Compliance at send time: the customer's consent for the message's purpose as it stands when the
// message leaves (not when the journey decided), the sender's identity and postal address every
// marketing email must carry (CAN-SPAM, CASL), and the signed one-click unsubscribe link.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "common/time.h"
#include "delivery/sink.h"
#include "privacy/consent_policy.h"
#include "store/store.h"

namespace mercato::delivery {

/// How long an unsubscribe link works: CAN-SPAM requires at least 30 days after sending; a
/// customer opening an old email a year later can still leave.
inline constexpr int64_t kUnsubscribeLinkSeconds = 400 * kSecondsPerDay;

/// Ok when the sender's name, email and postal address are all set; otherwise FailedPrecondition
/// saying which are missing and how to set them ([shop] sender_name, sender_email and
/// postal_address in mercato.toml, or --sender-name, --sender-email, --postal-address).
Status CheckSenderIdentity(const SenderIdentity& sender);

/// What an unsubscribe link vouches for.
struct UnsubscribeRequest {
  std::string customer_id;
  privacy::Purpose purpose = privacy::Purpose::kEmailMarketing;
};

/// The token of an unsubscribe link: an access token (access/access_token.h) for the subject
/// "<purpose>|<customer id>", expiring kUnsubscribeLinkSeconds after `now`, signed with a key
/// derived from `secret` for unsubscribing only, so that it never passes as a customer token.
std::string SignUnsubscribeToken(std::string_view secret, const UnsubscribeRequest& request,
                                 Timestamp now);
/// Verifies a token SignUnsubscribeToken made under `secret`: Unauthenticated saying why (a bad
/// signature, expired, malformed, an unknown purpose) otherwise.
Result<UnsubscribeRequest> VerifyUnsubscribeToken(std::string_view secret, std::string_view token,
                                                  Timestamp now);
/// "<base_url>/v1/unsubscribe?token=<token>" (a trailing '/' of base_url dropped).
std::string UnsubscribeUrl(std::string_view base_url, std::string_view token);

/// `text` safe inside HTML text and attribute values (& < > " ' as character references): the
/// email footers' and the unsubscribe page's sender and links.
std::string EscapeHtml(std::string_view text);

/// The consent a message needs at send time, decided from the store as it is now.
struct SendPermission {
  bool allowed = false;
  std::string reason;  // why not: "consent revoked for email_marketing", "no email address", ...
  Customer customer;   // the customer row (empty when missing)
};

/// Whether the message may be sent to its customer now: the customer row exists and has an email
/// address (for the email channel), the purpose is a known one, and the customer's consent for
/// it, resolved by `policy` from the customer's records and country as stored now, allows it.
/// A revocation recorded a moment ago counts (an opt-out is effective on the next send).
Result<SendPermission> CheckSendPermission(Store& store, const privacy::ConsentPolicy& policy,
                                           const OutboxMessage& message);

}  // namespace mercato::delivery
