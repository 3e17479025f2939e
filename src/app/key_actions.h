// API key actions: create (printed once; the store keeps a salted hash), list and revoke. Each
// change is audited with its audit record in the same transaction. `mercato keys` calls these.
#pragma once

#include <string>
#include <vector>

#include "access/api_keys.h"
#include "common/status.h"
#include "store/store.h"

namespace mercato::app {

struct CreateKeyOptions {
  std::string db;     // created when absent
  std::string scope;  // storefront or admin
  std::string name;   // a label
  std::string actor;  // for the audit log
  Timestamp now = 0;
};

/// Creates a key and its "key_created" audit record together; nothing is written on failure.
Result<NewApiKey> CreateKey(const CreateKeyOptions& options);

/// Every key of the store at `db` (never their secrets).
Result<std::vector<ApiKeyRecord>> ListKeys(const std::string& db);

struct RevokeKeyOptions {
  std::string db;
  std::string id;  // the 12 characters after mk_
  std::string actor;
  Timestamp now = 0;
};

/// Revokes the key and appends a "key_revoked" audit record together; an unknown id is
/// NotFound and writes nothing.
Status RevokeKey(const RevokeKeyOptions& options);

}  // namespace mercato::app
