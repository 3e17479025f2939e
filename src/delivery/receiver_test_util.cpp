// The loopback receiver: an accept thread and one thread per connection, parsing just enough
// HTTP/1.1 (request line, headers, Content-Length body) to answer and count.
#include "delivery/receiver_test_util.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace mercato::delivery::testing {
namespace {

std::string LowerCase(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool SendAll(int fd, const std::string& data) {
  size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::send(fd, data.data() + done, data.size() - done, MSG_NOSIGNAL);
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

}  // namespace

Receiver::Receiver() { Listen(); }

Receiver::~Receiver() {
  GoDown();
  std::vector<std::thread> threads;
  {
    std::lock_guard lock(mu_);
    threads.swap(threads_);
  }
  for (std::thread& t : threads) t.join();
}

void Receiver::Listen() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  const int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port_));
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 || ::listen(fd, 128) != 0) {
    ::close(fd);
    throw std::runtime_error("receiver: cannot listen on 127.0.0.1:" + std::to_string(port_));
  }
  socklen_t len = sizeof(addr);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  std::lock_guard lock(mu_);
  listen_fd_ = fd;
  acceptor_ = std::thread([this, fd] { AcceptLoop(fd); });
}

void Receiver::GoDown() {
  std::thread acceptor;
  {
    std::lock_guard lock(mu_);
    if (listen_fd_ >= 0) {
      ::shutdown(listen_fd_, SHUT_RDWR);  // wakes accept()
    }
    for (int fd : connections_) ::shutdown(fd, SHUT_RDWR);
    acceptor.swap(acceptor_);
  }
  if (acceptor.joinable()) acceptor.join();
  std::lock_guard lock(mu_);
  if (listen_fd_ >= 0) ::close(listen_fd_);
  listen_fd_ = -1;
}

void Receiver::ComeBack() { Listen(); }

void Receiver::OnRequest(std::function<void(int64_t)> hook) {
  std::lock_guard lock(mu_);
  hook_ = std::move(hook);
}

std::map<std::string, int> Receiver::Deliveries() const {
  std::lock_guard lock(mu_);
  return deliveries_;
}

std::map<std::string, std::string> Receiver::last_headers() const {
  std::lock_guard lock(mu_);
  return last_headers_;
}

std::string Receiver::last_body() const {
  std::lock_guard lock(mu_);
  return last_body_;
}

void Receiver::AcceptLoop(int listen_fd) {
  for (;;) {
    const int fd = ::accept4(listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) return;  // shut down
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    std::lock_guard lock(mu_);
    connections_.push_back(fd);
    threads_.emplace_back([this, fd] { Serve(fd); });
  }
}

void Receiver::Serve(int fd) {
  std::string buffer;
  while (ServeOne(fd, buffer)) {
  }
  std::lock_guard lock(mu_);
  connections_.erase(std::remove(connections_.begin(), connections_.end(), fd), connections_.end());
  ::close(fd);
}

bool Receiver::ServeOne(int fd, std::string& buffer) {
  char chunk[16384];
  size_t header_end;
  while ((header_end = buffer.find("\r\n\r\n")) == std::string::npos) {
    const ssize_t n = ::recv(fd, chunk, sizeof(chunk), 0);
    if (n <= 0) return false;
    buffer.append(chunk, static_cast<size_t>(n));
  }
  std::map<std::string, std::string> headers;
  size_t pos = buffer.find("\r\n") + 2;
  while (pos < header_end) {
    const size_t eol = buffer.find("\r\n", pos);
    const std::string line = buffer.substr(pos, eol - pos);
    const size_t colon = line.find(':');
    if (colon != std::string::npos) {
      size_t v = colon + 1;
      while (v < line.size() && line[v] == ' ') ++v;
      headers[LowerCase(line.substr(0, colon))] = line.substr(v);
    }
    pos = eol + 2;
  }
  const size_t length = headers.count("content-length") ? std::stoul(headers["content-length"]) : 0;
  while (buffer.size() < header_end + 4 + length) {
    const ssize_t n = ::recv(fd, chunk, sizeof(chunk), 0);
    if (n <= 0) return false;
    buffer.append(chunk, static_cast<size_t>(n));
  }
  std::string body = buffer.substr(header_end + 4, length);
  buffer.erase(0, header_end + 4 + length);
  const int64_t n = ++requests_;
  std::function<void(int64_t)> hook;
  {
    std::lock_guard lock(mu_);
    hook = hook_;
  }
  if (hook) hook(n);
  const Mode mode = mode_;
  const bool up = mode == Mode::kUp;
  if (up) {
    std::lock_guard lock(mu_);
    ++deliveries_[headers["idempotency-key"]];
    last_headers_ = std::move(headers);
    last_body_ = std::move(body);
  }
  return SendAll(fd, up ? "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
                     : mode == Mode::kUnavailable
                         ? "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 4\r\n\r\nbusy"
                         : "HTTP/1.1 400 Bad Request\r\nContent-Length: 11\r\n\r\nbad address");
}

}  // namespace mercato::delivery::testing
