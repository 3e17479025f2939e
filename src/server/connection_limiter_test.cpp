// Connection caps: per address, in all, and slots given back.
#include "server/connection_limiter.h"

#include <gtest/gtest.h>

namespace mercato::server {
namespace {

TEST(ConnectionLimiter, CapsEachAddressWithoutStarvingOthers) {
  ConnectionLimiter limiter(5, 2);
  EXPECT_TRUE(limiter.Acquire("10.0.0.1"));
  EXPECT_TRUE(limiter.Acquire("10.0.0.1"));
  EXPECT_FALSE(limiter.Acquire("10.0.0.1"));
  EXPECT_TRUE(limiter.Acquire("10.0.0.2"));
  EXPECT_EQ(limiter.from("10.0.0.1"), 2u);
  EXPECT_EQ(limiter.total(), 3u);
  limiter.Release("10.0.0.1");
  EXPECT_TRUE(limiter.Acquire("10.0.0.1"));
}

TEST(ConnectionLimiter, CapsTheTotalAndForgetsAddressesWithNoConnections) {
  ConnectionLimiter limiter(3, 0);
  EXPECT_TRUE(limiter.Acquire("a"));
  EXPECT_TRUE(limiter.Acquire("a"));
  EXPECT_TRUE(limiter.Acquire("b"));
  EXPECT_FALSE(limiter.Acquire("c"));
  EXPECT_EQ(limiter.from("c"), 0u);
  limiter.Release("b");
  limiter.Release("never-seen");  // no effect
  EXPECT_EQ(limiter.total(), 2u);
  EXPECT_EQ(limiter.from("b"), 0u);
  EXPECT_TRUE(limiter.Acquire("c"));
}

}  // namespace
}  // namespace mercato::server
