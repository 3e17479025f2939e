// Tests of the token buckets: budgets per key, refill, Retry-After, and the bounded map.
#include "server/rate_limiter.h"

#include <gtest/gtest.h>

namespace mercato::server {
namespace {

TEST(RateLimiter, EachKeyHasItsOwnBurstAndRefillsAtTheRate) {
  RateLimiter limiter(/*rate=*/2, /*burst=*/3);
  // A fresh bucket holds the burst: 3 requests at t=0, the 4th is refused.
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.Take("a", 0).allowed) << i;
  const RateLimiter::Decision refused = limiter.Take("a", 0);
  EXPECT_FALSE(refused.allowed);
  EXPECT_DOUBLE_EQ(refused.retry_after_seconds, 0.5);  // one token at 2 per second
  EXPECT_TRUE(limiter.Take("b", 0).allowed);           // another key, another bucket
  // 0.25 s later half a token has come back: still refused, a quarter second to wait.
  EXPECT_DOUBLE_EQ(limiter.Take("a", 0.25).retry_after_seconds, 0.25);
  EXPECT_TRUE(limiter.Take("a", 0.5).allowed);
  EXPECT_FALSE(limiter.Take("a", 0.5).allowed);
}

TEST(RateLimiter, ZeroRateLimitsNothing) {
  RateLimiter limiter(0, 1, 1);
  for (int i = 0; i < 100; ++i) EXPECT_TRUE(limiter.Take("a", 0).allowed);
  EXPECT_EQ(limiter.size(), 0u);
}

TEST(RateLimiter, IdleBucketsAreForgottenOnceFull) {
  RateLimiter limiter(/*rate=*/10, /*burst=*/20);  // any bucket is full 2 s after its last use
  for (int i = 0; i < 1000; ++i) limiter.Take("10.0.0." + std::to_string(i), i * 0.001);
  EXPECT_EQ(limiter.size(), 1000u);
  limiter.Take("late", 3.0);  // every earlier bucket has been idle over 2 s
  EXPECT_EQ(limiter.size(), 1u);
  // A bucket in deficit is kept until it has refilled, so forgetting never grants a token.
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(limiter.Take("busy", 3.0).allowed);
  EXPECT_FALSE(limiter.Take("busy", 3.0).allowed);
  limiter.Take("other", 4.5);
  EXPECT_EQ(limiter.size(), 3u);  // "late" and "busy" idle 1.5 s: kept
  // 1.5 s at 10/s: 15 tokens back, not 20.
  for (int i = 0; i < 15; ++i) ASSERT_TRUE(limiter.Take("busy", 4.5).allowed) << i;
  EXPECT_FALSE(limiter.Take("busy", 4.5).allowed);
  limiter.Take("last", 7.0);
  EXPECT_EQ(limiter.size(), 1u);
}

TEST(RateLimiter, TheMapNeverHoldsMoreThanMaxBuckets) {
  RateLimiter limiter(/*rate=*/1, /*burst=*/5, /*max_buckets=*/100);
  // 100,000 addresses within one second: none refills, so only the cap bounds the map.
  for (int i = 0; i < 100000; ++i) {
    limiter.Take("client-" + std::to_string(i), i * 1e-5);
    ASSERT_LE(limiter.size(), 100u);
  }
  EXPECT_EQ(limiter.size(), 100u);
  // The most recent clients keep their state: client-99999 spent 1 of 5 tokens.
  for (int i = 0; i < 4; ++i) EXPECT_TRUE(limiter.Take("client-99999", 1.0).allowed);
  EXPECT_FALSE(limiter.Take("client-99999", 1.0).allowed);
}

}  // namespace
}  // namespace mercato::server
