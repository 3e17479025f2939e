// Signing and verifying customer and order tokens (HMAC-SHA256, constant-time comparison).
#include "access/access_token.h"

#include <array>

#include "access/hmac.h"
#include "common/text.h"

namespace mercato {
namespace {

constexpr std::string_view kVersion = "v1";
constexpr size_t kSignatureHexChars = 64;
// Unpadded base64url of kMaxTokenSubjectBytes.
constexpr size_t kMaxSubjectChars = (kMaxTokenSubjectBytes * 4 + 2) / 3;

Status Refused(std::string message) {
  return {StatusCode::kUnauthenticated, "token refused: " + std::move(message)};
}

std::string SignedText(TokenKind kind, Timestamp expires_at, std::string_view subject) {
  std::string text = "mercato-token-v1|";
  text += TokenKindName(kind);
  text += '|';
  text += std::to_string(expires_at);
  text += '|';
  text += subject;
  return text;
}

std::string LowerHex(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (char c : bytes) {
    out += kHex[static_cast<unsigned char>(c) >> 4];
    out += kHex[static_cast<unsigned char>(c) & 15];
  }
  return out;
}

// Unix seconds written as plain decimal digits (no sign, no leading zero), or nullopt.
std::optional<Timestamp> ParseExpiry(std::string_view text) {
  if (text.empty() || text.size() > 12 || (text.size() > 1 && text[0] == '0')) return std::nullopt;
  Timestamp value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

}  // namespace

std::string_view TokenKindName(TokenKind kind) {
  return kind == TokenKind::kCustomer ? "customer" : "order";
}

std::optional<TokenKind> ParseTokenKind(std::string_view name) {
  if (name == "customer") return TokenKind::kCustomer;
  if (name == "order") return TokenKind::kOrder;
  return std::nullopt;
}

std::string SignAccessToken(std::string_view secret, TokenKind kind, std::string_view subject,
                            Timestamp expires_at) {
  const std::string signature = LowerHex(HmacSha256(secret, SignedText(kind, expires_at, subject)));
  std::string token(kVersion);
  token += '.';
  token += TokenKindName(kind);
  token += '.';
  token += std::to_string(expires_at);
  token += '.';
  token += Base64UrlEncode(subject);
  token += '.';
  token += signature;
  return token;
}

Result<AccessToken> VerifyAccessToken(std::string_view secret, std::string_view token,
                                      Timestamp now, int64_t max_lifetime_seconds) {
  if (secret.empty()) {
    return Refused("this server verifies no tokens (start it with MERCATO_TOKEN_SECRET set)");
  }
  std::array<std::string_view, 5> parts;
  size_t n = 0;
  for (std::string_view part : Split(Trim(token), '.')) {
    if (n == parts.size()) return Refused("expected v1.<kind>.<expires>.<subject>.<signature>");
    parts[n++] = part;
  }
  if (n != parts.size()) return Refused("expected v1.<kind>.<expires>.<subject>.<signature>");
  if (parts[0] != kVersion) return Refused("unknown version '" + std::string(parts[0]) + "'");
  const std::optional<TokenKind> kind = ParseTokenKind(parts[1]);
  if (!kind) return Refused("unknown kind; expected customer or order");
  const std::optional<Timestamp> expires_at = ParseExpiry(parts[2]);
  if (!expires_at) return Refused("the expiry is not Unix seconds");
  if (parts[3].size() > kMaxSubjectChars) return Refused("the subject is too long");
  std::optional<std::string> subject = Base64UrlDecode(parts[3]);
  if (!subject || subject->empty()) return Refused("the subject is not unpadded base64url");
  if (parts[4].size() != kSignatureHexChars) return Refused("the signature is not 64 hex digits");
  const std::string expected =
      LowerHex(HmacSha256(secret, SignedText(*kind, *expires_at, *subject)));
  if (!ConstantTimeEquals(expected, parts[4])) return Refused("bad signature");
  if (*expires_at <= now) return Refused("expired");
  if (*expires_at - now > max_lifetime_seconds) {
    return Refused("it expires more than " + std::to_string(max_lifetime_seconds) +
                   " seconds from now; mint shorter-lived tokens");
  }
  return AccessToken{*kind, std::move(*subject), *expires_at};
}

}  // namespace mercato
