// What the store keeps of the journeys (issue 18): the journey log, one row per thing that
// happened to one entry of one customer into one journey — the entry, each step (messaged, or
// withheld because the customer is in the journey's holdout) and the exit.
#pragma once

#include <cstdint>
#include <string>

#include "common/time.h"

namespace mercato {

/// One row of the journey log. (journey_id, customer_id, entry_id, step) is its key: a row is
/// written once and never changes, so re-running a decision writes nothing twice.
struct JourneyLogRecord {
  /// `step` of the entry row and of the exit row; a step row has the step's index (0, 1, ...).
  static constexpr int32_t kEnterStep = -1;
  static constexpr int32_t kExitStep = 1 << 30;

  std::string journey_id;  // e.g. "cart_recovery"
  std::string customer_id;
  std::string entry_id;  // what started the entry: a cart id, an order id; one entry per value
  int32_t step = kEnterStep;
  Timestamp at = 0;
  bool holdout = false;  // the customer is in the journey's holdout: entered, never messaged
  /// The entry: what triggered it; a step: the message id (empty for the holdout); the exit: the
  /// reason ("purchase", "opt_out", "preempted", "completed").
  std::string detail;
};

}  // namespace mercato
