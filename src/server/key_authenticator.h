// Bearer-key authentication against the store's API keys. The keys are cached in memory and
// re-read whenever the store changed (another process may have created or revoked one), so a
// revocation takes effect on the next request without a query per request: the kernel says
// whether the database's files were written (DatabaseFileWatch), and only then is the store's
// data version asked. A key text that matched once is remembered until the next re-read, so the
// salted hash is not recomputed per request.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/status.h"
#include "domain/access_records.h"
#include "server/database_file_watch.h"
#include "store/store.h"

namespace mercato::server {

class KeyAuthenticator {
 public:
  /// Uses its own connection to the store at `db`.
  static Result<std::unique_ptr<KeyAuthenticator>> Open(const std::string& db);

  /// The key record for an "Authorization: Bearer <key>" header value; Unauthenticated when
  /// absent, malformed, unknown or revoked.
  Result<ApiKeyRecord> Authenticate(std::string_view authorization);

  /// The key record for the key text itself (a sign-in form's); Unauthenticated when empty,
  /// malformed, unknown or revoked.
  Result<ApiKeyRecord> AuthenticateKey(std::string_view presented);

  /// The record of the key with id `key_id` while it exists and is not revoked (a dashboard
  /// session names its key by id); Unauthenticated otherwise.
  Result<ApiKeyRecord> FindLive(std::string_view key_id);

 private:
  KeyAuthenticator(std::unique_ptr<Store> store, const std::string& db)
      : store_(std::move(store)), watch_(db) {}
  Status RefreshLocked();

  struct CachedKey {
    ApiKeyRecord record;
    std::string matched;  // the key text that last matched the record's hash ("" before)
  };

  std::mutex mu_;
  std::unique_ptr<Store> store_;
  DatabaseFileWatch watch_;
  int64_t data_version_ = -1;
  std::unordered_map<std::string, CachedKey> keys_;
};

}  // namespace mercato::server
