// Cryptographic helpers of the API: HMAC-SHA256, base64 and base64url, constant-time comparison,
// random hex secrets and Shopify webhook signature verification (OpenSSL underneath).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "common/text.h"  // Sha256Hex(data): lower-case hex SHA-256, part of this API too

namespace mercato {

/// HMAC-SHA256 of `data` under `key`: the 32 raw bytes.
std::string HmacSha256(std::string_view key, std::string_view data);

/// Standard base64 (RFC 4648 section 4) with '=' padding.
std::string Base64Encode(std::string_view bytes);

/// Base64url (RFC 4648 section 5: '-' and '_' for '+' and '/') without padding.
std::string Base64UrlEncode(std::string_view bytes);

/// Decodes unpadded base64url; nullopt when `text` is not (other characters, '=' padding, a
/// length of 1 modulo 4, nonzero unused bits).
std::optional<std::string> Base64UrlDecode(std::string_view text);

/// Decodes standard, padded base64; nullopt when `text` is not (characters outside the alphabet,
/// a length that is not a multiple of 4, misplaced padding, whitespace).
std::optional<std::string> Base64Decode(std::string_view text);

/// Whether `a` and `b` are equal, in time that depends only on their lengths.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

/// `bytes` random bytes from the system's CSPRNG (OpenSSL RAND_bytes) as 2 x `bytes` lower-case
/// hex characters; Internal when the generator fails.
Result<std::string> RandomHex(size_t bytes);

/// Whether `header_base64` (the X-Shopify-Hmac-Sha256 header) is the base64 HMAC-SHA256 of
/// `raw_body` under the shop's `secret`. False for an empty secret or a missing or malformed
/// header; the digests are compared in constant time.
bool VerifyShopifyHmac(std::string_view secret, std::string_view raw_body,
                       std::string_view header_base64);

}  // namespace mercato
