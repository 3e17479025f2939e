// Tests of the backoff: its doubling, its cap, its jitter's bounds and spread, and the limit.
#include "delivery/retry_policy.h"

#include <gtest/gtest.h>

#include <set>

namespace mercato::delivery {
namespace {

TEST(RetryPolicy, BackoffDoublesUpToTheCapWithAtMostHalfTakenOffByJitter) {
  const RetryPolicy p{30, 3600, 12};
  // Attempt k waits 30 * 2^(k-1) s capped at 3600, less a jitter in [0, half): attempt 1 in
  // (15, 30], attempt 4 (240 s) in (120, 240], attempt 8 (3840 -> 3600) in (1800, 3600].
  const struct {
    int attempts;
    int64_t low, high;  // exclusive, inclusive
  } cases[] = {{1, 15, 30}, {2, 30, 60}, {4, 120, 240}, {8, 1800, 3600}, {40, 1800, 3600}};
  for (const auto& c : cases) {
    for (int i = 0; i < 50; ++i) {
      const std::string id = "m" + std::to_string(i);
      const Timestamp at = NextAttemptAt(p, id, c.attempts, 1000);
      EXPECT_GT(at - 1000, c.low) << id << " attempt " << c.attempts;
      EXPECT_LE(at - 1000, c.high) << id << " attempt " << c.attempts;
    }
  }
}

TEST(RetryPolicy, JitterIsDeterministicPerMessageAndSpreadsMessages) {
  const RetryPolicy p{600, 3600, 12};
  EXPECT_EQ(NextAttemptAt(p, "m1", 1, 0), NextAttemptAt(p, "m1", 1, 0));
  std::set<Timestamp> times;
  for (int i = 0; i < 100; ++i) times.insert(NextAttemptAt(p, "m" + std::to_string(i), 1, 0));
  // 100 messages over the 300 possible delays of (300, 600]: far more than a handful distinct.
  EXPECT_GT(times.size(), 50u);
}

TEST(RetryPolicy, AShortDelayIsStillInTheFuture) {
  const RetryPolicy p{1, 1, 1};
  EXPECT_EQ(NextAttemptAt(p, "m", 1, 5), 6);  // 1 s less a jitter of int(share * 0.5) = 0
}

TEST(RetryPolicy, AttemptsRunOutAtTheLimit) {
  const RetryPolicy p{30, 3600, 3};
  EXPECT_FALSE(AttemptsExhausted(p, 2));
  EXPECT_TRUE(AttemptsExhausted(p, 3));
}

TEST(RetryPolicy, BadPoliciesAreRefusedSayingWhich) {
  EXPECT_TRUE(CheckRetryPolicy({30, 3600, 12}).ok());
  EXPECT_NE(CheckRetryPolicy({0, 3600, 12}).message().find("retry base"), std::string::npos);
  EXPECT_NE(CheckRetryPolicy({60, 30, 12}).message().find("retry max"), std::string::npos);
  EXPECT_NE(CheckRetryPolicy({30, 3600, 0}).message().find("max attempts"), std::string::npos);
}

}  // namespace
}  // namespace mercato::delivery
