// Exponential backoff with deterministic jitter.
#include "delivery/retry_policy.h"

#include <algorithm>
#include <functional>
#include <string>

namespace mercato::delivery {

Status CheckRetryPolicy(const RetryPolicy& policy) {
  if (policy.base_seconds < 1) {
    return InvalidArgument("retry base: expected at least 1 second, got " +
                           std::to_string(policy.base_seconds));
  }
  if (policy.max_seconds < policy.base_seconds) {
    return InvalidArgument("retry max: expected at least the base (" +
                           std::to_string(policy.base_seconds) + " s), got " +
                           std::to_string(policy.max_seconds));
  }
  if (policy.max_attempts < 1) {
    return InvalidArgument("max attempts: expected at least 1, got " +
                           std::to_string(policy.max_attempts));
  }
  return Status::Ok();
}

Timestamp NextAttemptAt(const RetryPolicy& policy, std::string_view id, int attempts,
                        Timestamp now) {
  int64_t delay = policy.base_seconds;
  for (int i = 1; i < attempts && delay < policy.max_seconds; ++i) delay *= 2;
  delay = std::min(delay, policy.max_seconds);
  // SplitMix64's finalizer spreads the hash of (id, attempts) over 64 bits.
  uint64_t h = std::hash<std::string_view>{}(id) ^ (static_cast<uint64_t>(attempts) << 32);
  h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ULL;
  h = (h ^ (h >> 27)) * 0x94d049bb133111ebULL;
  h ^= h >> 31;
  const double share = static_cast<double>(h >> 11) / static_cast<double>(1ULL << 53);  // [0, 1)
  const int64_t jitter = static_cast<int64_t>(share * static_cast<double>(delay) / 2.0);
  return now + std::max<int64_t>(1, delay - jitter);
}

}  // namespace mercato::delivery
