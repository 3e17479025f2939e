// Token-bucket rate limiting with idle buckets forgotten and a cap on the number held.
#include "server/rate_limiter.h"

#include <algorithm>

namespace mercato::server {

RateLimiter::RateLimiter(double rate, double burst, size_t max_buckets)
    : rate_(std::max(0.0, rate)),
      burst_(std::max(1.0, burst)),
      max_buckets_(std::max<size_t>(1, max_buckets)) {}

void RateLimiter::ForgetIdleLocked(double now) {
  // The least recently used bucket is the one refilled first: drop from the back while full.
  while (!recent_.empty() && (now - recent_.back().updated) * rate_ >= burst_) {
    by_key_.erase(recent_.back().key);
    recent_.pop_back();
  }
}

RateLimiter::Decision RateLimiter::Take(std::string_view key, double now) {
  if (rate_ <= 0) return {};
  std::lock_guard lock(mu_);
  ForgetIdleLocked(now);
  Bucket* b = nullptr;
  if (auto it = by_key_.find(key); it != by_key_.end()) {
    recent_.splice(recent_.begin(), recent_, it->second);
    b = &recent_.front();
    b->tokens = std::min(burst_, b->tokens + std::max(0.0, now - b->updated) * rate_);
  } else {
    if (recent_.size() >= max_buckets_) {
      by_key_.erase(recent_.back().key);
      recent_.pop_back();
    }
    recent_.push_front({std::string(key), burst_, now});
    by_key_.emplace(recent_.front().key, recent_.begin());
    b = &recent_.front();
  }
  b->updated = now;
  if (b->tokens >= 1) {
    b->tokens -= 1;
    return {};
  }
  return {false, (1 - b->tokens) / rate_};
}

RateLimiter::Decision RateLimiter::Take(std::string_view key) {
  const auto since = std::chrono::steady_clock::now().time_since_epoch();
  return Take(key, std::chrono::duration<double>(since).count());
}

size_t RateLimiter::size() const {
  std::lock_guard lock(mu_);
  return recent_.size();
}

}  // namespace mercato::server
