// A blocking HTTP client for the deliverer (libcurl underneath): one connection kept alive across
// requests to the same host, a timeout per request, transport failures as Status values.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"

namespace mercato::delivery {

struct HttpResponse {
  int status = 0;  // the HTTP status code
  std::string body;
};

/// One client per thread: use it from one thread at a time.
class HttpClient {
 public:
  explicit HttpClient(std::chrono::milliseconds timeout);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  /// POSTs `body` to `url` with the headers ("Name: value" pairs) and answers the response,
  /// whatever its status. IoError, with libcurl's reason and the URL, when no response came
  /// (connection refused, timeout, TLS failure, a malformed URL).
  Result<HttpResponse> Post(const std::string& url,
                            const std::vector<std::pair<std::string, std::string>>& headers,
                            const std::string& body);

 private:
  struct Handle;
  std::unique_ptr<Handle> handle_;
  std::chrono::milliseconds timeout_;
};

}  // namespace mercato::delivery
