// /v1/session: the dashboard signs in with an admin key (POST), which becomes an HttpOnly
// session cookie so the key does not stay in the page; GET tells a reloaded page its CSRF token;
// DELETE signs out. Cookie authentication and the CSRF check of other routes are in api.cpp.
#include <ctime>
#include <nlohmann/json.hpp>

#include "server/client_address.h"
#include "server/routes.h"
#include "server/session_cookie.h"

namespace mercato::server {
namespace {

constexpr std::string_view kSignInShape = "expected {\"key\": \"<admin API key>\"}";

nlohmann::json SessionJson(const Session& s, const SessionLimits& limits) {
  return {{"signed_in", true},
          {"key_id", s.key_id},
          {"csrf_token", s.csrf_token},
          {"expires_at", FormatTimestamp(s.expires_at)},
          {"idle_timeout_seconds", limits.idle_seconds}};
}

// A session's answer is a secret (its CSRF token): never stored by a cache.
ApiResponse SessionResponse(int status, const nlohmann::json& body) {
  ApiResponse r = JsonResponse(status, body);
  r.headers.push_back({"Cache-Control", "no-store"});
  return r;
}

ApiResponse SignIn(ServerContext& ctx, const ApiRequest& r) {
  // Another site's page may not sign the browser in (to an account of its choosing).
  if (r.Header("sec-fetch-site") == "cross-site") {
    return ErrorResponse(403, "permission_denied", "sign-in from another site's page is refused");
  }
  // Guessing keys is hopeless (256 random bits), but each try costs a hash: limited per client
  // as storefront calls are.
  const RateLimiter::Decision d = ctx.client_limiter().Take(
      "address:" + AddressBucket(r.ClientAddress(ctx.options().trusted_proxies)));
  if (!d.allowed) {
    return RateLimitedResponse("too many sign-in attempts from this client; retry later",
                               d.retry_after_seconds);
  }
  auto body = ParseJsonBody(r);
  if (!body.ok()) return ErrorResponse(body.status());
  const auto key_text = body->find("key");
  if (!body->is_object() || key_text == body->end() || !key_text->is_string()) {
    return ErrorResponse(400, "invalid_argument", kSignInShape);
  }
  auto key = ctx.keys().AuthenticateKey(key_text->get<std::string>());
  if (!key.ok()) return ErrorResponse(key.status());
  if (key->scope != KeyScope::kAdmin) {
    return ErrorResponse(403, "permission_denied",
                         "the dashboard needs an admin key; this is a storefront key");
  }
  // A browser signing in again leaves no second session behind.
  if (const auto old = SessionCookieOf(r.Header("cookie"))) ctx.sessions().Forget(*old);
  auto created = ctx.sessions().Create(key->id, std::time(nullptr));
  if (!created.ok()) return ErrorResponse(created.status());
  ApiResponse response =
      SessionResponse(200, SessionJson(created->session, ctx.sessions().limits()));
  response.headers.push_back(
      {"Set-Cookie", SessionSetCookie(created->token, ctx.sessions().limits().lifetime_seconds,
                                      ctx.options().session_secure)});
  return response;
}

ApiResponse CurrentSession(ServerContext& ctx, const ApiRequest& r) {
  if (r.caller.session)
    return SessionResponse(200, SessionJson(*r.caller.session, ctx.sessions().limits()));
  // A bearer key was sent too: the cookie's session, if it is live and its key still is.
  const auto token = SessionCookieOf(r.Header("cookie"));
  std::optional<Session> session =
      token ? ctx.sessions().Find(*token, std::time(nullptr)) : std::nullopt;
  if (session && ctx.keys().FindLive(session->key_id).ok()) {
    return SessionResponse(200, SessionJson(*session, ctx.sessions().limits()));
  }
  return ErrorResponse(
      Status(StatusCode::kUnauthenticated, "no live session: sign in with POST /v1/session"));
}

ApiResponse SignOut(ServerContext& ctx, const ApiRequest& r) {
  if (const auto token = SessionCookieOf(r.Header("cookie"))) ctx.sessions().Forget(*token);
  ApiResponse response;
  response.status = 204;
  response.content_type.clear();
  response.headers = {{"Set-Cookie", ClearedSessionCookie(ctx.options().session_secure)},
                      {"Cache-Control", "no-store"}};
  return response;
}

}  // namespace

void AddSessionRoutes(Router& router, ServerContext& ctx) {
  router.Add("POST", "/v1/session", Access::kPublic,
             [&ctx](const ApiRequest& r) { return SignIn(ctx, r); });
  router.Add("GET", "/v1/session", Access::kAdmin,
             [&ctx](const ApiRequest& r) { return CurrentSession(ctx, r); });
  router.Add("DELETE", "/v1/session", Access::kAdmin,
             [&ctx](const ApiRequest& r) { return SignOut(ctx, r); });
}

}  // namespace mercato::server
