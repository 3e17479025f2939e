// Time-to-live cache of API responses.
#include "server/response_cache.h"

#include <algorithm>
#include <ctime>
#include <vector>

#include "server/kept_responses.h"

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

ResponseCache::ResponseCache(double ttl_seconds, size_t capacity, std::string dir)
    : ttl_(std::chrono::duration_cast<Clock::duration>(
          std::chrono::duration<double>(std::max(ttl_seconds, 0.0)))),
      capacity_(capacity),
      dir_(ttl_.count() > 0 && capacity > 0 ? std::move(dir) : std::string()) {
  if (dir_.empty()) return;
  std::vector<KeptResponse> kept = LoadKeptResponses(dir_);  // oldest first
  const size_t skip = kept.size() > capacity_ ? kept.size() - capacity_ : 0;
  const Clock::time_point now = Clock::now();
  const Timestamp wall = std::time(nullptr);
  for (size_t i = 0; i < kept.size(); ++i) {
    if (i < skip) {
      (void)RemoveKeptResponse(dir_, kept[i].key);  // left over from a larger capacity
      continue;
    }
    // Computed before the start, perhaps on other data: older than the time to live, so the
    // first call is answered stale and revalidates it.
    const Clock::duration age = std::max<Clock::duration>(
        std::chrono::seconds(std::max<Timestamp>(wall - kept[i].computed_at, 0)), ttl_);
    entries_[kept[i].key] = {now - age, std::move(kept[i].version), std::move(kept[i].response)};
  }
}

ResponseCache::~ResponseCache() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
    queue_.clear();
  }
  wake_.notify_all();
  if (worker_.joinable()) worker_.join();
}

std::optional<std::string> ResponseCache::KeepLocked(const std::string& key,
                                                     const std::string& version,
                                                     const ApiResponse& response) {
  std::optional<std::string> evicted;
  if (entries_.size() >= capacity_ && entries_.find(key) == entries_.end()) {
    const auto oldest =
        std::min_element(entries_.begin(), entries_.end(),
                         [](const auto& a, const auto& b) { return a.second.at < b.second.at; });
    evicted = oldest->first;
    entries_.erase(oldest);
  }
  entries_[key] = {Clock::now(), version, response};
  return evicted;
}

void ResponseCache::Persist(const std::string& key, const std::string& version,
                            const ApiResponse& response, const std::optional<std::string>& evicted,
                            uint64_t generation) {
  if (dir_.empty()) return;
  // Files are written one at a time, outside mu_ (a slow disk must not hold the answers up). A
  // Drop (an erasure) moves the generation under mu_ before it takes persist_mu_ to remove the
  // folder: a write either sees the new generation here and is skipped, or ends before that
  // removal.
  std::lock_guard<std::mutex> files(persist_mu_);
  if (Generation() != generation) return;
  if (evicted) (void)RemoveKeptResponse(dir_, *evicted);
  // A failed write is not an error of the request: the answer is served and kept in memory; only
  // a restart will compute it again.
  (void)SaveKeptResponse(dir_, {key, version, std::time(nullptr), response});
}

