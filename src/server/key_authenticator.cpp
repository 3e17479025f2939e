// API key authentication with a cache refreshed on store changes.
#include "server/key_authenticator.h"

#include "access/api_keys.h"
#include "access/hmac.h"
#include "common/text.h"
#include "store/open_store.h"

namespace mercato::server {
namespace {

Status Unauthenticated(std::string message) {
  return {StatusCode::kUnauthenticated, std::move(message)};
}

}  // namespace

Result<std::unique_ptr<KeyAuthenticator>> KeyAuthenticator::Open(const std::string& db) {
  ASSIGN_OR_RETURN(auto store, OpenStore(db));
  return std::unique_ptr<KeyAuthenticator>(new KeyAuthenticator(std::move(store), db));
}

Status KeyAuthenticator::RefreshLocked() {
  if (data_version_ >= 0 && !watch_.Changed()) return Status::Ok();
  ASSIGN_OR_RETURN(int64_t version, store_->DataVersion());
  if (version == data_version_) return Status::Ok();
  ASSIGN_OR_RETURN(auto keys, store_->ListApiKeys());
  keys_.clear();
  for (ApiKeyRecord& k : keys) {
    std::string id = k.id;
    keys_.emplace(std::move(id), CachedKey{std::move(k), ""});
  }
  data_version_ = version;
  return Status::Ok();
}

Result<ApiKeyRecord> KeyAuthenticator::Authenticate(std::string_view authorization) {
  authorization = Trim(authorization);
  if (authorization.empty()) {
    return Unauthenticated(
        "missing API key: send the header 'Authorization: Bearer <key>' "
        "(create one with `mercato keys create`)");
  }
  constexpr std::string_view kBearer = "bearer ";
  if (authorization.size() <= kBearer.size() ||
      !EqualsIgnoreCase(authorization.substr(0, kBearer.size()), kBearer)) {
    return Unauthenticated("the Authorization header must be 'Bearer <key>'");
  }
  return AuthenticateKey(Trim(authorization.substr(kBearer.size())));
}

Result<ApiKeyRecord> KeyAuthenticator::AuthenticateKey(std::string_view presented) {
  const auto id = KeyIdOf(presented);
  if (!id) return Unauthenticated("malformed API key: expected mk_<id>_<secret>");
  std::lock_guard lock(mu_);
  RETURN_IF_ERROR(RefreshLocked());
  auto it = keys_.find(std::string(*id));
  if (it != keys_.end() && !it->second.matched.empty() &&
      ConstantTimeEquals(it->second.matched, presented)) {
    return it->second.record;  // matched before, and not revoked since (that re-reads the keys)
  }
  if (it == keys_.end() || !KeyMatches(it->second.record, presented)) {
    return Unauthenticated(it != keys_.end() && it->second.record.revoked_at
                               ? "this API key was revoked"
                               : "unknown API key");
  }
  it->second.matched = std::string(presented);
  return it->second.record;
}

Result<ApiKeyRecord> KeyAuthenticator::FindLive(std::string_view key_id) {
  std::lock_guard lock(mu_);
  RETURN_IF_ERROR(RefreshLocked());
  auto it = keys_.find(std::string(key_id));
  if (it == keys_.end()) return Unauthenticated("the API key of this session no longer exists");
  if (it->second.record.revoked_at) {
    return Unauthenticated("the API key of this session was revoked");
  }
  return it->second.record;
}

}  // namespace mercato::server
