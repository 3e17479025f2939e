// API key creation and verification.
#include "access/api_keys.h"

#include <algorithm>

#include "access/hmac.h"

namespace mercato {
namespace {

constexpr std::string_view kPrefix = "mk_";
constexpr size_t kIdBytes = 6;
constexpr size_t kSecretBytes = 32;
constexpr size_t kSaltBytes = 16;

bool IsLowerHex(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::string SaltedHash(std::string_view salt, std::string_view secret) {
  std::string material(salt);
  material.append(secret);
  return Sha256Hex(material);
}

// The secret part of a well-formed key (KeyIdOf accepted it).
std::string_view SecretOf(std::string_view presented) {
  return presented.substr(kPrefix.size() + kIdBytes * 2 + 1);
}

}  // namespace

Result<NewApiKey> CreateApiKey(Store& store, KeyScope scope, std::string name, Timestamp now) {
  ASSIGN_OR_RETURN(std::vector<ApiKeyRecord> existing, store.ListApiKeys());
  NewApiKey created;
  ApiKeyRecord& r = created.record;
  // 48 random bits make a collision unlikely; a clash is retried rather than overwriting a key.
  for (int attempt = 0;; ++attempt) {
    ASSIGN_OR_RETURN(r.id, RandomHex(kIdBytes));
    const bool taken = std::any_of(existing.begin(), existing.end(),
                                   [&](const ApiKeyRecord& k) { return k.id == r.id; });
    if (!taken) break;
    if (attempt == 8) return Internal("could not draw an unused API key id");
  }
  ASSIGN_OR_RETURN(const std::string secret, RandomHex(kSecretBytes));
  ASSIGN_OR_RETURN(r.salt, RandomHex(kSaltBytes));
  r.hash = SaltedHash(r.salt, secret);
  r.name = std::move(name);
  r.scope = scope;
  r.created_at = now;
  RETURN_IF_ERROR(store.PutApiKey(r));
  created.key = std::string(kPrefix) + r.id + "_" + secret;
  return created;
}

std::optional<std::string_view> KeyIdOf(std::string_view presented) {
  constexpr size_t kIdLen = kIdBytes * 2;
  constexpr size_t kLength = kPrefix.size() + kIdLen + 1 + kSecretBytes * 2;
  if (presented.size() != kLength || presented.substr(0, kPrefix.size()) != kPrefix ||
      presented[kPrefix.size() + kIdLen] != '_') {
    return std::nullopt;
  }
  const std::string_view id = presented.substr(kPrefix.size(), kIdLen);
  if (!IsLowerHex(id) || !IsLowerHex(SecretOf(presented))) return std::nullopt;
  return id;
}

bool KeyMatches(const ApiKeyRecord& record, std::string_view presented) {
  if (record.revoked_at.has_value()) return false;
  const std::optional<std::string_view> id = KeyIdOf(presented);
  if (!id || *id != record.id) return false;
  return ConstantTimeEquals(SaltedHash(record.salt, SecretOf(presented)), record.hash);
}

}  // namespace mercato
