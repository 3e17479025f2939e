// A mutex-guarded count per address; the map holds only addresses with open connections.
#include "server/connection_limiter.h"

namespace mercato::server {

ConnectionLimiter::ConnectionLimiter(size_t max_total, size_t max_per_address)
    : max_total_(max_total), max_per_address_(max_per_address) {}

bool ConnectionLimiter::Acquire(const std::string& address) {
  std::lock_guard lock(mu_);
  if (max_total_ > 0 && total_ >= max_total_) return false;
  size_t& count = per_address_[address];  // a new address starts at 0, which is under any cap
  if (max_per_address_ > 0 && count >= max_per_address_) return false;
  ++count;
  ++total_;
  return true;
}

void ConnectionLimiter::Release(const std::string& address) {
  std::lock_guard lock(mu_);
  auto it = per_address_.find(address);
  if (it == per_address_.end()) return;
  --total_;
  if (--it->second == 0) per_address_.erase(it);
}

size_t ConnectionLimiter::total() const {
  std::lock_guard lock(mu_);
  return total_;
}

size_t ConnectionLimiter::from(const std::string& address) const {
  std::lock_guard lock(mu_);
  auto it = per_address_.find(address);
  return it == per_address_.end() ? 0 : it->second;
}

}  // namespace mercato::server
