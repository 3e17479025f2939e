// The journey scheduler's thread and runs.
#include "server/journey_scheduler.h"

#include <cstdio>
#include <ctime>
#include <utility>

namespace mercato::server {

JourneyScheduler::JourneyScheduler(app::JourneyOptions options, std::chrono::seconds every)
    : options_(std::move(options)), every_(every), thread_([this] { Loop(); }) {}

JourneyScheduler::~JourneyScheduler() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

Status JourneyScheduler::RunOnce() {
  std::lock_guard<std::mutex> run(run_mu_);
  app::JourneyRunOptions run_options;
  run_options.journeys = options_;
  run_options.journeys.as_of.clear();  // the clock's time
  const auto report = app::RunJourneys(run_options);
  std::lock_guard<std::mutex> lock(mu_);
  ++state_.runs;
  state_.last_run = static_cast<Timestamp>(std::time(nullptr));
  if (!report.ok()) {
    ++state_.failures;
    state_.last_failure = report.status().message();
    std::fprintf(stderr, "mercato serve: journeys run failed: %s\n",
                 report.status().message().c_str());
    return report.status();
  }
  state_.messages += report->messages_enqueued;
  return Status::Ok();
}

JourneyScheduler::State JourneyScheduler::state() const {
  std::lock_guard<std::mutex> lock(mu_);
  return state_;
}

void JourneyScheduler::Loop() {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    if (cv_.wait_for(lock, every_, [this] { return stopping_; })) return;
    lock.unlock();
    (void)RunOnce();  // a failure is logged and counted; the next tick retries
    lock.lock();
  }
}

}  // namespace mercato::server
