// The background writer of served exposures: a bounded queue in memory, one thread that writes
// whatever has gathered in one transaction, and the set of pairs already queued.
#include "server/exposure_writer.h"

#include <algorithm>
#include <iostream>
#include <map>
#include <span>

#include "server/server_context.h"

namespace mercato::server {
namespace {

std::string PairKey(std::string_view experiment_key, std::string_view unit) {
  std::string key;
  key.reserve(experiment_key.size() + 1 + unit.size());
  key.append(experiment_key);
  key.push_back('\n');
  key.append(unit);
  return key;
}

}  // namespace

ExposureWriter::ExposureWriter(ServerContext& ctx, Limits limits)
    : ctx_(ctx), limits_(limits), thread_([this] { Run(); }) {}

ExposureWriter::~ExposureWriter() { Stop(); }

void ExposureWriter::Expose(std::string_view experiment_key, std::string_view unit,
                            std::string_view variant, Timestamp at) {
  std::string pair = PairKey(experiment_key, unit);
  {
    std::lock_guard lock(mu_);
    if (remembered_.contains(pair)) return;
    if (stopping_ || queue_.size() >= limits_.queue) {
      ++dropped_;
      return;
    }
    if (remembered_.size() >= limits_.remembered) remembered_.clear();
    remembered_.insert(std::move(pair));
    queue_.push_back(
        {std::string(experiment_key), Exposure{std::string(unit), std::string(variant), at}});
    ++queued_;
  }
  wake_.notify_one();
}

void ExposureWriter::Flush() {
  std::unique_lock lock(mu_);
  const uint64_t target = queued_;
  written_.wait(lock, [&] { return done_ >= target; });
}

void ExposureWriter::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

int64_t ExposureWriter::written() const {
  std::lock_guard lock(mu_);
  return written_count_;
}

int64_t ExposureWriter::dropped() const {
  std::lock_guard lock(mu_);
  return dropped_;
}

int64_t ExposureWriter::failed() const {
  std::lock_guard lock(mu_);
  return failed_;
}

void ExposureWriter::Run() {
  std::unique_lock lock(mu_);
  for (;;) {
    wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and everything is written
    std::vector<Pending> batch;
    batch.swap(queue_);
    lock.unlock();
    Result<int64_t> written = Write(batch);
    lock.lock();
    if (written.ok()) {
      written_count_ += *written;
    } else {
      // Not written: each unit's next request queues it again.
      failed_ += static_cast<int64_t>(batch.size());
      for (const Pending& p : batch) remembered_.erase(PairKey(p.experiment_key, p.exposure.unit));
    }
    done_ += batch.size();
    written_.notify_all();
  }
}

Result<int64_t> ExposureWriter::Write(std::vector<Pending>& batch) {
  // One RecordExposures per experiment, in the order the exposures were queued (the store keeps
  // the first of a unit).
  std::stable_sort(batch.begin(), batch.end(), [](const Pending& a, const Pending& b) {
    return a.experiment_key < b.experiment_key;
  });
  int64_t written = 0;
  const Status status = ctx_.InTransaction([&](Store& store) -> Status {
    std::vector<Exposure> exposures;
    for (size_t begin = 0; begin < batch.size();) {
      size_t end = begin;
      exposures.clear();
      while (end < batch.size() && batch[end].experiment_key == batch[begin].experiment_key) {
        exposures.push_back(batch[end].exposure);
        ++end;
      }
      ASSIGN_OR_RETURN(int64_t n, store.RecordExposures(batch[begin].experiment_key, exposures));
      written += n;
      begin = end;
    }
    return Status::Ok();
  });
  if (!status.ok()) {
    std::cerr << "mercato serve: " << batch.size()
              << " experiment exposures not written: " << status.message() << "\n";
    return status;
  }
  return written;
}

}  // namespace mercato::server
