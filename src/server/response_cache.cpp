// Time-to-live cache of API responses.
#include "server/response_cache.h"

#include <algorithm>
#include <vector>

namespace mercato::server {
namespace {

std::string KeyOf(const ApiRequest& r) {
  std::vector<std::pair<std::string, std::string>> query = r.query;
  std::sort(query.begin(), query.end());
  std::string key = r.method + ' ' + r.path;
  for (const auto& [name, value] : query) {
    key += '\n' + name + '=' + value;
  }
  return key;
}

}  // namespace

ResponseCache::ResponseCache(double ttl_seconds, size_t capacity)
    : ttl_(std::chrono::duration_cast<Clock::duration>(
          std::chrono::duration<double>(std::max(ttl_seconds, 0.0)))),
      capacity_(capacity) {}

ApiResponse ResponseCache::GetOrCompute(const ApiRequest& request,
                                        const std::function<ApiResponse()>& compute,
                                        const std::string& version) {
  const std::string key = KeyOf(request);
  const bool bypass = request.Header("cache-control").find("no-cache") != std::string_view::npos;
  if (!bypass && ttl_.count() > 0) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = entries_.find(key);
    const Clock::time_point now = Clock::now();
    if (it != entries_.end() && now - it->second.at < ttl_ && it->second.version == version) {
      ApiResponse hit = it->second.response;
      hit.headers.emplace_back("X-Mercato-Cache", "hit");
      const auto age = std::chrono::duration_cast<std::chrono::seconds>(now - it->second.at);
      hit.headers.emplace_back("Age", std::to_string(age.count()));
      return hit;
    }
  }
  // Computed outside the lock: other keys (and hits) are served meanwhile.
  ApiResponse fresh = compute();
  if (fresh.status == 200 && ttl_.count() > 0 && capacity_ > 0) {
    std::lock_guard<std::mutex> lock(mu_);
    const Clock::time_point now = Clock::now();
    std::erase_if(entries_, [&](const auto& e) { return now - e.second.at >= ttl_; });
    if (entries_.size() >= capacity_ && entries_.find(key) == entries_.end()) {
      entries_.erase(
          std::min_element(entries_.begin(), entries_.end(),
                           [](const auto& a, const auto& b) { return a.second.at < b.second.at; }));
    }
    entries_[key] = {now, version, fresh};
  }
  fresh.headers.emplace_back("X-Mercato-Cache", "miss");
  return fresh;
}

}  // namespace mercato::server
