// Strict HTTP/1.1 request parsing without sockets: bytes in (in whatever pieces they arrive),
// one ApiRequest out, or the 4xx answer that ends the connection. Beast's parser does the
// grammar and the body limit (also on chunked bodies, as they stream), on whole headers only;
// the header-size limit and the checks it leaves out (a repeated Content-Length, a
// Transfer-Encoding other than chunked, a folded header line, a missing Host) are made here. The
// HTTP server and the fuzzer share it.
#pragma once

#include <array>
#include <cstddef>
#include <memory>
#include <optional>
#include <string_view>

#include "server/api_types.h"

namespace mercato::server {

struct HttpLimits {
  size_t max_header_bytes = 16 << 10;
  size_t max_body_bytes = 4 << 20;
};

class HttpRequestParser {
 public:
  enum class State {
    kNeedMore,    // give it more bytes
    kHeaderDone,  // the header is complete and valid; the body is still to come
    kComplete,    // TakeRequest() has the whole request
    kFailed,      // error() says why; the connection must close after answering it
  };

  explicit HttpRequestParser(HttpLimits limits);
  ~HttpRequestParser();
  HttpRequestParser(const HttpRequestParser&) = delete;
  HttpRequestParser& operator=(const HttpRequestParser&) = delete;

  /// Parses from `bytes`; returns how many were used (the rest belong to the next request or
  /// were not needed yet). Stops after the header once (kHeaderDone) so the caller can answer
  /// `Expect: 100-continue`; call again for the body. After kComplete or kFailed it uses nothing.
  size_t Feed(std::string_view bytes);
  /// The state after the last Feed.
  State state() const { return state_; }
  /// The 400/413/431/501 answer when state() is kFailed.
  const ApiResponse& error() const { return error_; }
  /// True when the header asks `Expect: 100-continue` (valid once the header is done).
  bool expects_continue() const { return expects_continue_; }
  /// Whether the client wants the connection kept open after this request (HTTP/1.1 default).
  bool keep_alive() const { return keep_alive_; }
  /// The request once kComplete; the parser is then ready for the next one (Reset() done).
  ApiRequest TakeRequest();
  /// Forgets the current request and starts a new one.
  void Reset();

 private:
  struct Impl;
  void Fail(int status, std::string_view code, std::string_view message);
  bool CheckHeader();
  // Checks header bytes one by one for bare LFs, folding and the size limit, until the end.
  bool ScanHeaderBytes(std::string_view bytes);
  void FailOversizedHeader(std::string_view header_start);

  HttpLimits limits_;
  std::unique_ptr<Impl> impl_;
  State state_ = State::kNeedMore;
  bool expects_continue_ = false;
  bool keep_alive_ = true;
  ApiResponse error_;
  ApiRequest pending_;            // path and query, decoded when the header is done
  size_t scanned_ = 0;            // bytes at the front of the caller's buffer already checked
  size_t header_bytes_ = 0;       // header bytes checked for bare LFs and folding, in all
  std::array<char, 3> recent_{};  // the last three of them, oldest first
  bool header_end_seen_ = false;
};

/// Splits a request target ("/path?a=1&b=x%20y") into a decoded path and query parameters
/// ('+' in the query is a space). InvalidArgument for a target not starting with '/' or with a
/// malformed %-escape.
Status DecodeTarget(std::string_view target, ApiRequest& request);

}  // namespace mercato::server
