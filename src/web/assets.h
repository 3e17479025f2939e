// The dashboard's built files (web/, bundled by npm and esbuild at build time), embedded in the
// binary so `mercato serve` fetches nothing at run time: index.html, dashboard.js,
// dashboard.css, report.js, report.css.
#pragma once

#include <string_view>

namespace mercato::web {

struct Asset {
  std::string_view name;          // "index.html", "dashboard.js", ...
  std::string_view content_type;  // from the name's extension, with charset=utf-8 for text
  std::string_view body;
  std::string_view gzip_body;  // `body` gzip-compressed (level 9) by the build
  std::string_view etag;       // a quoted strong validator, from the body's SHA-256
};

/// The asset named `name` (a file name, no folder), or null when there is none.
const Asset* FindAsset(std::string_view name);

/// The Content-Type for a file name, from its extension; application/octet-stream when unknown.
std::string_view ContentTypeFor(std::string_view name);

}  // namespace mercato::web
