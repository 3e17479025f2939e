// The cpp-httplib adapter: converts requests and responses, sets limits and the thread pool.
#include "server/http_server.h"

#include <httplib.h>
#include <sys/socket.h>

#include <memory>

#include "common/text.h"

namespace mercato::server {

struct HttpServer::Impl {
  httplib::Server http;
};

HttpServer::HttpServer(std::unique_ptr<Impl> impl, int port)
    : impl_(std::move(impl)), port_(port) {}
HttpServer::~HttpServer() = default;

Result<std::unique_ptr<HttpServer>> HttpServer::Bind(Api& api, const ServerOptions& options) {
  auto impl = std::make_unique<Impl>();
  httplib::Server& http = impl->http;
  const size_t threads = static_cast<size_t>(std::max(2, options.threads));
  http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  http.set_keep_alive_max_count(1000000);
  http.set_keep_alive_timeout(5);
  http.set_read_timeout(options.read_timeout_seconds, 0);
  http.set_write_timeout(options.write_timeout_seconds, 0);
  http.set_payload_max_length(options.max_body_bytes);
  http.set_tcp_nodelay(true);
  // SO_REUSEADDR only: httplib's default also sets SO_REUSEPORT, which would let a second
  // server bind the same port and silently take half of its connections. The listening socket
  // is kept to widen httplib's accept backlog of 5 after binding (64 connections opened at once
  // would otherwise overflow it and wait for SYN retransmits, seconds).
  auto listening = std::make_shared<int>(-1);
  http.set_socket_options([listening](int sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    *listening = sock;
  });
  auto handle = [&api](const httplib::Request& req, httplib::Response& res) {
    ApiRequest r;
    r.method = req.method;
    r.path = req.path;
    for (const auto& [k, v] : req.params) r.query.emplace_back(k, v);
    for (const auto& [k, v] : req.headers) r.headers.emplace(ToLower(k), v);
    r.body = req.body;
    ApiResponse out = api.Handle(std::move(r));
    res.status = out.status;
    for (auto& [k, v] : out.headers) res.set_header(k, v);
    if (!out.content_type.empty()) res.set_content(std::move(out.body), out.content_type);
  };
  // Every path goes to the Api, which routes (and answers 404/405 as JSON).
  http.Get(".*", handle);
  http.Post(".*", handle);
  http.Put(".*", handle);
  http.Delete(".*", handle);
  http.Options(".*", handle);
  http.Patch(".*", handle);
  // Errors httplib answers itself (malformed request line, body over the limit, ...).
  http.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return;
    const std::string message =
        res.status == 413 ? "request body too large" : "malformed HTTP request";
    const ApiResponse out =
        ErrorResponse(res.status, res.status == 413 ? "payload_too_large" : "bad_request", message);
    res.set_content(out.body, out.content_type);
  });

  int port = options.port;
  if (port == 0) {
    port = http.bind_to_any_port(options.host);
    if (port <= 0) return IoError("cannot bind to " + options.host + " on any port");
  } else if (!http.bind_to_port(options.host, port)) {
    return IoError("cannot bind to " + options.host + ":" + std::to_string(port) +
                   " (in use, or not an address of this machine); choose another with --port");
  }
  if (*listening >= 0) listen(*listening, SOMAXCONN);
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl), port));
}

void HttpServer::Run() { impl_->http.listen_after_bind(); }

void HttpServer::Stop() { impl_->http.stop(); }

}  // namespace mercato::server
