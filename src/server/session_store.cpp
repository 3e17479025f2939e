// In-memory dashboard sessions, keyed by the SHA-256 of their cookie token.
#include "server/session_store.h"

#include <algorithm>

#include "access/hmac.h"

namespace mercato::server {
namespace {

constexpr size_t kRandomBytes = SessionStore::kTokenLength / 2;

bool IsToken(std::string_view token) {
  return token.size() == SessionStore::kTokenLength &&
         std::all_of(token.begin(), token.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

}  // namespace

Result<NewSession> SessionStore::Create(std::string key_id, Timestamp now) {
  NewSession created;
  ASSIGN_OR_RETURN(created.token, RandomHex(kRandomBytes));
  Session& s = created.session;
  ASSIGN_OR_RETURN(s.csrf_token, RandomHex(kRandomBytes));
  s.key_id = std::move(key_id);
  s.created_at = now;
  s.last_used_at = now;
  s.expires_at = now + limits_.lifetime_seconds;
  std::string digest = Sha256Hex(created.token);
  std::lock_guard lock(mu_);
  // Every session has the same lifetime, so the oldest are also the first to expire.
  while (!oldest_first_.empty()) {
    auto oldest = by_digest_.find(oldest_first_.front());
    if (by_digest_.size() < limits_.capacity && oldest->second.session.expires_at > now) break;
    EraseLocked(oldest);
  }
  oldest_first_.push_back(digest);
  by_digest_.emplace(std::move(digest), Entry{s, std::prev(oldest_first_.end())});
  return created;
}

std::optional<Session> SessionStore::Find(std::string_view token, Timestamp now) {
  if (!IsToken(token)) return std::nullopt;
  const std::string digest = Sha256Hex(token);
  std::lock_guard lock(mu_);
  auto it = by_digest_.find(digest);
  if (it == by_digest_.end()) return std::nullopt;
  Session& s = it->second.session;
  if (now >= s.expires_at || now - s.last_used_at >= limits_.idle_seconds) {
    EraseLocked(it);
    return std::nullopt;
  }
  s.last_used_at = std::max(s.last_used_at, now);
  return s;
}

bool SessionStore::Forget(std::string_view token) {
  if (!IsToken(token)) return false;
  const std::string digest = Sha256Hex(token);
  std::lock_guard lock(mu_);
  auto it = by_digest_.find(digest);
  if (it == by_digest_.end()) return false;
  EraseLocked(it);
  return true;
}

size_t SessionStore::ForgetKey(std::string_view key_id) {
  std::lock_guard lock(mu_);
  size_t forgotten = 0;
  for (auto it = by_digest_.begin(); it != by_digest_.end();) {
    auto next = std::next(it);
    if (it->second.session.key_id == key_id) {
      EraseLocked(it);
      ++forgotten;
    }
    it = next;
  }
  return forgotten;
}

size_t SessionStore::size() const {
  std::lock_guard lock(mu_);
  return by_digest_.size();
}

bool SessionStore::CsrfMatches(const Session& session, std::string_view sent) {
  return !session.csrf_token.empty() && ConstantTimeEquals(session.csrf_token, sent);
}

void SessionStore::EraseLocked(Entries::iterator it) {
  oldest_first_.erase(it->second.age);
  by_digest_.erase(it);
}

}  // namespace mercato::server
