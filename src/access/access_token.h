// Customer and order tokens: short-lived proofs, signed by the merchant's backend with a secret
// it shares with mercato, that the caller of a storefront route is a given customer (or holds a
// given order). Storefront API keys are public; these tokens are what personalizes.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "common/time.h"

namespace mercato {

/// What a token vouches for.
enum class TokenKind { kCustomer, kOrder };

/// "customer" or "order".
std::string_view TokenKindName(TokenKind kind);
std::optional<TokenKind> ParseTokenKind(std::string_view name);

/// The shortest secret accepted for signing tokens, in bytes.
inline constexpr size_t kMinTokenSecretBytes = 32;
/// The longest subject (customer or order id) a token may carry, in bytes.
inline constexpr size_t kMaxTokenSubjectBytes = 512;

/// The token "v1.<kind>.<expires_at>.<subject>.<signature>": kind as TokenKindName, expires_at
/// in Unix seconds (decimal), subject in unpadded base64url (RFC 4648 section 5), signature the
/// lower-case hex HMAC-SHA256 under `secret` of "mercato-token-v1|<kind>|<expires_at>|<subject
/// as is>". Deterministic: the same inputs give the same token.
std::string SignAccessToken(std::string_view secret, TokenKind kind, std::string_view subject,
                            Timestamp expires_at);

/// A token that verified: what it vouches for and until when.
struct AccessToken {
  TokenKind kind = TokenKind::kCustomer;
  std::string subject;
  Timestamp expires_at = 0;
};

/// Verifies `token` under `secret` at time `now`: well-formed, signature equal (compared in
/// constant time), not expired (expires_at > now), and expiring no later than
/// `now + max_lifetime_seconds` (a token minted for longer is refused, so a leaked one is short
/// lived). Unauthenticated, saying which check failed, otherwise; always so for an empty secret.
Result<AccessToken> VerifyAccessToken(std::string_view secret, std::string_view token,
                                      Timestamp now, int64_t max_lifetime_seconds);

}  // namespace mercato
