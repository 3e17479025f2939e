// The exposures of requests served under an experiment, written in the background: the
// recommendation routes (some answered on the I/O threads) only queue a unit's first exposure in
// memory; one thread of the writer's own batches the queue into Store::RecordExposures. The
// store keeps each unit's first exposure (insert-or-ignore), so the first variant and time stick.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_set>
#include <vector>

#include "common/status.h"
#include "common/time.h"
#include "domain/experiment_records.h"

namespace mercato::server {

class ServerContext;

class ExposureWriter {
 public:
  struct Limits {
    size_t queue = 65536;         // exposures waiting to be written; more are dropped and counted
    size_t remembered = 1 << 20;  // (experiment, unit) pairs known to be exposed; forgotten
                                  // all at once beyond this (the store still keeps the first)
  };

  /// Starts the writing thread; writes go through ctx.InTransaction.
  ExposureWriter(ServerContext& ctx, Limits limits);
  /// Stop().
  ~ExposureWriter();
  ExposureWriter(const ExposureWriter&) = delete;
  ExposureWriter& operator=(const ExposureWriter&) = delete;

  /// Queues the first exposure of `unit` to the experiment `experiment_key` in `variant` at
  /// `at`, unless this process queued that pair before. Never reads or writes the store, never
  /// waits for a write: safe on the I/O threads. A full queue drops the exposure (counted in
  /// dropped(); the unit's next request queues it again). Thread-safe.
  void Expose(std::string_view experiment_key, std::string_view unit, std::string_view variant,
              Timestamp at);

  /// Returns once everything queued before the call is written (or failed). Thread-safe.
  void Flush();
  /// Writes what is queued and stops the thread; later exposures are dropped. Idempotent; not
  /// to be called from two threads at once.
  void Stop();

  int64_t written() const;  // exposures the store recorded (first ones)
  int64_t dropped() const;  // exposures not queued (queue full, or stopped)
  int64_t failed() const;   // exposures whose write failed (logged; the unit is queued again
                            // on its next request)

 private:
  struct Pending {
    std::string experiment_key;
    Exposure exposure;
  };
  void Run();
  // Writes `batch` in one transaction, one RecordExposures per experiment; how many the store
  // recorded.
  Result<int64_t> Write(std::vector<Pending>& batch);

  ServerContext& ctx_;
  const Limits limits_;
  mutable std::mutex mu_;
  std::condition_variable wake_;     // the thread: work or stop
  std::condition_variable written_;  // Flush: a batch is done
  std::vector<Pending> queue_;
  std::unordered_set<std::string> remembered_;  // experiment key + '\n' + unit
  uint64_t queued_ = 0;                         // exposures ever queued
  uint64_t done_ = 0;                           // of them, written or failed
  bool stopping_ = false;
  int64_t written_count_ = 0, dropped_ = 0, failed_ = 0;
  std::thread thread_;  // last: started once the rest exists
};

}  // namespace mercato::server
