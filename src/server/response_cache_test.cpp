// Tests of the time-to-live response cache: keys, bypass, errors and capacity; stale-while-
// revalidate, the background warm-up, the drop after an erasure, and the answers kept on disk.
#include "server/response_cache.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <mutex>
#include <thread>
#include <vector>

#include "ingest/import_test_util.h"

namespace mercato::server {
namespace {

ApiRequest Get(std::string path, std::vector<std::pair<std::string, std::string>> query = {}) {
  ApiRequest r;
  r.method = "GET";
  r.path = std::move(path);
  r.query = std::move(query);
  return r;
}

ApiResponse Body(int status, std::string body) {
  ApiResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

std::string_view CacheHeader(const ApiResponse& r) { return r.Header("X-Mercato-Cache"); }

// A warm-up of /a that holds the cache's background thread until Release(): Queue() returns once
// it runs, so whatever is queued after it stays queued meanwhile.
class HeldWarmUp {
 public:
  HeldWarmUp() : held_(gate_) {}
  void Queue(ResponseCache& cache) {
    cache.Refresh(
        Get("/a"),
        [this] {
          started_ = true;
          std::lock_guard<std::mutex> wait(gate_);
          ++computed_;
          return Body(200, "a by the warm-up");
        },
        "v1");
    while (!started_) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  void Release() { held_.unlock(); }
  int computed() const { return computed_; }

 private:
  std::mutex gate_;
  std::unique_lock<std::mutex> held_;
  std::atomic<bool> started_ = false;
  std::atomic<int> computed_ = 0;
};

TEST(ResponseCache, TheQuerysOrderIsOneKeyAndAnotherQueryAnother) {
  ResponseCache cache(60, 4);
  int computed = 0;
  const auto compute = [&] { return Body(200, "body " + std::to_string(++computed)); };
  EXPECT_EQ(cache.GetOrRevalidate(Get("/a", {{"x", "1"}, {"y", "2"}}), compute, "v1").body,
            "body 1");
  const ApiResponse hit = cache.GetOrRevalidate(Get("/a", {{"y", "2"}, {"x", "1"}}), compute, "v1");
  EXPECT_EQ(hit.body, "body 1");
  EXPECT_EQ(CacheHeader(hit), "hit");
  EXPECT_EQ(hit.Header("Age"), "0");
  const ApiResponse other = cache.GetOrRevalidate(Get("/a", {{"x", "2"}}), compute, "v1");
  EXPECT_EQ(other.body, "body 2");
  EXPECT_EQ(CacheHeader(other), "miss");
  EXPECT_EQ(computed, 2);
}

TEST(ResponseCache, NoCacheErrorsAndZeroTtlAreComputedEveryTime) {
  ResponseCache cache(60, 4);
  int computed = 0;
  const auto ok = [&] { return Body(200, std::to_string(++computed)); };
  ApiRequest bypass = Get("/a");
  bypass.headers["cache-control"] = "no-cache";
  cache.GetOrRevalidate(Get("/a"), ok, "v1");
  EXPECT_EQ(cache.GetOrRevalidate(bypass, ok, "v1").body, "2");
  EXPECT_EQ(cache.GetOrRevalidate(Get("/a"), ok, "v1").body, "2");  // the fresh one is kept
  // An error is not kept: each caller computes (and sees) its own.
  const auto error = [&] { return Body(400, std::to_string(++computed)); };
  EXPECT_EQ(cache.GetOrRevalidate(Get("/b"), error, "v1").body, "3");
  const ApiResponse again = cache.GetOrRevalidate(Get("/b"), error, "v1");
  EXPECT_EQ(again.body, "4");
  EXPECT_EQ(CacheHeader(again), "miss");
  ResponseCache off(0, 4);
  off.GetOrRevalidate(Get("/a"), ok, "v1");
  EXPECT_EQ(CacheHeader(off.GetOrRevalidate(Get("/a"), ok, "v1")), "miss");
  EXPECT_EQ(computed, 6);
}

TEST(ResponseCache, TheOldestKeyMakesRoomAtCapacity) {
  ResponseCache cache(60, 2);
  int computed = 0;
  const auto compute = [&] { return Body(200, std::to_string(++computed)); };
  cache.GetOrRevalidate(Get("/1"), compute, "v1");
  cache.GetOrRevalidate(Get("/2"), compute, "v1");
  cache.GetOrRevalidate(Get("/3"), compute, "v1");  // evicts /1
  EXPECT_EQ(CacheHeader(cache.GetOrRevalidate(Get("/2"), compute, "v1")), "hit");
  EXPECT_EQ(CacheHeader(cache.GetOrRevalidate(Get("/3"), compute, "v1")), "hit");
  EXPECT_EQ(CacheHeader(cache.GetOrRevalidate(Get("/1"), compute, "v1")), "miss");
}

TEST(ResponseCache, AMovedVersionIsAnsweredStaleThenFreshAfterTheBackgroundRecompute) {
  ResponseCache cache(60, 4);
  std::atomic<int> computed = 0;
  const auto compute = [&] { return Body(200, "body " + std::to_string(++computed)); };
  const ApiResponse first = cache.GetOrRevalidate(Get("/a"), compute, "v1");
  EXPECT_EQ(first.body, "body 1");
  EXPECT_EQ(CacheHeader(first), "miss");
  EXPECT_EQ(CacheHeader(cache.GetOrRevalidate(Get("/a"), compute, "v1")), "hit");
  // The data moved: the last answer at once, marked stale with its age; a new one in the back.
  const ApiResponse stale = cache.GetOrRevalidate(Get("/a"), compute, "v2");
  EXPECT_EQ(stale.body, "body 1");
  EXPECT_EQ(CacheHeader(stale), "stale");
  EXPECT_EQ(stale.Header("Age"), "0");
  cache.WaitIdle();
  EXPECT_EQ(computed, 2);
  const ApiResponse fresh = cache.GetOrRevalidate(Get("/a"), compute, "v2");
  EXPECT_EQ(fresh.body, "body 2");
  EXPECT_EQ(CacheHeader(fresh), "hit");
  // A caller who asks for a fresh answer waits for one.
  ApiRequest bypass = Get("/a");
  bypass.headers["cache-control"] = "no-cache";
  const ApiResponse asked = cache.GetOrRevalidate(bypass, compute, "v3");
  EXPECT_EQ(asked.body, "body 3");
  EXPECT_EQ(CacheHeader(asked), "miss");
  EXPECT_EQ(CacheHeader(cache.GetOrRevalidate(Get("/a"), compute, "v3")), "hit");
}

TEST(ResponseCache, AnExpiredAnswerIsRevalidatedAndErrorsAreNotKept) {
  ResponseCache cache(0.05, 4);
  int computed = 0;
  const auto compute = [&] { return Body(computed++ == 0 ? 200 : 500, "body"); };
  cache.GetOrRevalidate(Get("/a"), compute, "v1");
  std::this_thread::sleep_for(std::chrono::milliseconds(80));
  EXPECT_EQ(CacheHeader(cache.GetOrRevalidate(Get("/a"), compute, "v1")), "stale");
  cache.WaitIdle();
  // The background computation failed: the last good answer stays, still stale.
  const ApiResponse kept = cache.GetOrRevalidate(Get("/a"), compute, "v1");
  EXPECT_EQ(kept.status, 200);
  EXPECT_EQ(CacheHeader(kept), "stale");
  cache.WaitIdle();
  EXPECT_EQ(computed, 3);
}

TEST(ResponseCache, AWarmUpFillsTheCacheAndACallerWaitsForItInsteadOfComputingAgain) {
  ResponseCache cache(60, 4);
  std::atomic<int> computed = 0;
  std::atomic<bool> started = false;
  std::mutex gate;
  std::unique_lock<std::mutex> held(gate);
  const auto slow = [&] {
    started = true;
    std::lock_guard<std::mutex> wait(gate);  // runs once the test lets it
    return Body(200, "warm " + std::to_string(++computed));
  };
  cache.Refresh(Get("/a"), slow, "v1");
  cache.Refresh(Get("/a"), slow, "v1");  // already queued: not queued again
  // Asked once the warm-up runs (a key only queued is the caller's to compute: next test).
  while (!started) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  std::thread caller([&] {
    const ApiResponse r = cache.GetOrRevalidate(
        Get("/a"), [&] { return Body(200, "computed by the caller"); }, "v1");
    EXPECT_EQ(r.body, "warm 1");
    EXPECT_EQ(CacheHeader(r), "hit");
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  held.unlock();
  caller.join();
  cache.WaitIdle();
  EXPECT_EQ(computed, 1);
  EXPECT_EQ(CacheHeader(cache.GetOrRevalidate(Get("/a"), slow, "v1")), "hit");
  ResponseCache off(0, 4);
  off.Refresh(Get("/a"), slow, "v1");  // a time to live of 0 keeps nothing: no warm-up
  off.WaitIdle();
  EXPECT_EQ(computed, 1);
}

// A page only queued behind another warm-up is not waited for: the caller takes it off the
// queue and computes it at once, and the background thread does not compute it again.
TEST(ResponseCache, ACallerComputesAKeyOnlyQueuedBehindOtherWarmUpsAtOnce) {
  ResponseCache cache(60, 4);
  HeldWarmUp a;
  a.Queue(cache);
  std::atomic<int> b_in_background = 0;
  cache.Refresh(
      Get("/b"),
      [&] {
        ++b_in_background;
        return Body(200, "b by the warm-up");
      },
      "v1");
  // /a holds the background thread; /b is only queued: computed here while /a still runs.
  const ApiResponse b = cache.GetOrRevalidate(
      Get("/b"), [&] { return Body(200, "b by the caller"); }, "v1");
  EXPECT_EQ(b.body, "b by the caller");
  EXPECT_EQ(CacheHeader(b), "miss");
  EXPECT_EQ(a.computed(), 0);
  a.Release();
  cache.WaitIdle();
  EXPECT_EQ(a.computed(), 1);
  EXPECT_EQ(b_in_background, 0);  // /b left the queue
  const auto again = [] { return Body(200, "again"); };
  EXPECT_EQ(cache.GetOrRevalidate(Get("/b"), again, "v1").body, "b by the caller");
  EXPECT_EQ(cache.GetOrRevalidate(Get("/a"), again, "v1").body, "a by the warm-up");
}

// Cache-Control: only-if-cached never computes: it waits for a queued warm-up rather than take
// it off the queue, and without anything kept or coming it is 504.
TEST(ResponseCache, OnlyIfCachedWaitsForTheWarmUpAndNeverComputes) {
  ResponseCache cache(60, 4);
  HeldWarmUp a;
  a.Queue(cache);
  cache.Refresh(
      Get("/b"), [&] { return Body(200, "b by the warm-up"); }, "v1");
  ApiRequest b = Get("/b");
  b.headers["cache-control"] = "only-if-cached";
  std::thread release([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    a.Release();
  });
  const ApiResponse queued = cache.GetOrRevalidate(
      b, [&] { return Body(200, "b by the caller"); }, "v1");
  release.join();
  EXPECT_EQ(queued.body, "b by the warm-up");
  EXPECT_EQ(CacheHeader(queued), "hit");
  ApiRequest c = Get("/c");
  c.headers["cache-control"] = "only-if-cached";
  const ApiResponse none = cache.GetOrRevalidate(
      c, [&] { return Body(200, "c"); }, "v1");
  EXPECT_EQ(none.status, 504);
  EXPECT_NE(none.body.find("not_cached"), std::string::npos);
  ResponseCache off(0, 4);
  EXPECT_EQ(off.GetOrRevalidate(
                   c, [&] { return Body(200, "c"); }, "v1")
                .status,
            504);
}

// Single flight: callers who ask for the same key at once, with nothing kept, share one
// computation (counted), whoever started it.
TEST(ResponseCache, ConcurrentCallersOfAnUnkeptKeyShareOneComputation) {
  ResponseCache cache(60, 4);
  std::atomic<int> computed = 0;
  std::mutex gate;
  std::unique_lock<std::mutex> held(gate);
  const auto slow = [&] {
    std::lock_guard<std::mutex> wait(gate);
    return Body(200, "answer " + std::to_string(++computed));
  };
  std::vector<std::thread> callers;
  std::vector<std::string> bodies(4);
  for (size_t i = 0; i < bodies.size(); ++i) {
    callers.emplace_back([&, i] {
      bodies[i] = cache.GetOrRevalidate(Get("/a", {{"periods", "7"}}), slow, "v1").body;
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(50));  // let them all ask
  held.unlock();
  for (std::thread& t : callers) t.join();
  EXPECT_EQ(computed, 1);
  for (const std::string& body : bodies) EXPECT_EQ(body, "answer 1");
  EXPECT_EQ(CacheHeader(cache.GetOrRevalidate(Get("/a", {{"periods", "7"}}), slow, "v1")), "hit");
  EXPECT_EQ(computed, 1);
}

// An erasure drops every kept answer: none is answered again, not even stale; a computation that
// was running keeps nothing (it read the store before), and one only queued never runs.
TEST(ResponseCache, DropForgetsTheKeptAnswersAndWhatRunningComputationsReturn) {
  ResponseCache cache(60, 4);
  const auto before = [] { return Body(200, "before"); };
  ASSERT_EQ(cache.GetOrRevalidate(Get("/kept"), before, "v1").body, "before");
  HeldWarmUp a;
  a.Queue(cache);  // /a runs, held
  std::atomic<int> queued_ran = 0;
  cache.Refresh(
      Get("/queued"),
      [&] {
        ++queued_ran;
        return Body(200, "queued");
      },
      "v1");
  cache.Drop();
  a.Release();
  cache.WaitIdle();
  EXPECT_EQ(a.computed(), 1);
  EXPECT_EQ(queued_ran, 0);
  const auto after = [] { return Body(200, "after"); };
  const ApiResponse kept = cache.GetOrRevalidate(Get("/kept"), after, "v1");
  EXPECT_EQ(kept.body, "after");
  EXPECT_EQ(CacheHeader(kept), "miss");
  const ApiResponse ran = cache.GetOrRevalidate(Get("/a"), after, "v1");
  EXPECT_EQ(ran.body, "after");
  EXPECT_EQ(CacheHeader(ran), "miss");
  EXPECT_EQ(CacheHeader(cache.GetOrRevalidate(Get("/queued"), after, "v1")), "miss");
  // What is computed after the drop is kept as before.
  EXPECT_EQ(CacheHeader(cache.GetOrRevalidate(Get("/kept"), before, "v1")), "hit");
}

TEST(ResponseCache, ARestartAnswersTheKeptResponsesStaleAndRevalidatesThem) {
  const std::string dir = mercato::testing::FreshDir() + "/kept";
  const auto first = [] {
    ApiResponse r = Body(200, "first");
    r.content_type = "text/csv";
    r.headers.emplace_back("Content-Disposition", "attachment; filename=\"a.csv\"");
    return r;
  };
  {
    ResponseCache cache(60, 4, dir);
    EXPECT_EQ(cache.GetOrRevalidate(Get("/a", {{"x", "1"}}), first, "v1").body, "first");
    cache.GetOrRevalidate(
        Get("/b"), [] { return Body(500, "failed"); }, "v1");  // not kept
  }
  ResponseCache restarted(60, 4, dir);
  std::atomic<int> computed = 0;
  const auto second = [&] {
    ++computed;
    return Body(200, "second");
  };
  // At once, without computing; the same version string says nothing after a restart (the data
  // may have moved while the server was down), so it is stale and revalidated.
  const ApiResponse stale = restarted.GetOrRevalidate(Get("/a", {{"x", "1"}}), second, "v1");
  EXPECT_EQ(stale.body, "first");
  EXPECT_EQ(CacheHeader(stale), "stale");
  EXPECT_EQ(stale.content_type, "text/csv");
  EXPECT_EQ(stale.Header("Content-Disposition"), "attachment; filename=\"a.csv\"");
  EXPECT_GE(std::stoi(std::string(stale.Header("Age"))), 60);  // at least the time to live
  restarted.WaitIdle();
  EXPECT_EQ(computed, 1);
  EXPECT_EQ(CacheHeader(restarted.GetOrRevalidate(Get("/a", {{"x", "1"}}), second, "v1")), "hit");
  EXPECT_EQ(CacheHeader(restarted.GetOrRevalidate(Get("/b"), second, "v1")), "miss");
  // What the second server kept replaced the first's on disk.
  ResponseCache third(60, 4, dir);
  EXPECT_EQ(third.GetOrRevalidate(Get("/a", {{"x", "1"}}), second, "v1").body, "second");
}

TEST(ResponseCache, EvictionAndDropRemoveTheFilesToo) {
  const std::string dir = mercato::testing::FreshDir() + "/kept";
  int computed = 0;
  const auto compute = [&] { return Body(200, std::to_string(++computed)); };
  {
    ResponseCache cache(60, 2, dir);
    cache.GetOrRevalidate(Get("/1"), compute, "v1");
    cache.GetOrRevalidate(Get("/2"), compute, "v1");
    cache.GetOrRevalidate(Get("/3"), compute, "v1");  // evicts /1, and its file
  }
  {
    ResponseCache restarted(60, 4, dir);
    EXPECT_EQ(CacheHeader(restarted.GetOrRevalidate(Get("/2"), compute, "v1")), "stale");
    EXPECT_EQ(CacheHeader(restarted.GetOrRevalidate(Get("/3"), compute, "v1")), "stale");
    EXPECT_EQ(CacheHeader(restarted.GetOrRevalidate(Get("/1"), compute, "v1")), "miss");
    restarted.WaitIdle();
    restarted.Drop();
    EXPECT_FALSE(std::filesystem::exists(dir));
  }
  ResponseCache after_drop(60, 4, dir);
  EXPECT_EQ(CacheHeader(after_drop.GetOrRevalidate(Get("/2"), compute, "v1")), "miss");
  // Nothing is written with a time to live of 0.
  const std::string off_dir = mercato::testing::FreshDir() + "/off";
  ResponseCache off(0, 4, off_dir);
  off.GetOrRevalidate(Get("/a"), compute, "v1");
  EXPECT_FALSE(std::filesystem::exists(off_dir));
}

}  // namespace
}  // namespace mercato::server