ApiResponse ResponseCache::GetOrRevalidate(const ApiRequest& request,
                                           std::function<ApiResponse()> compute,
                                           const std::string& version) {
  const std::string key = KeyOf(request);
  // RFC 9111's only-if-cached: a kept answer or one queued or being computed, else 504.
  const bool only_cached =
      request.Header("cache-control").find("only-if-cached") != std::string_view::npos;
  const bool bypass = request.Header("cache-control").find("no-cache") != std::string_view::npos;
  if (bypass || ((ttl_.count() == 0 || capacity_ == 0) && !only_cached)) {
    const uint64_t generation = Generation();
    ApiResponse fresh = compute();
    if (fresh.status == 200 && ttl_.count() > 0 && capacity_ > 0) {
      std::unique_lock<std::mutex> lock(mu_);
      if (generation == generation_) {
        const std::optional<std::string> evicted = KeepLocked(key, version, fresh);
        lock.unlock();
        Persist(key, version, fresh, evicted, generation);
      }
    }
    fresh.headers.emplace_back("X-Mercato-Cache", "miss");
    return fresh;
  }
  std::unique_lock<std::mutex> lock(mu_);
  // Single flight: a key being computed (a warm-up, another caller) is waited for rather than
  // computed twice. A key only queued behind other warm-ups is taken off the queue and computed
  // here at once (unless only-if-cached): the caller does not wait for pages nobody asked for.
  bool taken = false;
  while (entries_.count(key) == 0 && pending_.count(key) > 0) {
    const auto queued =
        std::find_if(queue_.begin(), queue_.end(), [&](const Job& job) { return job.key == key; });
    if (queued != queue_.end() && !only_cached) {
      queue_.erase(queued);
      taken = true;
      break;
    }
    idle_.wait(lock);
  }
  auto it = taken ? entries_.end() : entries_.find(key);
  if (it != entries_.end()) {
    const Clock::time_point now = Clock::now();
    const bool fresh = now - it->second.at < ttl_ && it->second.version == version;
    ApiResponse kept = it->second.response;
    kept.headers.emplace_back("X-Mercato-Cache", fresh ? "hit" : "stale");
    const auto age = std::chrono::duration_cast<std::chrono::seconds>(now - it->second.at);
    kept.headers.emplace_back("Age", std::to_string(age.count()));
    if (!fresh) {
      lock.unlock();
      Refresh(request, std::move(compute), version);
    }
    return kept;
  }
  if (only_cached) {
    lock.unlock();
    ApiResponse none = ErrorResponse(
        504, "not_cached", "nothing kept for this request (Cache-Control: only-if-cached)");
    none.headers.emplace_back("X-Mercato-Cache", "miss");
    return none;
  }
  // Nothing kept and nobody computing it (or its computation failed, or it was only queued):
  // this caller computes it, and the callers asking meanwhile wait for the answer.
  pending_.insert(key);  // already there when taken off the queue
  const uint64_t generation = generation_;
  lock.unlock();
  ApiResponse fresh;
  try {
    fresh = compute();
  } catch (...) {  // a broken invariant: the waiting callers must not wait forever
    lock.lock();
    pending_.erase(key);
    lock.unlock();
    idle_.notify_all();
    throw;
  }
  lock.lock();
  if (fresh.status == 200 && generation == generation_) {
    const std::optional<std::string> evicted = KeepLocked(key, version, fresh);
    lock.unlock();
    Persist(key, version, fresh, evicted, generation);  // still pending: WaitIdle waits for it
    lock.lock();
  }
  pending_.erase(key);
  lock.unlock();
  idle_.notify_all();
  fresh.headers.emplace_back("X-Mercato-Cache", "miss");
  return fresh;
}

void ResponseCache::Refresh(const ApiRequest& request, std::function<ApiResponse()> compute,
                            const std::string& version) {
  if (ttl_.count() == 0 || capacity_ == 0) return;
  std::string key = KeyOf(request);
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_ || !pending_.insert(key).second) return;
    queue_.push_back({std::move(key), version, std::move(compute), generation_});
    if (!worker_.joinable()) worker_ = std::thread([this] { RunBackground(); });
  }
  wake_.notify_one();
}

void ResponseCache::WaitIdle() {
  std::unique_lock<std::mutex> lock(mu_);
  idle_.wait(lock, [&] { return pending_.empty(); });
}

uint64_t ResponseCache::Generation() {
  std::lock_guard<std::mutex> lock(mu_);
  return generation_;
}

void ResponseCache::Drop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    ++generation_;
    entries_.clear();
    for (const Job& job : queue_) pending_.erase(job.key);
    queue_.clear();
  }
  idle_.notify_all();  // callers waiting for a dropped job compute their own
  if (!dir_.empty()) {
    // The files too: none may be read back by the next start. (An erasure removes them itself
    // first and fails when it cannot; this removes what was written in between.)
    std::lock_guard<std::mutex> files(persist_mu_);
    (void)RemoveKeptResponses(dir_);
  }
}

void ResponseCache::RunBackground() {
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (stopping_) break;
    Job job = std::move(queue_.front());
    queue_.pop_front();
    lock.unlock();
    const ApiResponse response = job.compute();
    lock.lock();
    if (response.status == 200 && job.generation == generation_) {
      const std::optional<std::string> evicted = KeepLocked(job.key, job.version, response);
      lock.unlock();
      Persist(job.key, job.version, response, evicted, job.generation);
      lock.lock();
    }
    pending_.erase(job.key);
    idle_.notify_all();
  }
  // Dropped jobs are no longer pending: nobody waits for them.
  pending_.clear();
  idle_.notify_all();
}

}  // namespace mercato::server
