// Token-bucket rate limiting.
#include "server/rate_limiter.h"

#include <algorithm>

namespace mercato::server {

RateLimiter::RateLimiter(double rate, double burst)
    : rate_(std::max(0.0, rate)), burst_(std::max(1.0, burst)) {}

RateLimiter::Decision RateLimiter::Take(std::string_view key, double now) {
  if (rate_ <= 0) return {};
  std::lock_guard lock(mu_);
  auto [it, fresh] = buckets_.try_emplace(std::string(key));
  Bucket& b = it->second;
  if (fresh) {
    b.tokens = burst_;
  } else {
    b.tokens = std::min(burst_, b.tokens + (now - b.updated) * rate_);
  }
  b.updated = now;
  if (b.tokens >= 1) {
    b.tokens -= 1;
    return {};
  }
  return {false, (1 - b.tokens) / rate_};
}

RateLimiter::Decision RateLimiter::Take(std::string_view key) {
  const auto since = std::chrono::steady_clock::now().time_since_epoch();
  return Take(key, std::chrono::duration<double>(since).count());
}

}  // namespace mercato::server
