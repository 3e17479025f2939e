// The status line and header block of an HTTP/1.1 response for an ApiResponse; the body is
// written after it as it is, without a copy.
#pragma once

#include <string>

#include "server/api_types.h"

namespace mercato::server {

/// "HTTP/1.1 200 OK\r\nContent-Type: ...\r\nContent-Length: N\r\n...\r\n\r\n". No Content-Type
/// when response.content_type is empty (and then no body either); no Content-Length for 1xx,
/// 204 and 304; `Connection: close` when the connection ends after this response.
std::string ResponseHead(const ApiResponse& response, bool keep_alive);

/// Whether a response with this status carries a body.
bool StatusHasBody(int status);

/// The reason phrase of a status code ("Not Found"), or "Unknown".
std::string_view ReasonPhrase(int status);

}  // namespace mercato::server
