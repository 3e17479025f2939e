// 2F1 against closed forms, in both the direct and the Euler-transformed branches.
#include "customers/hypergeometric.h"

#include <gtest/gtest.h>

#include <cmath>

namespace mercato::customers {
namespace {

TEST(Hypergeometric, MatchesClosedForms) {
  for (double z : {0.0, 0.1, 0.5, 0.9, 0.999}) {
    // 2F1(1, 1; 2; z) = -log(1 - z) / z (direct series).
    const double log_expected = z == 0 ? 0.0 : std::log(-std::log1p(-z) / z);
    EXPECT_NEAR(LogHyp2F1(1, 1, 2, z), log_expected, 1e-10) << z;
    // 2F1(a, b; b; z) = (1 - z)^(-a) (Euler branch: c - a - b = -a < 0).
    EXPECT_NEAR(LogHyp2F1(2.5, 3, 3, z), -2.5 * std::log1p(-z), 1e-10) << z;
  }
}

TEST(Hypergeometric, LargeArgumentsDoNotOverflow) {
  // 2F1(a, b; b; z) with a large: the direct series grows far beyond double range at first.
  const double v = LogHyp2F1(400, 3, 3 + 1e-9, 0.95);
  EXPECT_TRUE(std::isfinite(v));
  EXPECT_NEAR(v, -400 * std::log1p(-0.95), 1e-4 * std::abs(v));
}

}  // namespace
}  // namespace mercato::customers
