// The browser security headers of the dashboard's pages and their assets: a Content Security
// Policy that allows only the server's own scripts, styles and images (no inline script or
// style, no framing, no foreign form targets), no MIME sniffing, no Referer, no framing.
#pragma once

#include <string_view>

#include "server/api_types.h"

namespace mercato::server {

/// Whether a response of `content_type` is something a browser renders or runs (a page, a
/// script, a style sheet, an image, a font) rather than API data: anything but JSON, CSV and
/// plain text, and not an empty body's absent type.
bool IsPageOrAsset(std::string_view content_type);

/// Adds Content-Security-Policy, X-Content-Type-Options, Referrer-Policy and X-Frame-Options to
/// `response` when IsPageOrAsset(its content type); a header the route set itself is kept.
void AddSecurityHeaders(ApiResponse& response);

}  // namespace mercato::server
