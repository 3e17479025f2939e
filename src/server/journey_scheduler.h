// The journeys on a clock inside the server (`serve --journeys-every`): a background thread runs
// the journeys (app::RunJourneys, on a connection of its own: the journey log, the holdout
// exposures and the outbox in one transaction) every so often, as `mercato journeys run` from
// cron would; a failed run is logged and retried at the next tick.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "app/journey_actions.h"
#include "common/status.h"
#include "common/time.h"

namespace mercato::server {

class JourneyScheduler {
 public:
  /// What the runs did so far.
  struct State {
    int64_t runs = 0, failures = 0;
    int64_t messages = 0;  // enqueued by every run together
    std::optional<Timestamp> last_run;
    std::string last_failure;
  };

  /// Starts the schedule: the first run `every` after now, each next one `every` after the end
  /// of the previous.
  JourneyScheduler(app::JourneyOptions options, std::chrono::seconds every);
  /// Stops the schedule and waits for a run in progress to finish.
  ~JourneyScheduler();
  JourneyScheduler(const JourneyScheduler&) = delete;
  JourneyScheduler& operator=(const JourneyScheduler&) = delete;

  /// One run now, in the calling thread (one at a time), at the clock's time.
  Status RunOnce();
  State state() const;

 private:
  void Loop();

  const app::JourneyOptions options_;
  const std::chrono::seconds every_;
  std::mutex run_mu_;      // one run at a time
  mutable std::mutex mu_;  // guards the fields below
  std::condition_variable cv_;
  bool stopping_ = false;
  State state_;
  std::thread thread_;  // last: started once the rest is set up
};

}  // namespace mercato::server
