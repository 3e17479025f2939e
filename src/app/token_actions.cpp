// Minting customer and order tokens, with every argument checked first.
#include "app/token_actions.h"

namespace mercato::app {

Result<MintedToken> MintToken(const MintTokenOptions& o) {
  if (o.secret.empty()) {
    return FailedPrecondition(
        "no token secret: set MERCATO_TOKEN_SECRET (or pass --token-secret-file) to the secret "
        "the server was started with");
  }
  if (o.secret.size() < kMinTokenSecretBytes) {
    return InvalidArgument("the token secret has " + std::to_string(o.secret.size()) +
                           " bytes; use at least " + std::to_string(kMinTokenSecretBytes));
  }
  const std::optional<TokenKind> kind = ParseTokenKind(o.kind);
  if (!kind) return InvalidArgument("kind '" + o.kind + "': expected customer or order");
  if (o.subject.empty() || o.subject.size() > kMaxTokenSubjectBytes) {
    return InvalidArgument(std::string(TokenKindName(*kind)) + " id: expected 1 to " +
                           std::to_string(kMaxTokenSubjectBytes) + " bytes, got " +
                           std::to_string(o.subject.size()));
  }
  if (o.ttl_seconds < 1 || o.ttl_seconds > o.max_lifetime_seconds) {
    return InvalidArgument("ttl " + std::to_string(o.ttl_seconds) + ": expected 1 to " +
                           std::to_string(o.max_lifetime_seconds) +
                           " seconds (the server's token lifetime limit)");
  }
  const Timestamp expires_at = o.now + o.ttl_seconds;
  return MintedToken{SignAccessToken(o.secret, *kind, o.subject, expires_at), *kind, expires_at};
}

}  // namespace mercato::app
