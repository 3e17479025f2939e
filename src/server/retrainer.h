// Scheduled retraining inside the server (`serve --retrain-every`): a background thread trains
// the recommendation models from the store on a schedule (the `train recommend` action, with its
// choice of model per surface), writes them while no erasure or reload can interleave, and
// hot-swaps them through the server's reload. A failed run keeps the served version; /readyz and
// /metrics report every run.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "app/model_actions.h"
#include "common/status.h"
#include "common/time.h"

namespace mercato::server {

class ServerContext;

class Retrainer {
 public:
  /// What the runs did so far.
  struct State {
    int64_t successes = 0;
    int64_t failures = 0;
    std::optional<Timestamp> last_retrain;  // when a run's models were last installed
    std::optional<Timestamp> last_failure_at;
    std::string last_failure;  // why the last failed run failed
    bool running = false;      // a run is training or writing now
  };

  /// Starts the schedule: the first run `every` after now, each next one `every` after the end
  /// of the previous. `ctx` must outlive this.
  Retrainer(ServerContext& ctx, app::TrainRecommendOptions options, std::chrono::seconds every);
  /// Stops the schedule and waits for a run in progress to finish.
  ~Retrainer();
  Retrainer(const Retrainer&) = delete;
  Retrainer& operator=(const Retrainer&) = delete;

  /// One run now, in the calling thread (one run at a time: waits for one in progress): trains,
  /// publishes through ServerContext::Publish, records the outcome and logs a failure.
  Status RunOnce();

  /// No run starts and no artifact is written once this returns. True when the schedule's
  /// thread ended within `grace`; false while a run is still training (training cannot be
  /// interrupted: the destructor waits for it, or the process exits without it).
  bool Stop(std::chrono::milliseconds grace);

  State state() const;
  std::chrono::seconds every() const { return every_; }

 private:
  void Loop();

  ServerContext& ctx_;
  const app::TrainRecommendOptions options_;
  const std::chrono::seconds every_;
  std::mutex run_mu_;      // one run at a time
  std::mutex publish_mu_;  // held while a run writes; Stop waits for it
  mutable std::mutex mu_;  // guards the fields below
  std::condition_variable cv_;
  bool stopping_ = false;
  bool loop_done_ = false;
  State state_;
  std::thread thread_;  // last: started once the rest is set up
};

}  // namespace mercato::server
