// Discounted lifetime value: closed forms, discounting, and never a negative value.
#include "customers/clv.h"

#include <gtest/gtest.h>

#include <cmath>

#include "customers/bgnbd.h"

namespace mercato::customers {
namespace {

TEST(Clv, UndiscountedValueIsSpendTimesExpectedPurchases) {
  auto linear = [](double t) { return 0.5 * t; };
  EXPECT_NEAR(DiscountedValue(linear, 20.0, 10.0, 0.0, 10), 20.0 * 5.0, 1e-9);
}

TEST(Clv, DiscountingLowersValue) {
  const BgNbdParams p{0.243, 4.414, 0.793, 2.426};
  const CustomerSummary c{"1", 2, 30.43, 38.86, 22.35};
  auto expected = [&](double t) { return BgNbdExpectedPurchases(p, c, t); };
  const double plain = DiscountedValue(expected, 25.0, 52, 0.0, 52);
  EXPECT_NEAR(plain, 25.0 * BgNbdExpectedPurchases(p, c, 52), 1e-9);
  const double discounted = DiscountedValue(expected, 25.0, 52, 0.002, 52);
  EXPECT_LT(discounted, plain);
  EXPECT_GT(discounted, 0.9 * plain);
}

TEST(Clv, NeverNegative) {
  auto falling = [](double t) { return -t; };
  EXPECT_EQ(DiscountedValue(falling, 10.0, 5.0, 0.1, 5), 0.0);
  auto linear = [](double t) { return t; };
  EXPECT_EQ(DiscountedValue(linear, -3.0, 5.0, 0.1, 5), 0.0);
  EXPECT_EQ(DiscountedValue(linear, 3.0, 0.0, 0.1, 5), 0.0);
  EXPECT_GE(DiscountedValue(linear, 3.0, 5.0, -0.5, 5), 0.0);
}

}  // namespace
}  // namespace mercato::customers
