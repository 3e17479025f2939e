// Minting customer and order tokens for a merchant's backend: `mercato tokens create` and
// POST /v1/customer-tokens call this. Backends can also sign offline with the same algorithm
// (access/access_token.h, docs/api.md "Customer and order tokens").
#pragma once

#include <string>

#include "access/access_token.h"
#include "common/status.h"
#include "common/time.h"

namespace mercato::app {

struct MintTokenOptions {
  std::string secret;   // the server's token secret
  std::string kind;     // customer or order
  std::string subject;  // the customer id or order id
  int64_t ttl_seconds = 3600;
  /// The server's --token-max-lifetime: a longer ttl would mint a token it refuses.
  int64_t max_lifetime_seconds = 86400;
  Timestamp now = 0;
};

struct MintedToken {
  std::string token;
  TokenKind kind = TokenKind::kCustomer;
  Timestamp expires_at = 0;
};

/// A token for `subject` expiring at now + ttl_seconds. FailedPrecondition without a secret;
/// InvalidArgument for a secret shorter than kMinTokenSecretBytes, an unknown kind, an empty or
/// too long subject, or a ttl outside 1..max_lifetime_seconds.
Result<MintedToken> MintToken(const MintTokenOptions& options);

}  // namespace mercato::app
