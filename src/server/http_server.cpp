// The Boost.Asio front end: one Listener (acceptor, connection caps, drain) and one Connection
// per socket, each on its own strand. A connection reads into its buffer, the strict parser
// takes a request from it, the handler runs on the worker pool, the response is written, and
// only then is the next request parsed: pipelined requests are answered in order. One timer per
// connection enforces the phase's total deadline (idle, header, body, write, lingering close).
#include "server/http_server.h"

#include <sys/resource.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <cstring>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>

#include "server/connection_limiter.h"
#include "server/http_request_parser.h"
#include "server/http_response_head.h"

namespace mercato::server {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using boost::system::error_code;

// After an answer that ends the connection, what the client still sends is read and dropped for
// this long, so the answer is not lost to a reset while the client is still writing.
constexpr std::chrono::seconds kLingerTime{2};
// Reads go into a per-connection buffer this much larger than the header limit.
constexpr size_t kReadChunk = 32 << 10;

class Connection;

class Listener {
 public:
  Listener(Api& api, const ServerOptions& options)
      : api_(api),
        options_(options),
        limiter_(static_cast<size_t>(options.max_connections),
                 static_cast<size_t>(options.max_connections_per_address)),
        workers_(static_cast<size_t>(std::max(1, options.threads))),
        ioc_(IoThreads(options)),
        control_(asio::make_strand(ioc_)),
        acceptor_(control_),
        accept_retry_(control_),
        drain_timer_(control_),
        keep_running_(ioc_.get_executor()) {}

  ~Listener() {
    {
      std::lock_guard lock(mu_);
      destroying_ = true;  // connections destroyed with the io_context post nothing
    }
    ioc_.stop();
    workers_.join();
  }

  static int IoThreads(const ServerOptions& options) {
    if (options.io_threads > 0) return options.io_threads;
    return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  }

  Status Bind(int& port);
  void Run();
  void Stop() {
    asio::post(control_, [this] { BeginDrain(); });
  }

  Api& api() { return api_; }
  const ServerOptions& options() const { return options_; }
  asio::thread_pool& workers() { return workers_; }
  HttpLimits limits() const { return {options_.max_header_bytes, options_.max_body_bytes}; }
  bool draining() const { return draining_.load(std::memory_order_relaxed); }
  // Called by a connection's destructor.
  void Closed(Connection* connection, const std::string& address);

 private:
  void Accept();
  void OnAccept(const error_code& ec, tcp::socket socket);
  void Refuse(tcp::socket socket, std::string_view why);
  void BeginDrain();
  void FinishIfDrained();

  Api& api_;
  const ServerOptions options_;
  // Declared before the io_context: connections still queued in it when it is destroyed
  // unregister from these.
  ConnectionLimiter limiter_;
  std::mutex mu_;
  std::unordered_map<Connection*, std::weak_ptr<Connection>> open_;
  std::atomic<bool> draining_{false};  // set under mu_
  bool destroying_ = false;
  bool finished_ = false;  // on control_: the drain is over
  asio::thread_pool workers_;
  asio::io_context ioc_;
  asio::strand<asio::io_context::executor_type> control_;  // acceptor, timers, drain
  tcp::acceptor acceptor_;
  asio::steady_timer accept_retry_;
  asio::steady_timer drain_timer_;
  asio::executor_work_guard<asio::io_context::executor_type> keep_running_;
};

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(Listener& listener, tcp::socket socket, std::string address)
      : listener_(listener),
        socket_(std::move(socket)),
        timer_(socket_.get_executor()),
        address_(std::move(address)),
        parser_(listener.limits()),
        capacity_(listener.options().max_header_bytes + kReadChunk),
        buffer_(new char[capacity_]) {}
  ~Connection() { listener_.Closed(this, address_); }

  tcp::socket::executor_type executor() { return socket_.get_executor(); }

  void Start() {
    Arm(Seconds(listener_.options().idle_timeout_seconds));
    Read();
  }
  // Stop(): an idle connection closes now; one with a request under way finishes it first.
  void Drain() {
    if (phase_ == Phase::kIdle && begin_ == end_) Close();
  }
  void ForceClose() { Close(); }

 private:
  enum class Phase { kIdle, kHeader, kBody, kHandling, kWriting, kLingering, kClosed };

  static Clock::time_point Seconds(int seconds) {
    return Clock::now() + std::chrono::seconds(seconds);
  }

