// A webhook receiver on loopback for the deliverer's tests and bench: HTTP/1.1 with keep-alive,
// counting what arrives under each Idempotency-Key, and able to be down (connection refused),
// unavailable (503) or up on demand.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace mercato::delivery::testing {

class Receiver {
 public:
  enum class Mode { kUp, kUnavailable, kRejecting };

  /// Listens on 127.0.0.1 at an ephemeral port.
  Receiver();
  /// Stops listening and waits for the connections to end.
  ~Receiver();
  Receiver(const Receiver&) = delete;
  Receiver& operator=(const Receiver&) = delete;

  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/hook"; }

  /// kUp answers 200, kUnavailable 503, kRejecting 400 (those two count nothing as received).
  void SetMode(Mode mode) { mode_ = mode; }
  /// Down: the listening socket is closed and open connections are cut, so a sender gets
  /// "connection refused". Up again: listens on the same port.
  void GoDown();
  void ComeBack();

  /// Called with the number of requests received so far, before each is answered (a test kills
  /// a deliverer from here, mid-batch).
  void OnRequest(std::function<void(int64_t)> hook);

  /// Requests answered 200, by Idempotency-Key ("" when the header was missing).
  std::map<std::string, int> Deliveries() const;
  /// Every request that reached the receiver, whatever its answer.
  int64_t requests() const { return requests_; }
  /// The headers (names in lower case) and body of the last request answered 200.
  std::map<std::string, std::string> last_headers() const;
  std::string last_body() const;

 private:
  void Listen();
  void AcceptLoop(int listen_fd);
  void Serve(int fd);
  // Reads and answers one request; false when the connection ended.
  bool ServeOne(int fd, std::string& buffer);

  int port_ = 0;
  std::atomic<Mode> mode_{Mode::kUp};
  std::atomic<int64_t> requests_{0};
  mutable std::mutex mu_;
  int listen_fd_ = -1;
  std::vector<int> connections_;
  std::vector<std::thread> threads_;
  std::thread acceptor_;
  std::function<void(int64_t)> hook_;
  std::map<std::string, int> deliveries_;
  std::map<std::string, std::string> last_headers_;
  std::string last_body_;
};

}  // namespace mercato::delivery::testing
