// Token buckets by key (an admin API key, a client address, a customer): each key may make
// `rate` requests per second on average, in bursts of up to `burst`; over that, requests are
// refused with the time until the next token. Memory is bounded: a bucket idle long enough to
// be full again is forgotten (a fresh one is the same), and past `max_buckets` the least
// recently used one goes.
#pragma once

#include <chrono>
#include <list>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace mercato::server {

class RateLimiter {
 public:
  static constexpr size_t kDefaultMaxBuckets = 100000;

  /// `rate` tokens per second (0: no limit), bucket size `burst` (at least 1), at most
  /// `max_buckets` (at least 1) buckets held at once.
  RateLimiter(double rate, double burst, size_t max_buckets = kDefaultMaxBuckets);

  struct Decision {
    bool allowed = true;
    double retry_after_seconds = 0;  // when refused
  };
  /// Takes a token from `key`'s bucket at time `now` (seconds, monotonic).
  Decision Take(std::string_view key, double now);
  /// The same, at the steady clock's now.
  Decision Take(std::string_view key);

  /// Buckets held now (for /metrics): those not refilled yet, never more than max_buckets.
  size_t size() const;

 private:
  struct Bucket {
    std::string key;
    double tokens = 0;
    double updated = 0;
  };
  void ForgetIdleLocked(double now);

  double rate_, burst_;
  size_t max_buckets_;
  mutable std::mutex mu_;
  std::list<Bucket> recent_;  // most recently used first
  std::unordered_map<std::string_view, std::list<Bucket>::iterator> by_key_;  // keys in recent_
};

}  // namespace mercato::server