  // The phase's deadline; the one timer wait in flight is moved only when it must fire sooner.
  void Arm(Clock::time_point deadline) {
    deadline_ = deadline;
    if (waiting_ && timer_.expiry() <= deadline) return;
    timer_.expires_at(deadline);  // cancels a wait in flight: OnTimer sees it and waits again
    if (waiting_) return;
    waiting_ = true;
    timer_.async_wait([self = shared_from_this()](const error_code&) { self->OnTimer(); });
  }

  void OnTimer() {
    waiting_ = false;
    if (phase_ == Phase::kClosed || phase_ == Phase::kHandling) return;  // Respond() re-arms
    if (Clock::now() < deadline_) {
      Arm(deadline_);
      return;
    }
    switch (phase_) {
      case Phase::kHeader:
        Refuse(ErrorResponse(408, "request_timeout",
                             "request header not complete within " +
                                 std::to_string(listener_.options().read_timeout_seconds) + " s"));
        break;
      case Phase::kBody:
        Refuse(ErrorResponse(408, "request_timeout",
                             "request body not complete within " +
                                 std::to_string(listener_.options().body_timeout_seconds) + " s"));
        break;
      default:
        Close();  // idle, a client not reading its response, or the lingering close is over
        break;
    }
  }

  // An answer the front end gives itself, before any route: counted in /metrics, and the
  // connection closes after it.
  void Refuse(const ApiResponse& refusal) {
    listener_.api().RecordFrontEndRefusal(refusal.status);
    Respond(refusal, false);
  }

  void Read() {
    if (reading_) return;  // one read at a time; the one in flight continues the work
    if (begin_ == end_) begin_ = end_ = 0;
    if (begin_ > 0 && capacity_ - end_ < kReadChunk) {
      std::memmove(buffer_.get(), buffer_.get() + begin_, end_ - begin_);
      end_ -= begin_;
      begin_ = 0;
    }
    if (end_ == capacity_) {  // a header or chunk line that never ends
      Refuse(ErrorResponse(431, "header_too_large",
                           "request header over " +
                               std::to_string(listener_.options().max_header_bytes) + " bytes"));
      return;
    }
    reading_ = true;
    socket_.async_read_some(
        asio::buffer(buffer_.get() + end_, capacity_ - end_),
        [self = shared_from_this()](const error_code& ec, size_t n) { self->OnRead(ec, n); });
  }

  void OnRead(const error_code& ec, size_t n) {
    reading_ = false;
    if (phase_ == Phase::kClosed) return;
    if (ec) {
      Close();
      return;
    }
    end_ += n;
    if (phase_ == Phase::kWriting || phase_ == Phase::kLingering) {
      // Bytes after a 408 or parse error: dropped; Linger() reads on once the answer is out.
      begin_ = end_ = 0;
      if (phase_ == Phase::kLingering) Read();
      return;
    }
    Process();
  }

  // Parses what is buffered: answers a complete or failed request, or reads more.
  void Process() {
    for (;;) {
      const bool had_bytes = end_ > begin_;
      begin_ += parser_.Feed(std::string_view(buffer_.get() + begin_, end_ - begin_));
      const auto state = parser_.state();
      if (state == HttpRequestParser::State::kComplete) {
        const bool keep_alive = parser_.keep_alive();
        Dispatch(parser_.TakeRequest(), keep_alive);
        return;
      }
      if (state == HttpRequestParser::State::kFailed) {
        Refuse(parser_.error());
        return;
      }
      if (phase_ == Phase::kIdle && had_bytes) {
        phase_ = Phase::kHeader;
        Arm(Seconds(listener_.options().read_timeout_seconds));
      }
      if (state == HttpRequestParser::State::kHeaderDone && phase_ != Phase::kBody) {
        phase_ = Phase::kBody;
        Arm(Seconds(listener_.options().body_timeout_seconds));
        if (parser_.expects_continue()) {
          WriteContinue();
          return;
        }
        continue;
      }
      Read();
      return;
    }
  }

  void WriteContinue() {
    static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
    asio::async_write(socket_, asio::buffer(kContinue.data(), kContinue.size()),
                      [self = shared_from_this()](const error_code& ec, size_t) {
                        if (ec) {
                          self->Close();
                          return;
                        }
                        self->Process();
                      });
  }

  void Dispatch(ApiRequest request, bool keep_alive) {
    phase_ = Phase::kHandling;
    request.peer_address = address_;  // per-client rate limits
    head_only_ = request.method == "HEAD";
    // Quick in-memory routes (and every route with --threads 0) are answered on this I/O
    // thread: no hand-off to the pool and back.
    if (listener_.options().threads == 0 || listener_.api().RunsInline(request)) {
      Respond(listener_.api().Handle(std::move(request)), keep_alive);
      return;
    }
    asio::post(listener_.workers(), [self = shared_from_this(), request = std::move(request),
                                     keep_alive]() mutable {
      ApiResponse response = self->listener_.api().Handle(std::move(request));
      asio::post(self->executor(), [self, response = std::move(response), keep_alive]() mutable {
        self->Respond(std::move(response), keep_alive);
      });
    });
  }

