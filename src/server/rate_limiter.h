// Per-key token buckets: each API key may make `rate` requests per second on average, in bursts
// of up to `burst`; over that, requests are refused with the time until the next token.
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace mercato::server {

class RateLimiter {
 public:
  /// `rate` tokens per second (0: no limit), bucket size `burst` (at least 1).
  RateLimiter(double rate, double burst);

  struct Decision {
    bool allowed = true;
    double retry_after_seconds = 0;  // when refused
  };
  /// Takes a token from `key`'s bucket at time `now` (seconds, monotonic).
  Decision Take(std::string_view key, double now);
  /// The same, at the steady clock's now.
  Decision Take(std::string_view key);

 private:
  struct Bucket {
    double tokens = 0;
    double updated = 0;
  };
  double rate_, burst_;
  std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace mercato::server
