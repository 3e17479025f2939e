// The dashboard's sign-in in process: an admin key becomes an HttpOnly, SameSite=Strict session
// cookie; the cookie opens admin routes, changes need the session's X-CSRF-Token, revoking the
// key or signing out ends the session, bearer keys work as before, the key is never echoed or
// logged, and a cookie of any shape is a 401, not a crash.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "server/api_test_util.h"
#include "server/security_headers.h"
#include "store/open_store.h"

namespace mercato::server {
namespace {

using nlohmann::json;

struct SessionTest : testing::ApiFixture {
  void SetUp() override { OpenApi({}); }

  ApiResponse SignIn(const std::string& key, std::map<std::string, std::string> headers = {},
                     const std::string& peer = "") {
    return Handle("POST", "/v1/session", "", json{{"key", key}}.dump(), std::move(headers), peer);
  }
  // Signs in with the admin key: the cookie's token and the session JSON.
  std::pair<std::string, json> SignInAdmin() {
    const ApiResponse r = SignIn(admin_key);
    EXPECT_EQ(r.status, 200) << r.body;
    const std::string set_cookie(r.Header("Set-Cookie"));
    const size_t eq = set_cookie.find('='), semi = set_cookie.find(';');
    return {set_cookie.substr(eq + 1, semi - eq - 1),
            r.status == 200 ? json::parse(r.body) : json()};
  }
  // A call with only the session cookie (no Authorization header), and a CSRF token if given.
  ApiResponse WithCookie(const std::string& method, const std::string& target,
                         const std::string& token, const std::string& body = "",
                         const std::string& csrf = "") {
    std::map<std::string, std::string> headers = {
        {"cookie", "theme=dark; mercato_session=" + token + "; lang=en"}};
    if (!csrf.empty()) headers["x-csrf-token"] = csrf;
    return Handle(method, target, "", body, std::move(headers));
  }
  bool CustomerExists(const std::string& id) {
    return ctx->WithStore([&](Store& s) { return s.GetCustomer(id).value().has_value(); });
  }
  std::string AdminKeyId() const { return admin_key.substr(3, 12); }
};

void ExpectError(const ApiResponse& r, int status, const std::string& code,
                 const std::string& message_part = "") {
  EXPECT_EQ(r.status, status) << r.body;
  const json body = json::parse(r.body);
  EXPECT_EQ(body["error"]["code"], code) << r.body;
  EXPECT_NE(body["error"]["message"].get<std::string>().find(message_part), std::string::npos)
      << r.body;
}

// Whether `text` is 256 bits in lower-case hex (a session or CSRF token).
bool IsSessionToken(std::string_view text) {
  return text.size() == 64 && text.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

// Whether `set_cookie` is "mercato_session=<token>" followed by exactly `attributes`.
bool SessionCookieMatches(std::string_view set_cookie, std::string_view attributes) {
  constexpr std::string_view kName = "mercato_session=";
  return set_cookie.substr(0, kName.size()) == kName && set_cookie.size() > kName.size() + 64 &&
         IsSessionToken(set_cookie.substr(kName.size(), 64)) &&
         set_cookie.substr(kName.size() + 64) == attributes;
}

TEST_F(SessionTest, AnAdminKeySignsInToAnHttpOnlyStrictCookieAndTheSessionJson) {
  const Timestamp before = std::time(nullptr);
  const ApiResponse r = SignIn(admin_key);
  ASSERT_EQ(r.status, 200) << r.body;
  // 12 hours by default: Max-Age=43200; the token is 256 bits in hex.
  const std::string set_cookie(r.Header("Set-Cookie"));
  EXPECT_TRUE(
      SessionCookieMatches(set_cookie, "; Path=/; HttpOnly; SameSite=Strict; Max-Age=43200"))
      << set_cookie;
  EXPECT_EQ(r.Header("Cache-Control"), "no-store");
  const json body = json::parse(r.body);
  EXPECT_EQ(body["signed_in"], true);
  EXPECT_EQ(body["key_id"], AdminKeyId());
  EXPECT_TRUE(IsSessionToken(body["csrf_token"].get<std::string>())) << body;
  const Timestamp expires = ParseTimestamp(body["expires_at"].get<std::string>()).value();
  EXPECT_GE(expires, before + 43200);
  EXPECT_LE(expires, std::time(nullptr) + 43200);
  EXPECT_EQ(body["idle_timeout_seconds"], 7200);
  // Neither the key nor its secret half is in the answer, and the cookie is not the key.
  const std::string secret = admin_key.substr(16);
  EXPECT_EQ(r.body.find(secret), std::string::npos) << r.body;
  EXPECT_EQ(set_cookie.find(secret), std::string::npos);
  EXPECT_EQ(ctx->sessions().size(), 1u);
}

TEST_F(SessionTest, SessionHoursSetMaxAgeAndSecureMarksTheCookie) {
  OpenApi([](ServerOptions& o) {
    o.session_hours = 2;
    o.session_secure = true;
  });
  const ApiResponse r = SignIn(admin_key);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(SessionCookieMatches(r.Header("Set-Cookie"),
                                   "; Path=/; HttpOnly; SameSite=Strict; Max-Age=7200; Secure"))
      << r.Header("Set-Cookie");
}

TEST_F(SessionTest, OnlyAnAdminKeySignsInAndAFailedSignInSetsNoCookie) {
  const ApiResponse sf = SignIn(storefront_key);
  ExpectError(sf, 403, "permission_denied", "the dashboard needs an admin key");
  EXPECT_TRUE(sf.Header("Set-Cookie").empty());
  std::string wrong = admin_key;
  wrong.back() = wrong.back() == '0' ? '1' : '0';
  for (const std::string& bad : {wrong, std::string("mk_nope"), std::string()}) {
    const ApiResponse r = SignIn(bad);
    ExpectError(r, 401, "unauthenticated");
    EXPECT_TRUE(r.Header("Set-Cookie").empty());
  }
  for (const std::string& body : {std::string(), std::string("[]"), std::string(R"({"key": 5})"),
                                  std::string(R"({"api_key": "x"})"), std::string("{")}) {
    const ApiResponse r = Handle("POST", "/v1/session", "", body, {});
    ExpectError(r, 400, "invalid_argument");
    EXPECT_TRUE(r.Header("Set-Cookie").empty());
  }
  // Another site's page cannot sign the browser in.
  ExpectError(SignIn(admin_key, {{"sec-fetch-site", "cross-site"}}), 403, "permission_denied");
  EXPECT_EQ(ctx->sessions().size(), 0u);
  EXPECT_EQ(SignIn(admin_key, {{"sec-fetch-site", "same-origin"}}).status, 200);
}

TEST_F(SessionTest, TheCookieOpensAdminRoutesAndTellsAReloadedPageItsCsrfToken) {
  const auto [token, session] = SignInAdmin();
  EXPECT_EQ(WithCookie("GET", "/v1/carts/abandoned", token).status, 200);
  EXPECT_EQ(WithCookie("GET", "/v1/customers/f0", token).status, 200);
  const ApiResponse again = WithCookie("GET", "/v1/session", token);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(json::parse(again.body), session);
  EXPECT_EQ(again.Header("Cache-Control"), "no-store");
  // Without any credentials the same routes stay closed.
  ExpectError(Handle("GET", "/v1/carts/abandoned", "", "", {}), 401, "unauthenticated");
  ExpectError(Handle("GET", "/v1/session", "", "", {}), 401, "unauthenticated");
  // A bearer key with no session: there is no session to tell.
  ExpectError(Handle("GET", "/v1/session", admin_key, "", {}), 401, "unauthenticated",
              "no live session");
}

TEST_F(SessionTest, ChangesWithTheCookieNeedTheCsrfTokenAndWriteNothingWithoutIt) {
  const auto [token, session] = SignInAdmin();
  const std::string csrf = session["csrf_token"];
  const std::string upsert = R"({"customers": [{"id": "csrf-1", "email": "c1@example.com"}]})";
  std::string wrong = csrf;
  wrong[0] = wrong[0] == 'a' ? 'b' : 'a';
  for (const std::string& sent : {std::string(), wrong, csrf.substr(0, 63), token}) {
    ExpectError(WithCookie("POST", "/v1/customers", token, upsert, sent), 403, "permission_denied",
                "missing or wrong X-CSRF-Token");
    ExpectError(WithCookie("DELETE", "/v1/customers/f0", token, "", sent), 403, "permission_denied",
                "X-CSRF-Token");
    ExpectError(WithCookie("DELETE", "/v1/session", token, "", sent), 403, "permission_denied");
  }
  EXPECT_FALSE(CustomerExists("csrf-1"));
  EXPECT_TRUE(CustomerExists("f0"));
  EXPECT_EQ(WithCookie("GET", "/v1/session", token).status, 200);  // not signed out either

  const ApiResponse written = WithCookie("POST", "/v1/customers", token, upsert, csrf);
  ASSERT_EQ(written.status, 200) << written.body;
  EXPECT_TRUE(CustomerExists("csrf-1"));
  EXPECT_EQ(WithCookie("DELETE", "/v1/customers/f0", token, "", csrf).status, 200);
  EXPECT_FALSE(CustomerExists("f0"));
}

TEST_F(SessionTest, BearerKeysWorkAsBeforeAndWinOverACookie) {
  const auto [token, session] = SignInAdmin();
  // No CSRF token with a bearer key, with or without a cookie beside it.
  EXPECT_EQ(
      Handle("POST", "/v1/customers", admin_key, R"({"customers": [{"id": "b-1"}]})", {}).status,
      200);
  EXPECT_EQ(Handle("POST", "/v1/customers", admin_key, R"({"customers": [{"id": "b-2"}]})",
                   {{"cookie", "mercato_session=" + token}})
                .status,
            200);
  EXPECT_TRUE(CustomerExists("b-1") && CustomerExists("b-2"));
  // A storefront key beside an admin session's cookie is a storefront caller.
  ExpectError(Handle("GET", "/v1/carts/abandoned", storefront_key, "",
                     {{"cookie", "mercato_session=" + token}}),
              403, "permission_denied");
  EXPECT_EQ(Handle("GET", "/v1/recommendations/user/us1", storefront_key, "", {}).status, 200);
  // The session's JSON is also told to a bearer caller who holds the cookie.
  const ApiResponse both =
      Handle("GET", "/v1/session", admin_key, "", {{"cookie", "mercato_session=" + token}});
  ASSERT_EQ(both.status, 200) << both.body;
  EXPECT_EQ(json::parse(both.body)["csrf_token"], session["csrf_token"]);
}

TEST_F(SessionTest, RevokingTheKeyEndsItsSessions) {
  const auto [token, session] = SignInAdmin();
  const auto [token2, session2] = SignInAdmin();
  ASSERT_EQ(WithCookie("GET", "/v1/carts/abandoned", token).status, 200);
  {
    auto store = OpenStore(dir + "/store.db").value();
    ASSERT_TRUE(store->RevokeApiKey(AdminKeyId(), std::time(nullptr)).value());
  }
  ExpectError(WithCookie("GET", "/v1/carts/abandoned", token), 401, "unauthenticated", "revoked");
  EXPECT_EQ(ctx->sessions().size(), 0u);  // both of its sessions are gone, not just this one
  ExpectError(WithCookie("GET", "/v1/session", token2), 401, "unauthenticated");
  ExpectError(SignIn(admin_key), 401, "unauthenticated", "revoked");
}

TEST_F(SessionTest, SignOutClearsTheCookieAndEndsTheSession) {
  const auto [token, session] = SignInAdmin();
  const auto [other, other_session] = SignInAdmin();
  const ApiResponse out = WithCookie("DELETE", "/v1/session", token, "", session["csrf_token"]);
  ASSERT_EQ(out.status, 204) << out.body;
  EXPECT_EQ(out.Header("Set-Cookie"),
            "mercato_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
  EXPECT_TRUE(out.body.empty());
  ExpectError(WithCookie("GET", "/v1/carts/abandoned", token), 401, "unauthenticated",
              "sign in again");
  ExpectError(WithCookie("GET", "/v1/session", token), 401, "unauthenticated");
  EXPECT_EQ(WithCookie("GET", "/v1/session", other).status, 200);  // another browser stays in
}

TEST_F(SessionTest, SigningInAgainEndsTheBrowsersPreviousSession) {
  const auto [token, session] = SignInAdmin();
  const ApiResponse again = SignIn(admin_key, {{"cookie", "mercato_session=" + token}});
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(ctx->sessions().size(), 1u);
  ExpectError(WithCookie("GET", "/v1/session", token), 401, "unauthenticated");
}

TEST_F(SessionTest, TheKeyIsNeverWrittenToTheLogs) {
  ::testing::internal::CaptureStderr();
  ::testing::internal::CaptureStdout();
  const auto [token, session] = SignInAdmin();
  WithCookie("GET", "/v1/carts/abandoned", token);
  WithCookie("POST", "/v1/customers", token, R"({"customers": [{"id": "log-1"}]})");
  SignIn(storefront_key);
  SignIn(admin_key + "x");
  const std::string logged =
      ::testing::internal::GetCapturedStderr() + ::testing::internal::GetCapturedStdout();
  for (const std::string& secret : {admin_key, admin_key.substr(16), storefront_key, token}) {
    EXPECT_EQ(logged.find(secret), std::string::npos) << logged;
  }
}

TEST_F(SessionTest, ACookieOfAnyShapeIsA401NotACrash) {
  SignInAdmin();
  const std::string long_hex(65, 'a');
  for (const std::string& cookie :
       {std::string("mercato_session="), std::string("mercato_session"),
        std::string("mercato_session=abc"), std::string("mercato_session=") + long_hex,
        std::string("mercato_session=") + std::string(64, 'g'),
        std::string("mercato_session=") + std::string(64, 'A'),
        std::string("mercato_session=") + std::string(100000, 'f'),
        std::string("mercato_session=\"") + std::string(62, '0') + "\"",
        std::string("mercato_session=") + std::string(64, '\0'), std::string(";;;=;"),
        std::string("=; mercato_session=;;")}) {
    const ApiResponse r = Handle("GET", "/v1/carts/abandoned", "", "", {{"cookie", cookie}});
    EXPECT_EQ(r.status, 401) << cookie.size() << " " << r.body;
  }
}

TEST_F(SessionTest, SignInIsRateLimitedPerClientAddress) {
  OpenApi([](ServerOptions& o) {
    o.storefront_rate_limit = 0.001;
    o.storefront_rate_burst = 2;
  });
  EXPECT_EQ(SignIn(admin_key, {}, "203.0.113.5").status, 200);
  EXPECT_EQ(SignIn("mk_wrong", {}, "203.0.113.5").status, 401);
  const ApiResponse limited = SignIn(admin_key, {}, "203.0.113.5");
  ExpectError(limited, 429, "resource_exhausted", "sign-in");
  EXPECT_FALSE(limited.Header("Retry-After").empty());
  EXPECT_EQ(SignIn(admin_key, {}, "198.51.100.7").status, 200);  // another client
}

TEST(SecurityHeaders, PagesAndAssetsGetThemApiDataDoesNot) {
  for (const char* type : {"text/html; charset=utf-8", "text/css", "application/javascript",
                           "image/svg+xml", "font/woff2"}) {
    ApiResponse r;
    r.content_type = type;
    AddSecurityHeaders(r);
    EXPECT_EQ(r.Header("Content-Security-Policy"),
              "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
              "frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
        << type;
    EXPECT_EQ(r.Header("X-Content-Type-Options"), "nosniff") << type;
    EXPECT_EQ(r.Header("Referrer-Policy"), "no-referrer") << type;
    EXPECT_EQ(r.Header("X-Frame-Options"), "DENY") << type;
    EXPECT_EQ(r.headers.size(), 4u);
  }
  for (const char* type :
       {"application/json", "text/csv", "text/plain; version=0.0.4; charset=utf-8", ""}) {
    ApiResponse r;
    r.content_type = type;
    AddSecurityHeaders(r);
    EXPECT_TRUE(r.headers.empty()) << type;
  }
  // A header the route set itself stays as it is, once.
  ApiResponse own;
  own.content_type = "text/html";
  own.headers = {{"x-frame-options", "SAMEORIGIN"}};
  AddSecurityHeaders(own);
  EXPECT_EQ(own.headers.size(), 4u);
  EXPECT_EQ(own.headers[0].second, "SAMEORIGIN");
}

TEST_F(SessionTest, ApiAnswersCarryNoPageHeaders) {
  const ApiResponse r = Handle("GET", "/healthz", "", "", {});
  EXPECT_TRUE(r.Header("Content-Security-Policy").empty());
}

}  // namespace
}  // namespace mercato::server
