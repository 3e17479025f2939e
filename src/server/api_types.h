// The API's request and response, independent of the HTTP library: what the router, the route
// handlers, the tests and the request-parsing fuzzer work with.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "access/access_token.h"
#include "common/status.h"
#include "server/session_store.h"

namespace mercato::server {

/// Who is calling, as Api::Handle established it (never taken from the request as sent).
struct Caller {
  bool admin = false;  // an admin API key
  /// Verified X-Customer-Token and X-Order-Token, when sent and valid.
  std::optional<AccessToken> customer;
  std::optional<AccessToken> order;
  /// Why a token that was sent was refused (for the answer's "fallback"); empty otherwise.
  std::string token_refused;
  /// The client's address: the peer's, or behind a trusted proxy the one it forwarded. Worked
  /// out only for storefront callers, whose rate limit falls on it.
  std::string address;
  /// The dashboard session whose cookie authenticated the request (no Authorization header).
  std::optional<Session> session;

  /// Whether the caller may see what is personal to this customer (kCustomer) or order
  /// (kOrder): an admin key, or a valid token of that kind for exactly this id.
  bool Proves(TokenKind kind, std::string_view subject) const;
};

struct ApiRequest {
  std::string method;                                      // GET, POST, PUT, DELETE, OPTIONS
  std::string path;                                        // decoded, without the query string
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
  std::map<std::string, std::string> headers;              // names lower-case
  std::string body;
  /// The connection's peer address, as the socket layer saw it; empty in process.
  std::string peer_address;
  /// Filled by Api::Handle after authentication; whatever it held before is discarded.
  Caller caller;
  /// Filled by the router: the {name} segments of the matched route pattern.
  std::map<std::string, std::string> params;

  /// The header's value, or empty. `name` lower-case.
  std::string_view Header(std::string_view name) const;
  /// The first value of a query parameter.
  std::optional<std::string> Query(std::string_view name) const;
  /// Every value of a repeatable query parameter (also comma-separated ones).
  std::vector<std::string> QueryAll(std::string_view name) const;
  /// A path parameter of the matched route.
  const std::string& Param(const std::string& name) const;
  /// The client's address for per-client rate limits: the peer's, or, when the peer is one of
  /// `trusted_proxies`, the one it forwarded in X-Forwarded-For (server/client_address.h).
  std::string ClientAddress(const std::vector<std::string>& trusted_proxies) const;
  /// The caller for the audit log: "key:" + the key id Api::Handle put in the x-mercato-key-id
  /// header, or "api" in process.
  std::string AuditActor() const;
};

struct ApiResponse {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;

  /// The first header named exactly `name`, or empty.
  std::string_view Header(std::string_view name) const;
};

/// A JSON response.
ApiResponse JsonResponse(int status, const nlohmann::json& body);
/// {"error": {"code": "invalid_argument", "message": "..."}} with the code's HTTP status.
ApiResponse ErrorResponse(const Status& status);
/// An error with an explicit HTTP status (for 404 route, 405, 413 and the like).
ApiResponse ErrorResponse(int http_status, std::string_view code, std::string_view message);

/// 429 resource_exhausted with `message` and Retry-After (whole seconds, rounded up).
ApiResponse RateLimitedResponse(std::string_view message, double retry_after_seconds);

/// Parses a request body as a JSON value; InvalidArgument saying where it is malformed.
Result<nlohmann::json> ParseJsonBody(const ApiRequest& request);

}  // namespace mercato::server
