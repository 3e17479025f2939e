// Responses kept for a while under a key: the planning and dashboard routes take seconds on a
// large store and their answers change slowly, so repeated calls within the time to live share
// one computation. The answers are revalidated in the background (a page never waits on a live
// store), warmed up before anyone asks, one computation at a time, and optionally kept on disk,
// so that a restart answers at once too.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>

#include "server/api_types.h"

namespace mercato::server {

class ResponseCache {
 public:
  /// Responses live `ttl_seconds` (0: nothing is kept); at most `capacity` keys, the oldest
  /// response evicted first. With a `dir`, every response kept is also written there
  /// (server/kept_responses.h) and removed with its eviction, and the cache starts with the
  /// responses written there before (the newest `capacity`) as older than the time to live:
  /// answered `stale` at once, with their true `Age`, and revalidated.
  ResponseCache(double ttl_seconds, size_t capacity, std::string dir = {});
  /// Waits for the background computation running, if any; those queued are dropped.
  ~ResponseCache();
  ResponseCache(const ResponseCache&) = delete;
  ResponseCache& operator=(const ResponseCache&) = delete;

  /// Stale-while-revalidate. The kept response when computed at `version` and younger than the
  /// time to live (`X-Mercato-Cache: hit`, `Age`). A kept response computed at another version
  /// or older than that is answered at once (`stale`, `Age`) and `compute` queued on the
  /// background thread (Refresh): the next call after it finished gets the new one. Without a
  /// kept response, one computation per key at a time (single flight): when the key is being
  /// computed (a warm-up, another caller), its result, waited for (`hit`); else `compute`'s in
  /// the caller's thread (`miss`), which the callers of the key meanwhile wait for (a failed one
  /// is not kept: each waiting caller then computes its own). A key only queued for the
  /// background thread is taken off its queue and computed in the caller's thread (`miss`).
  /// `Cache-Control: only-if-cached` never computes: the kept response, or the result of the
  /// key's queued or running computation, waited for; else 504 `not_cached`.
  /// `Cache-Control: no-cache` computes in the caller's thread. A time to live of 0 keeps
  /// nothing: every call computes.
  ApiResponse GetOrRevalidate(const ApiRequest& request, std::function<ApiResponse()> compute,
                              const std::string& version);

  /// Queues `compute` at `version` for `request`'s key on the cache's background thread, which
  /// runs one computation at a time and keeps a 200 answer. A key already queued or running is
  /// not queued again. Nothing happens with a time to live of 0.
  void Refresh(const ApiRequest& request, std::function<ApiResponse()> compute,
               const std::string& version);

  /// Waits until nothing is queued or being computed.
  void WaitIdle();

  /// Forgets every kept response (on disk too) and the queued computations; those running
  /// finish, but what they computed is not kept (it may hold what was true before, an erased
  /// customer). Callers waiting for one then compute their own.
  void Drop();

 private:
  using Clock = std::chrono::steady_clock;
  struct Entry {
    Clock::time_point at;
    std::string version;
    ApiResponse response;
  };
  struct Job {
    std::string key, version;
    std::function<ApiResponse()> compute;
    uint64_t generation = 0;  // generation_ when queued
  };

  // Keeps `response` under `key` in memory, making room: the oldest at capacity, whose key it
  // returns (its file is Persist's to remove).
  std::optional<std::string> KeepLocked(const std::string& key, const std::string& version,
                                        const ApiResponse& response);
  // Writes what KeepLocked kept into dir_ (removing the evicted key's file), unless a Drop came
  // after `generation`. Called without mu_.
  void Persist(const std::string& key, const std::string& version, const ApiResponse& response,
               const std::optional<std::string>& evicted, uint64_t generation);
  void RunBackground();
  uint64_t Generation();  // generation_, under the lock

  const Clock::duration ttl_;
  const size_t capacity_;
  const std::string dir_;  // where kept responses are also written; empty: nowhere
  std::mutex persist_mu_;  // held while a file of dir_ is written or removed
  std::mutex mu_;
  std::map<std::string, Entry> entries_;
  // The background thread (started with the first Refresh), its queue and the keys queued or
  // being computed (in the background or by a caller); `idle_` is signalled whenever a
  // computation of a pending key ends.
  std::deque<Job> queue_;
  std::set<std::string> pending_;
  uint64_t generation_ = 0;  // moved by Drop: a computation started before is not kept
  std::condition_variable wake_, idle_;
  bool stopping_ = false;
  std::thread worker_;
};

}  // namespace mercato::server
