// A server child process and a small blocking HTTP/1.1 client over poll()ed sockets.
#include "cli/serve_test_support.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <fstream>

#include "cli/cli_test_util.h"

namespace mercato::testing {

ServerProcess::ServerProcess(const std::string& args) {
  int out[2];
  if (pipe(out) != 0) return;
  pid_ = fork();
  if (pid_ == 0) {
    dup2(out[1], STDOUT_FILENO);
    close(out[0]);
    close(out[1]);
    const std::string cmd =
        "exec env MERCATO_SHOPIFY_SECRET=hush " + MercatoBinary() + " serve --port 0 " + args;
    execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  close(out[1]);
  out_ = fdopen(out[0], "r");
  char line[512];
  if (out_ && fgets(line, sizeof line, out_)) {
    const std::string first = line;
    const size_t colon = first.find(':', first.find("127.0.0.1"));
    if (colon != std::string::npos) port_ = std::atoi(first.c_str() + colon + 1);
  }
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0 && !waited_) {
    kill(pid_, SIGKILL);
    Wait();
  }
  if (out_) fclose(out_);
}

int ServerProcess::Wait() {
  int raw = 0;
  waitpid(pid_, &raw, 0);
  waited_ = true;
  return WIFEXITED(raw) ? WEXITSTATUS(raw) : -WTERMSIG(raw);
}

long ServerProcess::RssKib() const {
  std::ifstream status("/proc/" + std::to_string(pid_) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
  }
  return 0;
}

std::string ServerProcess::RestOfOutput() {
  std::string rest;
  char buf[512];
  while (out_ && fgets(buf, sizeof buf, out_)) rest += buf;
  return rest;
}

RawConnection::RawConnection(int port, const std::string& source) {
  fd_ = socket(AF_INET, SOCK_STREAM, 0);
  if (fd_ < 0) return;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  if (!source.empty()) {
    inet_pton(AF_INET, source.c_str(), &addr.sin_addr);
    if (bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      Close();
      return;
    }
  }
  addr.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  if (connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) Close();
}

RawConnection::~RawConnection() { Close(); }

void RawConnection::Close() {
  if (fd_ >= 0) close(fd_);
  fd_ = -1;
}

bool RawConnection::Send(std::string_view bytes) {
  while (fd_ >= 0 && !bytes.empty()) {
    const ssize_t n = send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return fd_ >= 0;
}

namespace {

// Reads what is available within the time left; false on timeout, EOF or error.
bool ReadSome(int fd, std::string& into, std::chrono::steady_clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
  pollfd p{fd, POLLIN, 0};
  if (poll(&p, 1, static_cast<int>(std::max<int64_t>(0, left.count()))) <= 0) return false;
  char buf[65536];
  const ssize_t n = recv(fd, buf, sizeof buf, 0);
  if (n <= 0) return false;
  into.append(buf, static_cast<size_t>(n));
  return true;
}

}  // namespace

std::optional<HttpReply> RawConnection::Read(std::chrono::milliseconds timeout, bool head_request) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  size_t head_end;
  while ((head_end = pending_.find("\r\n\r\n")) == std::string::npos) {
    if (fd_ < 0 || !ReadSome(fd_, pending_, deadline)) return std::nullopt;
  }
  HttpReply reply;
  const std::string head = pending_.substr(0, head_end);
  if (head.rfind("HTTP/1.1 ", 0) != 0) return std::nullopt;
  reply.status = std::atoi(head.c_str() + 9);
  size_t line = head.find("\r\n");
  while (line != std::string::npos) {
    const size_t next = head.find("\r\n", line + 2);
    const std::string field =
        head.substr(line + 2, next == std::string::npos ? std::string::npos : next - line - 2);
    const size_t colon = field.find(':');
    if (colon != std::string::npos) {
      std::string name = field.substr(0, colon);
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      reply.headers[name] = field.substr(field.find_first_not_of(' ', colon + 1));
    }
    line = next;
  }
  const auto length = reply.headers.find("content-length");
  const size_t body_size =
      head_request || length == reply.headers.end() ? 0 : std::stoul(length->second);
  while (pending_.size() < head_end + 4 + body_size) {
    if (!ReadSome(fd_, pending_, deadline)) return std::nullopt;
  }
  reply.body = pending_.substr(head_end + 4, body_size);
  pending_.erase(0, head_end + 4 + body_size);
  return reply;
}

bool RawConnection::ClosedWithin(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (fd_ < 0) return true;
    if (left.count() <= 0) return false;
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
    char buf[65536];
    if (recv(fd_, buf, sizeof buf, 0) <= 0) return true;
  }
}

std::string FormatRequest(const std::string& method, const std::string& path,
                          const Headers& headers, const std::string& body) {
  std::string out = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  for (const auto& [name, value] : headers) out += name + ": " + value + "\r\n";
  if (!body.empty() || method == "POST") {
    out += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  return out + "\r\n" + body;
}

std::optional<HttpReply> HttpClient::Send(const std::string& method, const std::string& path,
                                          const Headers& headers, const std::string& body,
                                          const std::string& content_type) {
  Headers all = headers;
  if (!content_type.empty() && (method == "POST" || !body.empty())) {
    all.emplace_back("Content-Type", content_type);
  }
  const std::string request = FormatRequest(method, path, all, body);
  for (int attempt = 0; attempt < 2; ++attempt) {
    const bool reused = connection_ && connection_->connected();
    if (!reused) connection_.emplace(port_);
    if (connection_->Send(request)) {
      auto reply = connection_->Read(std::chrono::seconds(60));
      if (reply) {
        const auto c = reply->headers.find("connection");
        if (c != reply->headers.end() && c->second == "close") connection_.reset();
        return reply;
      }
    }
    connection_.reset();
    if (!reused) break;  // only a kept connection is retried: the server may have closed it
  }
  return std::nullopt;
}

std::optional<HttpReply> HttpClient::Get(const std::string& path, const Headers& headers) {
  return Send("GET", path, headers, "", "");
}

std::optional<HttpReply> HttpClient::Delete(const std::string& path, const Headers& headers) {
  return Send("DELETE", path, headers, "", "");
}

std::optional<HttpReply> HttpClient::Post(const std::string& path, const Headers& headers,
                                          const std::string& body,
                                          const std::string& content_type) {
  return Send("POST", path, headers, body, content_type);
}

void HttpClient::Close() { connection_.reset(); }

}  // namespace mercato::testing
