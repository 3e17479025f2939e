// The dashboard's files, embedded in the binary (web/assets.h): GET / (index.html) and
// GET /assets/{name}. Public (they hold no data), answered on the I/O thread from memory, gzip
// when the client accepts it, ETag revalidation (304) and no-cache. Api::Handle adds the
// browser security headers (server/security_headers.h) to every page and asset.
#include <string>
#include <string_view>

#include "common/text.h"
#include "server/routes.h"
#include "web/assets.h"

namespace mercato::server {
namespace {

// Whether an Accept-Encoding value accepts gzip: a "gzip" or "*" coding whose q is not 0.
bool AcceptsGzip(std::string_view accept_encoding) {
  for (std::string_view coding : Split(accept_encoding, ',')) {
    const size_t semicolon = coding.find(';');
    const std::string name = ToLower(Trim(coding.substr(0, semicolon)));
    if (name != "gzip" && name != "*") continue;
    if (semicolon == std::string_view::npos) return true;
    std::string params;
    for (char c : coding.substr(semicolon + 1)) {
      if (c != ' ' && c != '\t') params += c;
    }
    // q=0, q=0.0, q=0.00, q=0.000 refuse it.
    const bool refused =
        params.rfind("q=0", 0) == 0 && params.find_first_not_of("0.", 2) == std::string::npos;
    return !refused;
  }
  return false;
}

// Whether If-None-Match names `etag` (weak or strong) or is "*".
bool NamesETag(std::string_view if_none_match, std::string_view etag) {
  for (std::string_view tag : Split(if_none_match, ',')) {
    tag = Trim(tag);
    if (tag.rfind("W/", 0) == 0) tag.remove_prefix(2);
    if (tag == "*" || tag == etag) return true;
  }
  return false;
}

ApiResponse ServeAsset(std::string_view name, const ApiRequest& request) {
  const web::Asset* asset = web::FindAsset(name);
  if (asset == nullptr) {
    return ErrorResponse(404, "not_found", "no dashboard file " + std::string(name));
  }
  const bool gzip = AcceptsGzip(request.Header("accept-encoding"));
  // Each representation has its own strong ETag; either one revalidates the asset.
  const std::string gzip_etag =
      std::string(asset->etag.substr(0, asset->etag.size() - 1)) + "-gzip\"";
  ApiResponse r;
  r.headers = {{"ETag", gzip ? gzip_etag : std::string(asset->etag)},
               {"Cache-Control", "no-cache"},
               {"Vary", "Accept-Encoding"}};
  const std::string_view if_none_match = request.Header("if-none-match");
  if (NamesETag(if_none_match, asset->etag) || NamesETag(if_none_match, gzip_etag)) {
    r.status = 304;
    r.content_type.clear();
    return r;
  }
  r.content_type = std::string(asset->content_type);
  if (gzip) {
    r.body = std::string(asset->gzip_body);
    r.headers.emplace_back("Content-Encoding", "gzip");
  } else {
    r.body = std::string(asset->body);
  }
  return r;
}

}  // namespace

void AddStaticRoutes(Router& router) {
  router.Add("GET", "/", Access::kPublic,
             [](const ApiRequest& request) { return ServeAsset("index.html", request); });
  router.Add("GET", "/assets/{name}", Access::kPublic,
             [](const ApiRequest& request) { return ServeAsset(request.Param("name"), request); });
  router.RunInline("GET", "/");
  router.RunInline("GET", "/assets/{name}");
}

}  // namespace mercato::server
