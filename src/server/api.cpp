// Request handling around the routes: auth (a bearer key, or a dashboard session's cookie with
// its CSRF token on state changes), customer and order tokens, scopes, CORS, rate limits (per
// admin key; per client or customer for storefront keys), security headers of pages, errors,
// metrics.
#include "server/api.h"

#include <chrono>
#include <cstdio>
#include <ctime>

#include "common/text.h"
#include "server/client_address.h"
#include "server/routes.h"
#include "server/security_headers.h"
#include "server/session_cookie.h"

namespace mercato::server {
namespace {

// Distinct requests of the dashboard's pages and planning routes kept at once (each up to a whole
// store's forecasts or plan).
constexpr size_t kKeptPages = 48;
constexpr std::string_view kKeyIdHeader = "x-mercato-key-id";
constexpr std::string_view kCustomerTokenHeader = "X-Customer-Token";
constexpr std::string_view kOrderTokenHeader = "X-Order-Token";
constexpr std::string_view kCsrfTokenHeader = "x-csrf-token";

// The token in `header` when it verifies as a token of `kind`; otherwise nullopt, and why in
// `refused` (when one was sent).
std::optional<AccessToken> TokenOf(const ServerOptions& o, const ApiRequest& r,
                                   std::string_view header, TokenKind kind, Timestamp now,
                                   std::string& refused) {
  const std::string_view sent = r.Header(ToLower(header));
  if (sent.empty()) return std::nullopt;
  Result<AccessToken> token =
      VerifyAccessToken(o.token_secret, sent, now, o.token_max_lifetime_seconds);
  if (token.ok() && token->kind != kind) {
    token = Status(
        StatusCode::kUnauthenticated,
        "token refused: it is " +
            std::string(token->kind == TokenKind::kOrder ? "an order token" : "a customer token"));
  }
  if (!token.ok()) {
    refused = std::string(header) + ": " + token.status().message();
    return std::nullopt;
  }
  return std::move(token).value();
}

// Methods that change nothing, which a session may call without its CSRF token.
bool IsSafeMethod(std::string_view method) {
  return method == "GET" || method == "HEAD" || method == "OPTIONS";
}

// The key of the live dashboard session whose cookie token is `token`, the session put into
// request.caller.session. The key is checked again on every use, so revoking it ends its
// sessions; a state change must carry the session's CSRF token, which another site's page
// cannot know.
Result<ApiKeyRecord> SessionKey(ServerContext& ctx, ApiRequest& request, std::string_view token) {
  std::optional<Session> session = ctx.sessions().Find(token, std::time(nullptr));
  if (!session) {
    return Status(StatusCode::kUnauthenticated,
                  "no live session (signed out, expired, or the server restarted): sign in again "
                  "with POST /v1/session");
  }
  Result<ApiKeyRecord> key = ctx.keys().FindLive(session->key_id);
  if (!key.ok()) {
    if (key.status().code() == StatusCode::kUnauthenticated) {
      ctx.sessions().ForgetKey(session->key_id);
    }
    return key.status();
  }
  if (!IsSafeMethod(request.method) &&
      !SessionStore::CsrfMatches(*session, request.Header(kCsrfTokenHeader))) {
    return Status(StatusCode::kPermissionDenied,
                  "missing or wrong X-CSRF-Token: send the csrf_token of GET /v1/session with "
                  "every change made with the session cookie");
  }
  request.caller.session = std::move(session);
  return key;
}

}  // namespace

Api::Api(ServerContext& ctx) : ctx_(ctx) {
  // The dashboard's pages and the routes they load: kept per data version, warmed up.
  const auto pages = RevalidatedPages::Create(ctx_, kKeptPages);
  AddSystemRoutes(router_, ctx_, [this] { return metrics_->Render(LimiterMetrics()); });
  AddRecommendationRoutes(router_, ctx_);
  AddEventRoutes(router_, ctx_);
  AddCustomerRoutes(router_, ctx_);
  AddCatalogRoutes(router_, ctx_);
  AddPlanningRoutes(router_, ctx_, *pages);
  AddWebhookRoutes(router_, ctx_);
  AddTokenRoutes(router_, ctx_);
  AddCartRoutes(router_, ctx_);
  AddJourneyRoutes(router_, ctx_);
  AddSessionRoutes(router_, ctx_);
  AddDashboardRoutes(router_, ctx_, *pages);
  AddImportRoutes(router_, ctx_);
  AddOutboxRoutes(router_, ctx_);
  AddExperimentValidationRoutes(router_, ctx_);  // before /v1/experiments/{key}
  AddExperimentRoutes(router_, ctx_, *pages);
  AddStaticRoutes(router_);
  pages->WarmUp(DashboardWarmUpRequests());
  std::vector<std::string> labels;
  for (const Route& r : router_.routes()) labels.push_back(r.method + " " + r.pattern);
  metrics_ = std::make_unique<Metrics>(std::move(labels));
}

std::string Api::LimiterMetrics() const {
  return "# HELP mercato_rate_limit_buckets Rate-limit buckets held (bounded; idle ones are "
         "forgotten).\n# TYPE mercato_rate_limit_buckets gauge\n"
         "mercato_rate_limit_buckets{by=\"admin_key\"} " +
         std::to_string(ctx_.key_limiter().size()) +
         "\nmercato_rate_limit_buckets{by=\"storefront_client\"} " +
         std::to_string(ctx_.client_limiter().size()) + "\n";
}

void Api::IdentifyStorefrontCaller(ApiRequest& request) const {
  const ServerOptions& o = ctx_.options();
  const Timestamp now = std::time(nullptr);
  Caller& caller = request.caller;
  caller.customer =
      TokenOf(o, request, kCustomerTokenHeader, TokenKind::kCustomer, now, caller.token_refused);
  caller.order =
      TokenOf(o, request, kOrderTokenHeader, TokenKind::kOrder, now, caller.token_refused);
}

bool Api::OriginAllowed(std::string_view origin) const {
  for (const std::string& o : ctx_.options().cors_origins) {
    if (o == origin || o == "*") return true;
  }
  return false;
}

ApiResponse Api::Preflight(const ApiRequest& request, const Router::Match& match) const {
  const std::string_view origin = request.Header("origin");
  if (origin.empty() || !OriginAllowed(origin)) {
    return ErrorResponse(403, "permission_denied",
                         "origin not allowed: add it with `mercato serve --cors-origin`");
  }
  ApiResponse r;
  r.status = 204;
  r.content_type.clear();
  r.headers = {{"Access-Control-Allow-Origin", std::string(origin)},
               {"Access-Control-Allow-Methods", Join(match.allowed_methods, ", ")},
               {"Access-Control-Allow-Headers",
                "Authorization, Content-Type, X-Customer-Token, X-Order-Token"},
               {"Access-Control-Max-Age", "600"},
               {"Vary", "Origin"}};
  return r;
}

ApiResponse Api::Dispatch(ApiRequest& request, int& route_index) {
  if (request.body.size() > ctx_.options().max_body_bytes) {
    return ErrorResponse(413, "payload_too_large",
                         "request body over " + std::to_string(ctx_.options().max_body_bytes) +
                             " bytes; send smaller batches");
  }
  const Router::Match match = router_.Find(request.method, request.path, request.params);
  if (match.route == nullptr) {
    if (match.path_known && request.method == "OPTIONS") return Preflight(request, match);
    if (match.path_known) {
      ApiResponse r = ErrorResponse(
          405, "method_not_allowed",
          request.method + " is not allowed here; allowed: " + Join(match.allowed_methods, ", "));
      r.headers.push_back({"Allow", Join(match.allowed_methods, ", ")});
      return r;
    }
    return ErrorResponse(404, "not_found",
                         "no route " + request.path + " (the routes are in /v1/openapi.json)");
  }
  const Route& route = *match.route;
  route_index = static_cast<int>(&route - router_.routes().data());
  request.headers.erase(std::string(kKeyIdHeader));  // set only by us, below
  request.caller = Caller{};
  std::vector<std::pair<std::string, std::string>> cors;
  if (route.access != Access::kPublic) {
    // A bearer key when one is sent; otherwise a dashboard session's cookie, if any.
    const std::string_view authorization = request.Header("authorization");
    const std::optional<std::string_view> session_token =
        authorization.empty() ? SessionCookieOf(request.Header("cookie")) : std::nullopt;
    auto key = session_token ? SessionKey(ctx_, request, *session_token)
                             : ctx_.keys().Authenticate(authorization);
    if (!key.ok()) return ErrorResponse(key.status());
    if (route.access == Access::kAdmin && key->scope != KeyScope::kAdmin) {
      return ErrorResponse(403, "permission_denied",
                           "this route needs an admin key; storefront keys may read "
                           "recommendations and post events");
    }
    const std::string_view origin = request.Header("origin");
    if (!origin.empty() && key->scope == KeyScope::kStorefront) {
      if (!OriginAllowed(origin)) {
        return ErrorResponse(403, "permission_denied",
                             "origin not allowed for storefront keys: add it with "
                             "`mercato serve --cors-origin`");
      }
      cors = {{"Access-Control-Allow-Origin", std::string(origin)}, {"Vary", "Origin"}};
    }
    // Admin keys are secret, one per backend: limited by key. A storefront key is public and
    // shared by every shopper: limited by customer (a valid token) or else by client address.
    RateLimiter::Decision d;
    if (key->scope == KeyScope::kAdmin) {
      request.caller.admin = true;
      d = ctx_.key_limiter().Take(key->id);
    } else {
      request.caller.address = request.ClientAddress(ctx_.options().trusted_proxies);
      IdentifyStorefrontCaller(request);
      const Caller& c = request.caller;
      d = ctx_.client_limiter().Take(c.customer ? "customer:" + c.customer->subject
                                                : "address:" + AddressBucket(c.address));
    }
    if (!d.allowed) {
      return RateLimitedResponse(request.caller.admin
                                     ? "rate limit of this API key exceeded; retry later"
                                     : "rate limit for this client exceeded; retry later",
                                 d.retry_after_seconds);
    }
    request.headers[std::string(kKeyIdHeader)] = key->id;
  }
  ApiResponse response = route.handler(request);
  for (auto& h : cors) response.headers.push_back(std::move(h));
  return response;
}

ApiResponse Api::Handle(ApiRequest request) {
  const auto start = std::chrono::steady_clock::now();
  int route_index = -1;
  ApiResponse response;
  try {
    response = Dispatch(request, route_index);
  } catch (const std::exception& e) {
    // A broken invariant in a handler: answer 500, keep serving, say where (no request data).
    std::fprintf(stderr, "mercato serve: internal error on %s %s: %s\n", request.method.c_str(),
                 route_index >= 0 ? router_.routes()[route_index].pattern.c_str() : "(no route)",
                 e.what());
    response = ErrorResponse(500, "internal", "internal error; the server log says where");
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  metrics_->Observe(route_index, response.status, seconds);
  AddSecurityHeaders(response);
  return response;
}

}  // namespace mercato::server
