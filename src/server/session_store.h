// The dashboard's sign-in sessions: an admin key signs in once and the browser then holds an
// opaque random cookie token instead of the key. Sessions live in memory only (a restart signs
// everyone out), bounded in number, and end after an idle time or a fixed lifetime, whichever
// comes first. Only a SHA-256 of each cookie token is held, and a session names its key by id,
// never by the key itself.
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/status.h"
#include "common/time.h"

namespace mercato::server {

struct SessionLimits {
  int64_t lifetime_seconds = 12 * 3600;  // from sign-in, however busy the session
  int64_t idle_seconds = 2 * 3600;       // since its last request
  size_t capacity = 10000;               // past it, the oldest session ends
};

struct Session {
  std::string key_id;      // the admin key that signed in (its id, never the key)
  std::string csrf_token;  // 64 lower-case hex characters, sent back as X-CSRF-Token
  Timestamp created_at = 0;
  Timestamp last_used_at = 0;
  Timestamp expires_at = 0;  // created_at + lifetime: the latest it can end
};

/// A session just started: `token` is the cookie's value, handed to the browser once.
struct NewSession {
  std::string token;
  Session session;
};

class SessionStore {
 public:
  /// Tokens are 256 random bits in lower-case hex.
  static constexpr size_t kTokenLength = 64;

  explicit SessionStore(SessionLimits limits) : limits_(limits) {}

  /// Starts a session for the key `key_id` at `now`: a cookie token and a CSRF token, each
  /// 256 bits from the system's CSPRNG. At capacity the oldest session ends first. Internal
  /// when the random number generator fails (nothing is started then).
  Result<NewSession> Create(std::string key_id, Timestamp now);

  /// The session of the cookie token `token` when it is live at `now`, and restarts its idle
  /// clock; nullopt for a token of the wrong shape, an unknown one, or one idle longer than
  /// idle_seconds or past its lifetime (which is forgotten). Looks up by the token's SHA-256, so
  /// the time taken says nothing about how much of a guessed token was right.
  std::optional<Session> Find(std::string_view token, Timestamp now);

  /// Ends the session of `token`; false when there was none.
  bool Forget(std::string_view token);

  /// Ends every session of the key `key_id` (revoked or gone); how many there were.
  size_t ForgetKey(std::string_view key_id);

  /// Sessions held now (live or not yet found expired); never more than the capacity.
  size_t size() const;

  const SessionLimits& limits() const { return limits_; }

  /// Whether `sent` is `session`'s CSRF token, compared in constant time.
  static bool CsrfMatches(const Session& session, std::string_view sent);

 private:
  struct Entry {
    Session session;
    std::list<std::string>::iterator age;  // its place in oldest_first_
  };
  using Entries = std::unordered_map<std::string, Entry>;
  void EraseLocked(Entries::iterator it);

  const SessionLimits limits_;
  mutable std::mutex mu_;
  Entries by_digest_;                    // SHA-256 hex of the token → its session
  std::list<std::string> oldest_first_;  // digests in order of creation
};

}  // namespace mercato::server
