// Runs a function over the indexes 0..n on a few threads; each index writes only its own slot,
// so results do not depend on the thread count.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace mercato::forecast {

/// Calls fn(i) for every i in [0, n) on min(threads, n) threads (at least 1), handing out
/// indexes one at a time; returns when all calls are done. fn must not throw.
template <class Fn>
void ParallelFor(size_t n, int threads, const Fn& fn) {
  const size_t workers = std::min(n, static_cast<size_t>(std::max(threads, 1)));
  if (workers <= 1) {
    for (size_t i = 0; i < n; ++i) fn(i);
    return;
  }
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < n; i = next++) fn(i);
  };
  std::vector<std::thread> pool;
  for (size_t w = 1; w < workers; ++w) pool.emplace_back(work);
  work();
  for (std::thread& t : pool) t.join();
}

}  // namespace mercato::forecast
