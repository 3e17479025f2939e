// Request accessors and JSON / error responses.
#include "server/api_types.h"

#include <cmath>

#include "common/text.h"
#include "domain/untrusted_json.h"
#include "server/client_address.h"

namespace mercato::server {

std::string_view ApiRequest::Header(std::string_view name) const {
  auto it = headers.find(std::string(name));
  return it == headers.end() ? std::string_view() : std::string_view(it->second);
}

std::string ApiRequest::ClientAddress(const std::vector<std::string>& trusted_proxies) const {
  return server::ClientAddress(CanonicalIp(peer_address).value_or(peer_address),
                               Header("x-forwarded-for"), trusted_proxies);
}

std::string ApiRequest::AuditActor() const {
  const std::string_view id = Header("x-mercato-key-id");
  return id.empty() ? "api" : "key:" + std::string(id);
}

bool Caller::Proves(TokenKind kind, std::string_view subject) const {
  if (admin) return true;
  const std::optional<AccessToken>& token = kind == TokenKind::kCustomer ? customer : order;
  return token.has_value() && !subject.empty() && token->subject == subject;
}

std::string_view ApiResponse::Header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (k == name) return v;
  }
  return {};
}

std::optional<std::string> ApiRequest::Query(std::string_view name) const {
  for (const auto& [k, v] : query) {
    if (k == name) return v;
  }
  return std::nullopt;
}

std::vector<std::string> ApiRequest::QueryAll(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& [k, v] : query) {
    if (k != name) continue;
    for (std::string_view part : Split(v, ',')) {
      part = Trim(part);
      if (!part.empty()) out.emplace_back(part);
    }
  }
  return out;
}

const std::string& ApiRequest::Param(const std::string& name) const {
  static const std::string kEmpty;
  auto it = params.find(name);
  return it == params.end() ? kEmpty : it->second;
}

ApiResponse JsonResponse(int status, const nlohmann::json& body) {
  ApiResponse r;
  r.status = status;
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

ApiResponse ErrorResponse(int http_status, std::string_view code, std::string_view message) {
  return JsonResponse(http_status, {{"error", {{"code", code}, {"message", RepairUtf8(message)}}}});
}

ApiResponse ErrorResponse(const Status& status) {
  return ErrorResponse(HttpStatusOf(status.code()), StatusCodeName(status.code()),
                       status.message());
}

ApiResponse RateLimitedResponse(std::string_view message, double retry_after_seconds) {
  ApiResponse r = ErrorResponse(429, "resource_exhausted", message);
  r.headers.push_back(
      {"Retry-After", std::to_string(static_cast<int64_t>(std::ceil(retry_after_seconds)))});
  return r;
}

Result<nlohmann::json> ParseJsonBody(const ApiRequest& request) {
  if (Trim(request.body).empty())
    return InvalidArgument("the request body is empty; expected JSON");
  UntrustedJson parsed = ParseUntrustedJson(request.body);
  if (!parsed.ok()) return parsed.status();
  return std::move(parsed.value);
}

}  // namespace mercato::server
