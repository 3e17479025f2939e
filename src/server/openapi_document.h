// The OpenAPI 3 document of the API (src/server/openapi.json, compiled in).
#pragma once

#include <string_view>

namespace mercato::server {

/// The document's JSON text, served at /v1/openapi.json.
std::string_view OpenApiDocument();

}  // namespace mercato::server
