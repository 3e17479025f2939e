// Responses kept for a while under a key: the planning routes take seconds on a large store and
// their answers change slowly, so repeated calls within the time to live share one computation.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <string>

#include "server/api_types.h"

namespace mercato::server {

class ResponseCache {
 public:
  /// Responses live `ttl_seconds` (0: nothing is kept); at most `capacity` keys, the oldest
  /// response evicted first.
  ResponseCache(double ttl_seconds, size_t capacity);

  /// The response kept for the request's key (method, path and sorted query) when younger than
  /// the time to live, computed at the same `version` (of the data it was computed from; empty
  /// when the caller has none) and the request does not say `Cache-Control: no-cache`; else
  /// `compute`'s, kept when its status is 200. Adds `X-Mercato-Cache: hit|miss` and, on a hit,
  /// `Age`.
  ApiResponse GetOrCompute(const ApiRequest& request, const std::function<ApiResponse()>& compute,
                           const std::string& version = {});

 private:
  using Clock = std::chrono::steady_clock;
  struct Entry {
    Clock::time_point at;
    std::string version;
    ApiResponse response;
  };

  const Clock::duration ttl_;
  const size_t capacity_;
  std::mutex mu_;
  std::map<std::string, Entry> entries_;
};

}  // namespace mercato::server
