// Test support for tests of `mercato serve` as a process: start it on a free loopback port, and
// talk HTTP/1.1 to it over plain sockets (so malformed, slow, pipelined or oversized requests
// can be sent exactly as written).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mercato::testing {

/// `mercato serve --port 0 ARGS` as a child process (MERCATO_SHOPIFY_SECRET=hush); the port is
/// read from its first output line. Killed with SIGKILL when destroyed and still running.
class ServerProcess {
 public:
  explicit ServerProcess(const std::string& args);
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  /// 0 when the server did not start.
  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  /// Waits for the process; its exit status, or -signal when killed.
  int Wait();
  /// The resident set size in KiB (from /proc), or 0.
  long RssKib() const;
  /// Its standard output after the first line, up to its end.
  std::string RestOfOutput();

 private:
  pid_t pid_ = -1;
  FILE* out_ = nullptr;
  int port_ = 0;
  bool waited_ = false;
};

using Headers = std::vector<std::pair<std::string, std::string>>;

struct HttpReply {
  int status = 0;
  std::map<std::string, std::string> headers;  // names lower-case
  std::string body;
};

/// One TCP connection to 127.0.0.1:port, optionally from another loopback source address
/// (127.0.0.2, ...), so per-address limits can be told apart.
class RawConnection {
 public:
  explicit RawConnection(int port, const std::string& source = "");
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool connected() const { return fd_ >= 0; }
  /// Writes all of `bytes`; false when the peer has closed or reset.
  bool Send(std::string_view bytes);
  /// Reads one response (Content-Length framing); nullopt on timeout, close or garbage. The
  /// answer to a HEAD request has no body whatever its Content-Length: pass `head_request`.
  std::optional<HttpReply> Read(std::chrono::milliseconds timeout = std::chrono::seconds(10),
                                bool head_request = false);
  /// True when the server closes the connection (EOF or reset) within `timeout`, discarding any
  /// bytes before that.
  bool ClosedWithin(std::chrono::milliseconds timeout);
  void Close();

 private:
  int fd_ = -1;
  std::string pending_;  // bytes read past the last response
};

/// A keep-alive client for the common case, reconnecting when the server closed the connection.
class HttpClient {
 public:
  explicit HttpClient(int port) : port_(port) {}

  std::optional<HttpReply> Get(const std::string& path, const Headers& headers = {});
  std::optional<HttpReply> Delete(const std::string& path, const Headers& headers = {});
  std::optional<HttpReply> Post(const std::string& path, const Headers& headers,
                                const std::string& body,
                                const std::string& content_type = "application/json");
  /// Closes the connection (an open idle connection is what a drain closes first).
  void Close();

 private:
  std::optional<HttpReply> Send(const std::string& method, const std::string& path,
                                const Headers& headers, const std::string& body,
                                const std::string& content_type);
  int port_;
  std::optional<RawConnection> connection_;
};

/// "METHOD PATH HTTP/1.1\r\nHost: ...\r\n<headers>Content-Length: ...\r\n\r\n<body>".
std::string FormatRequest(const std::string& method, const std::string& path,
                          const Headers& headers = {}, const std::string& body = "");

}  // namespace mercato::testing
