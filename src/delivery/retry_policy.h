// When the deliverer tries a message again after a failure: exponential backoff with jitter, and
// the attempt after which a message is a dead letter.
#pragma once

#include <cstdint>
#include <string_view>

#include "common/status.h"
#include "common/time.h"

namespace mercato::delivery {

struct RetryPolicy {
  int64_t base_seconds = 30;       // the delay after the first failed attempt
  int64_t max_seconds = 6 * 3600;  // no delay is longer
  int max_attempts = 12;           // a message failing this many attempts is dead
};

/// Ok, or InvalidArgument naming the option: base_seconds >= 1, max_seconds >= base_seconds,
/// max_attempts >= 1.
Status CheckRetryPolicy(const RetryPolicy& policy);

/// When to try the message `id` again after its attempt number `attempts` (1 for the first)
/// failed at `now`: the backoff base_seconds * 2^(attempts - 1), capped at max_seconds, of which
/// a share in [0, 1/2) is taken off by jitter, so that messages that failed together do not all
/// come back together. The jitter is a hash of (id, attempts): the same failure gives the same
/// time, different messages spread. Always later than `now`.
Timestamp NextAttemptAt(const RetryPolicy& policy, std::string_view id, int attempts,
                        Timestamp now);

/// Whether a message whose attempt number `attempts` failed is dead (no attempt is left).
inline bool AttemptsExhausted(const RetryPolicy& policy, int attempts) {
  return attempts >= policy.max_attempts;
}

}  // namespace mercato::delivery
