// Creating, listing and revoking API keys, each change audited in its own transaction.
#include "app/key_actions.h"

#include <functional>

#include "access/audit.h"
#include "store/open_store.h"

namespace mercato::app {
namespace {

// Runs `fn` in one transaction: committed when it returns Ok, rolled back otherwise.
Status InTransaction(Store& store, const std::function<Status()>& fn) {
  RETURN_IF_ERROR(store.Begin());
  Status s = fn();
  if (s.ok()) s = store.Commit();
  if (!s.ok()) (void)store.Rollback();
  return s;
}

}  // namespace

Result<NewApiKey> CreateKey(const CreateKeyOptions& options) {
  const std::optional<KeyScope> scope = ParseKeyScope(options.scope);
  if (!scope) {
    return InvalidArgument("--scope must be storefront or admin, got '" + options.scope + "'");
  }
  ASSIGN_OR_RETURN(auto store, OpenStore(options.db));
  Result<NewApiKey> created = Internal("no key created");
  const Status written = InTransaction(*store, [&]() -> Status {
    created = CreateApiKey(*store, *scope, options.name, options.now);
    RETURN_IF_ERROR(created.status());
    return Audit(*store, options.actor, "key_created", "",
                 "id=" + created->record.id + " scope=" + std::string(KeyScopeName(*scope)),
                 options.now);
  });
  RETURN_IF_ERROR(written);
  return created;
}

Result<std::vector<ApiKeyRecord>> ListKeys(const std::string& db) {
  ASSIGN_OR_RETURN(auto store, OpenStore(db));
  return store->ListApiKeys();
}

Status RevokeKey(const RevokeKeyOptions& options) {
  ASSIGN_OR_RETURN(auto store, OpenStore(options.db));
  return InTransaction(*store, [&]() -> Status {
    ASSIGN_OR_RETURN(const bool revoked, store->RevokeApiKey(options.id, options.now));
    if (!revoked) return NotFound("no API key with id '" + options.id + "'");
    return Audit(*store, options.actor, "key_revoked", "", "id=" + options.id, options.now);
  });
}

}  // namespace mercato::app
