// Security headers for pages and assets.
#include "server/security_headers.h"

#include <utility>

#include "common/text.h"

namespace mercato::server {
namespace {

constexpr std::pair<std::string_view, std::string_view> kPageHeaders[] = {
    {"Content-Security-Policy",
     "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
     "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"},
    {"X-Content-Type-Options", "nosniff"},
    {"Referrer-Policy", "no-referrer"},
    {"X-Frame-Options", "DENY"},
};

bool HasHeader(const ApiResponse& response, std::string_view name) {
  for (const auto& [k, v] : response.headers) {
    if (EqualsIgnoreCase(k, name)) return true;
  }
  return false;
}

}  // namespace

bool IsPageOrAsset(std::string_view content_type) {
  const std::string type = ToLower(Trim(content_type.substr(0, content_type.find(';'))));
  return !type.empty() && type != "application/json" && type != "text/csv" && type != "text/plain";
}

void AddSecurityHeaders(ApiResponse& response) {
  if (!IsPageOrAsset(response.content_type)) return;
  for (const auto& [name, value] : kPageHeaders) {
    if (!HasHeader(response, name)) response.headers.emplace_back(name, value);
  }
}

}  // namespace mercato::server
