// Caps on open connections: one for the whole server and one per client address, so many
// slow or idle connections from one address cannot take every slot from other clients.
#pragma once

#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

namespace mercato::server {

class ConnectionLimiter {
 public:
  /// 0 for either cap: no limit of that kind.
  ConnectionLimiter(size_t max_total, size_t max_per_address);

  /// Takes a slot for a connection from `address`; false (nothing taken) when the server or
  /// that address is at its cap. Thread-safe.
  bool Acquire(const std::string& address);
  /// Gives back a slot taken by Acquire(address). Thread-safe.
  void Release(const std::string& address);

  /// Open connections in all, and from one address.
  size_t total() const;
  size_t from(const std::string& address) const;

 private:
  const size_t max_total_;
  const size_t max_per_address_;
  mutable std::mutex mu_;
  size_t total_ = 0;
  std::unordered_map<std::string, size_t> per_address_;
};

}  // namespace mercato::server
