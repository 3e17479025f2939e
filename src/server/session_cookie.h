// The dashboard's session cookie on the wire: finding it in a request's Cookie header and the
// Set-Cookie values that start and end it (HttpOnly, so page scripts cannot read it;
// SameSite=Strict, so no other site's page can send it; Secure behind TLS).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mercato::server {

inline constexpr std::string_view kSessionCookieName = "mercato_session";

/// The value of the first mercato_session cookie in a Cookie header ("a=1; mercato_session=..."),
/// or nullopt when there is none. The value is returned as sent, however it is shaped.
std::optional<std::string_view> SessionCookieOf(std::string_view cookie_header);

/// "mercato_session=<token>; Path=/; HttpOnly; SameSite=Strict; Max-Age=<max_age_seconds>",
/// with "; Secure" when `secure`.
std::string SessionSetCookie(std::string_view token, int64_t max_age_seconds, bool secure);

/// The Set-Cookie value that makes a browser drop the cookie: empty, Max-Age=0.
std::string ClearedSessionCookie(bool secure);

}  // namespace mercato::server