  void Respond(ApiResponse response, bool keep_alive) {
    if (phase_ == Phase::kClosed) return;
    keep_alive = keep_alive && !listener_.draining();
    phase_ = Phase::kWriting;
    response_ = std::move(response);
    head_ = ResponseHead(response_, keep_alive);
    const bool body =
        !head_only_ && StatusHasBody(response_.status) && !response_.content_type.empty();
    const std::array<asio::const_buffer, 2> buffers = {
        asio::buffer(head_), asio::buffer(response_.body.data(), body ? response_.body.size() : 0)};
    Arm(Seconds(listener_.options().write_timeout_seconds));
    asio::async_write(socket_, buffers,
                      [self = shared_from_this(), keep_alive](const error_code& ec, size_t) {
                        self->OnWritten(ec, keep_alive);
                      });
  }

  void OnWritten(const error_code& ec, bool keep_alive) {
    if (phase_ == Phase::kClosed) return;
    if (ec) {
      Close();
      return;
    }
    response_ = ApiResponse{};
    head_.clear();
    head_only_ = false;
    if (!keep_alive) {
      Linger();
      return;
    }
    phase_ = Phase::kIdle;
    Arm(Seconds(listener_.options().idle_timeout_seconds));
    if (listener_.draining() && begin_ == end_) {
      Close();
      return;
    }
    Process();  // a pipelined request may be buffered already
  }

  // Ends the connection without losing the answer just written: no more sending, what the client
  // still sends is dropped, until it closes or kLingerTime passes.
  void Linger() {
    phase_ = Phase::kLingering;
    error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_send, ignored);
    Arm(Clock::now() + kLingerTime);
    begin_ = end_ = 0;
    Read();
  }

  void Close() {
    if (phase_ == Phase::kClosed) return;
    phase_ = Phase::kClosed;
    error_code ignored;
    socket_.close(ignored);
    timer_.cancel();
  }

  Listener& listener_;
  tcp::socket socket_;
  asio::steady_timer timer_;
  const std::string address_;
  HttpRequestParser parser_;
  const size_t capacity_;
  std::unique_ptr<char[]> buffer_;
  size_t begin_ = 0, end_ = 0;  // the unparsed bytes in buffer_
  Phase phase_ = Phase::kIdle;
  Clock::time_point deadline_;
  bool waiting_ = false;  // a timer wait is in flight
  bool reading_ = false;  // a read is in flight
  ApiResponse response_;  // kept alive while it is written
  std::string head_;
  bool head_only_ = false;  // a HEAD request: the response's head without its body
};

Status Listener::Bind(int& port) {
  error_code ec;
  asio::ip::address address = asio::ip::make_address(options_.host, ec);
  if (ec) {
    tcp::resolver resolver(ioc_);
    auto results = resolver.resolve(options_.host, "", ec);
    if (ec || results.empty()) {
      return IoError("cannot bind to " + options_.host + ": not an address or a known host name");
    }
    address = results.begin()->endpoint().address();
  }
  const tcp::endpoint endpoint(address, static_cast<unsigned short>(options_.port));
  acceptor_.open(endpoint.protocol(), ec);
  // SO_REUSEADDR only (not SO_REUSEPORT, which would let a second server take half the
  // connections of a port in use).
  if (!ec) acceptor_.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    if (options_.port == 0) return IoError("cannot bind to " + options_.host + " on any port");
    return IoError("cannot bind to " + options_.host + ":" + std::to_string(options_.port) +
                   " (in use, or not an address of this machine); choose another with --port");
  }
  port = acceptor_.local_endpoint().port();
  // Every connection is a descriptor: allow as many as the hard limit lets the caps use.
  rlimit files{};
  if (getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
    files.rlim_cur = files.rlim_max;
    setrlimit(RLIMIT_NOFILE, &files);
  }
  return Status::Ok();
}

void Listener::Run() {
  asio::post(control_, [this] { Accept(); });
  std::vector<std::thread> threads;
  for (int i = 1; i < IoThreads(options_); ++i) threads.emplace_back([this] { ioc_.run(); });
  ioc_.run();
  for (auto& t : threads) t.join();
  workers_.join();
}

