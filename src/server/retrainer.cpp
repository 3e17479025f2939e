// The retraining schedule's thread, one run, and stopping it.
#include "server/retrainer.h"

#include <ctime>
#include <iostream>

#include "server/server_context.h"

namespace mercato::server {

Retrainer::Retrainer(ServerContext& ctx, app::TrainRecommendOptions options,
                     std::chrono::seconds every)
    : ctx_(ctx), options_(std::move(options)), every_(every), thread_([this] { Loop(); }) {}

Retrainer::~Retrainer() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();  // after a run in progress: it cannot be interrupted
}

void Retrainer::Loop() {
  std::unique_lock lock(mu_);
  while (!cv_.wait_for(lock, every_, [this] { return stopping_; })) {
    lock.unlock();
    (void)RunOnce();  // recorded and logged there
    lock.lock();
  }
  loop_done_ = true;
  cv_.notify_all();
}

Status Retrainer::RunOnce() {
  std::lock_guard run(run_mu_);
  {
    std::lock_guard lock(mu_);
    if (stopping_) return FailedPrecondition("the server is stopping");
    state_.running = true;
  }
  bool stopped = false;
  const Status result = [&]() -> Status {
    ASSIGN_OR_RETURN(app::PendingTraining pending, app::TrainRecommendersInMemory(options_));
    std::lock_guard publish(publish_mu_);
    {
      std::lock_guard lock(mu_);
      stopped = stopping_;
    }
    if (stopped) return FailedPrecondition("the server stopped before the models were written");
    return ctx_.Publish([&](Store& store) {
      return app::WritePendingTraining(store, std::move(pending)).status();
    });
  }();
  const auto now = static_cast<Timestamp>(std::time(nullptr));
  std::lock_guard lock(mu_);
  state_.running = false;
  if (stopped) return result;
  if (result.ok()) {
    ++state_.successes;
    state_.last_retrain = now;
  } else {
    ++state_.failures;
    state_.last_failure_at = now;
    state_.last_failure = result.message();
    std::cerr << "mercato serve: retraining failed, still serving the models loaded before: "
              << result.message() << "\n";
  }
  return result;
}

bool Retrainer::Stop(std::chrono::milliseconds grace) {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  { std::lock_guard publishing(publish_mu_); }  // a run writing now finishes; none starts after
  std::unique_lock lock(mu_);
  const bool done = cv_.wait_for(lock, grace, [this] { return loop_done_; });
  lock.unlock();
  if (done && thread_.joinable()) thread_.join();
  return done;
}

Retrainer::State Retrainer::state() const {
  std::lock_guard lock(mu_);
  return state_;
}

}  // namespace mercato::server
