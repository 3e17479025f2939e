// Group commit for POST /v1/events: the batches of concurrent requests are written in one store
// transaction, so the commit (the write-ahead log append) is paid once per group, not once per
// request, and each request is answered after its own batch is committed.
#pragma once

#include <condition_variable>
#include <mutex>
#include <span>
#include <vector>

#include "server/server_context.h"

namespace mercato::server {

class EventWriter {
 public:
  explicit EventWriter(ServerContext& ctx) : ctx_(ctx) {}

  /// Writes `events` insert-only (Store::InsertEvents: one outcome per event) and returns once
  /// the transaction holding them is committed: with the store's WAL and synchronous=NORMAL,
  /// committed events survive a crash of the process (an operating-system crash or power loss
  /// may lose the last commits). Batches that arrive while a group is being written wait and go
  /// together into the next group; the first of them writes it. A failed group writes nothing
  /// and every request in it gets the error. Thread-safe.
  Result<std::vector<Store::EventWrite>> Write(std::span<const Event> events);

 private:
  struct Pending {
    std::span<const Event> events;
    Status status;
    std::vector<Store::EventWrite> outcomes;
    bool done = false;
  };
  // Writes every batch of `group` in one transaction; sets each one's status and outcomes.
  void WriteGroup(const std::vector<Pending*>& group);

  ServerContext& ctx_;
  std::mutex mu_;
  std::condition_variable written_;
  std::vector<Pending*> queue_;  // waiting for the next group
  bool writing_ = false;         // a group is being written
};

}  // namespace mercato::server
