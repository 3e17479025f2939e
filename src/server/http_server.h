// HTTP/1.1 with keep-alive and pipelining on top of the Api: event-driven (Boost.Asio), a few I/O
// threads parse and write, a small pool runs the handlers. Limits: body and header size, total
// header/body/write deadlines, idle keep-alive timeout, connections per client address and in
// all. Stop() drains: no new connections, requests in flight finish, then Run() returns.
#pragma once

#include <memory>

#include "common/status.h"
#include "server/api.h"
#include "server/server_options.h"

namespace mercato::server {

class HttpServer {
 public:
  /// Binds to options.host:options.port (port 0: any free port) and listens; serving starts in
  /// Run(). IoError when the address cannot be bound.
  static Result<std::unique_ptr<HttpServer>> Bind(Api& api, const ServerOptions& options);
  ~HttpServer();

  int port() const { return port_; }
  /// Serves on options.io_threads threads (this one among them) until Stop() has drained.
  void Run();
  /// Stops accepting, closes idle connections, lets requests in flight finish and be answered
  /// (with `Connection: close`) for up to options.drain_timeout_seconds, then closes the rest
  /// and ends Run(). Thread-safe; returns at once.
  void Stop();

 private:
  struct Impl;
  explicit HttpServer(std::shared_ptr<Impl> impl, int port);
  std::shared_ptr<Impl> impl_;
  int port_ = 0;
};

}  // namespace mercato::server
