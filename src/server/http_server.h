// HTTP/1.1 with keep-alive on top of the Api (cpp-httplib stays inside http_server.cpp: its
// headers break Eigen when included first).
#pragma once

#include <memory>

#include "common/status.h"
#include "server/api.h"
#include "server/server_options.h"

namespace mercato::server {

class HttpServer {
 public:
  /// Binds to options.host:options.port (port 0: any free port).
  static Result<std::unique_ptr<HttpServer>> Bind(Api& api, const ServerOptions& options);
  ~HttpServer();

  int port() const { return port_; }
  /// Serves until Stop(); requests in flight finish first.
  void Run();
  /// Stops accepting and ends Run() once in-flight requests are answered. Thread-safe.
  void Stop();

 private:
  struct Impl;
  explicit HttpServer(std::unique_ptr<Impl> impl, int port);
  std::unique_ptr<Impl> impl_;
  int port_ = 0;
};

}  // namespace mercato::server
