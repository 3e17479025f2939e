// The outbox's deliverer inside the server (`serve --deliver-every`): a thread of its own, with a
// store connection of its own, that delivers the due messages on a schedule, so the routes never
// wait for a receiver. GET /v1/outbox/stats reports its runs.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "app/outbox_actions.h"
#include "delivery/deliverer.h"
#include "store/store.h"

namespace mercato::server {

class OutboxDeliverer {
 public:
  /// What the runs did so far.
  struct State {
    int64_t runs = 0;
    int64_t failures = 0;
    delivery::DeliveryRound totals;  // summed over every run
    std::optional<Timestamp> last_run;
    std::string last_failure;  // why the last failed run failed ("" when none failed)
  };

  /// Checks the options (sink, sender, secrets: every error actionable), opens its own store
  /// connection, and starts delivering every `every`, the first round at once.
  static Result<std::unique_ptr<OutboxDeliverer>> Start(app::DeliverOutboxOptions options,
                                                        std::chrono::seconds every);
  /// Stops the schedule after the round in progress (each round sends one batch at most).
  ~OutboxDeliverer();
  OutboxDeliverer(const OutboxDeliverer&) = delete;
  OutboxDeliverer& operator=(const OutboxDeliverer&) = delete;

  State state() const;
  std::chrono::seconds every() const { return every_; }

 private:
  OutboxDeliverer(std::unique_ptr<Store> store, std::unique_ptr<delivery::Deliverer> deliverer,
                  std::chrono::seconds every);
  void Loop();
  // One schedule tick: rounds until nothing is due or the server stops.
  void Run();

  std::unique_ptr<Store> store_;
  std::unique_ptr<delivery::Deliverer> deliverer_;
  const std::chrono::seconds every_;
  mutable std::mutex mu_;  // guards the fields below
  std::condition_variable cv_;
  bool stopping_ = false;
  State state_;
  std::thread thread_;  // last: started once the rest is set up
};

}  // namespace mercato::server
