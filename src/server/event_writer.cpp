// Group commit of event batches (leader and followers: the first waiting request writes the
// group, so no thread of its own is needed).
#include "server/event_writer.h"

namespace mercato::server {

Result<std::vector<Store::EventWrite>> EventWriter::Write(std::span<const Event> events) {
  Pending mine;
  mine.events = events;
  std::unique_lock lock(mu_);
  queue_.push_back(&mine);
  written_.wait(lock, [&] { return mine.done || !writing_; });
  if (!mine.done) {
    // No group is being written and ours waits: write every waiting batch, ours among them.
    std::vector<Pending*> group;
    group.swap(queue_);
    writing_ = true;
    lock.unlock();
    WriteGroup(group);
    lock.lock();
    for (Pending* p : group) p->done = true;
    writing_ = false;
    written_.notify_all();
  }
  if (!mine.status.ok()) return mine.status;
  return std::move(mine.outcomes);
}

void EventWriter::WriteGroup(const std::vector<Pending*>& group) {
  const Status status = ctx_.InTransaction([&](Store& store) -> Status {
    for (Pending* p : group) {
      ASSIGN_OR_RETURN(p->outcomes, store.InsertEvents(p->events));
    }
    return Status::Ok();
  });
  for (Pending* p : group) p->status = status;
}

}  // namespace mercato::server
