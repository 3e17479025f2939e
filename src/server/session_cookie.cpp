// The session cookie's parsing and Set-Cookie values.
#include "server/session_cookie.h"

#include "common/text.h"

namespace mercato::server {

std::optional<std::string_view> SessionCookieOf(std::string_view cookie_header) {
  for (std::string_view pair : Split(cookie_header, ';')) {
    pair = Trim(pair);
    const size_t eq = pair.find('=');
    if (eq == std::string_view::npos || Trim(pair.substr(0, eq)) != kSessionCookieName) continue;
    return Trim(pair.substr(eq + 1));
  }
  return std::nullopt;
}

std::string SessionSetCookie(std::string_view token, int64_t max_age_seconds, bool secure) {
  std::string cookie =
      std::string(kSessionCookieName) + "=" + std::string(token) +
      "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age_seconds);
  if (secure) cookie += "; Secure";
  return cookie;
}

std::string ClearedSessionCookie(bool secure) { return SessionSetCookie("", 0, secure); }

}  // namespace mercato::server
