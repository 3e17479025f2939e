// Serializes a response head in one string with one allocation in the common case.
#include "server/http_response_head.h"

#include <charconv>

namespace mercato::server {

std::string_view ReasonPhrase(int status) {
  switch (status) {
    case 100:
      return "Continue";
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 202:
      return "Accepted";
    case 204:
      return "No Content";
    case 304:
      return "Not Modified";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 409:
      return "Conflict";
    case 413:
      return "Payload Too Large";
    case 415:
      return "Unsupported Media Type";
    case 417:
      return "Expectation Failed";
    case 422:
      return "Unprocessable Entity";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 503:
      return "Service Unavailable";
    default:
      return "Unknown";
  }
}

bool StatusHasBody(int status) { return status >= 200 && status != 204 && status != 304; }

std::string ResponseHead(const ApiResponse& response, bool keep_alive) {
  const bool has_body = StatusHasBody(response.status) && !response.content_type.empty();
  std::string head;
  size_t size = 96 + response.content_type.size();
  for (const auto& [name, value] : response.headers) size += name.size() + value.size() + 4;
  head.reserve(size);
  char number[24];
  head += "HTTP/1.1 ";
  head.append(number, std::to_chars(number, number + sizeof number, response.status).ptr);
  head += ' ';
  head += ReasonPhrase(response.status);
  head += "\r\n";
  if (has_body) {
    head += "Content-Type: ";
    head += response.content_type;
    head += "\r\nContent-Length: ";
    head.append(number, std::to_chars(number, number + sizeof number, response.body.size()).ptr);
    head += "\r\n";
  } else if (StatusHasBody(response.status)) {
    head += "Content-Length: 0\r\n";
  }
  for (const auto& [name, value] : response.headers) {
    head += name;
    head += ": ";
    head += value;
    head += "\r\n";
  }
  if (!keep_alive) head += "Connection: close\r\n";
  head += "\r\n";
  return head;
}

}  // namespace mercato::server