void Listener::Accept() {
  acceptor_.async_accept(
      asio::make_strand(ioc_),
      asio::bind_executor(control_, [this](const error_code& ec, tcp::socket socket) {
        OnAccept(ec, std::move(socket));
      }));
}

void Listener::OnAccept(const error_code& ec, tcp::socket socket) {
  if (!acceptor_.is_open()) return;  // draining
  if (ec) {
    // Out of descriptors or the like: wait a little instead of spinning on the error.
    accept_retry_.expires_after(std::chrono::milliseconds(50));
    accept_retry_.async_wait([this](const error_code& wait) {
      if (!wait) Accept();
    });
    return;
  }
  Accept();
  error_code e;
  const tcp::endpoint peer = socket.remote_endpoint(e);
  if (e) return;
  socket.set_option(tcp::no_delay(true), e);
  std::string address = peer.address().to_string();
  if (!limiter_.Acquire(address)) {
    Refuse(std::move(socket), limiter_.from(address) > 0 ? "from your address" : "in all");
    return;
  }
  auto connection = std::make_shared<Connection>(*this, std::move(socket), std::move(address));
  {
    std::lock_guard lock(mu_);
    open_.emplace(connection.get(), connection);
  }
  asio::dispatch(connection->executor(), [connection] { connection->Start(); });
}

void Listener::Refuse(tcp::socket socket, std::string_view why) {
  api_.RecordFrontEndRefusal(503);
  ApiResponse busy =
      ErrorResponse(503, "too_many_connections",
                    "too many open connections " + std::string(why) + "; retry later");
  auto state = std::make_shared<std::pair<tcp::socket, std::string>>(
      std::move(socket), ResponseHead(busy, false) + busy.body);
  asio::async_write(state->first, asio::buffer(state->second), [state](const error_code&, size_t) {
    error_code ignored;
    state->first.shutdown(tcp::socket::shutdown_send, ignored);
    state->first.close(ignored);
  });
}

void Listener::Closed(Connection* connection, const std::string& address) {
  limiter_.Release(address);
  bool drained = false;
  {
    std::lock_guard lock(mu_);
    open_.erase(connection);
    drained = draining_ && open_.empty() && !destroying_;
  }
  if (drained) asio::post(control_, [this] { FinishIfDrained(); });
}

void Listener::BeginDrain() {
  std::vector<std::shared_ptr<Connection>> open;
  {
    std::lock_guard lock(mu_);
    if (draining_) return;
    draining_ = true;
    for (auto& [_, weak] : open_) {
      if (auto c = weak.lock()) open.push_back(std::move(c));
    }
  }
  error_code ignored;
  acceptor_.close(ignored);
  accept_retry_.cancel();
  for (auto& c : open) asio::dispatch(c->executor(), [c] { c->Drain(); });
  drain_timer_.expires_after(std::chrono::seconds(options_.drain_timeout_seconds));
  drain_timer_.async_wait([this](const error_code& ec) {
    if (ec || finished_) return;
    // Requests still in flight after the drain deadline are cut off.
    std::vector<std::shared_ptr<Connection>> left;
    {
      std::lock_guard lock(mu_);
      for (auto& [_, weak] : open_) {
        if (auto c = weak.lock()) left.push_back(std::move(c));
      }
    }
    for (auto& c : left) asio::dispatch(c->executor(), [c] { c->ForceClose(); });
    finished_ = true;
    keep_running_.reset();
    ioc_.stop();
  });
  open.clear();
  FinishIfDrained();
}

void Listener::FinishIfDrained() {
  {
    std::lock_guard lock(mu_);
    if (!draining_ || !open_.empty()) return;
  }
  if (finished_) return;
  finished_ = true;
  drain_timer_.cancel();
  keep_running_.reset();
}

}  // namespace

struct HttpServer::Impl {
  explicit Impl(Api& api, const ServerOptions& options) : listener(api, options) {}
  Listener listener;
};

HttpServer::HttpServer(std::shared_ptr<Impl> impl, int port)
    : impl_(std::move(impl)), port_(port) {}
HttpServer::~HttpServer() = default;

Result<std::unique_ptr<HttpServer>> HttpServer::Bind(Api& api, const ServerOptions& options) {
  auto impl = std::make_shared<Impl>(api, options);
  int port = 0;
  if (Status s = impl->listener.Bind(port); !s.ok()) return s;
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl), port));
}

void HttpServer::Run() { impl_->listener.Run(); }

void HttpServer::Stop() { impl_->listener.Stop(); }

}  // namespace mercato::server
