// API keys: creation (the key is shown once, only a salted hash is stored) and verification of
// a presented key against its stored record.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "domain/access_records.h"
#include "store/store.h"

namespace mercato {

/// A key just created: `key` is the text to hand to the user (never stored), `record` what the
/// store now holds.
struct NewApiKey {
  std::string key;
  ApiKeyRecord record;
};

/// Creates and stores a key "mk_<id>_<secret>": id 12 lower-case hex characters (6 random
/// bytes), secret 64 lower-case hex characters (32 random bytes from RAND_bytes). The record
/// keeps a random 16-byte salt (hex) and hash = hex SHA-256 of salt-hex followed by the secret
/// text.
Result<NewApiKey> CreateApiKey(Store& store, KeyScope scope, std::string name, Timestamp now);

/// The id part of a presented key, or nullopt when the text is not shaped like a key.
std::optional<std::string_view> KeyIdOf(std::string_view presented);

/// Whether `presented` is the key `record` was created for: same id, matching salted hash
/// (compared in constant time), and not revoked.
bool KeyMatches(const ApiKeyRecord& record, std::string_view presented);

}  // namespace mercato
