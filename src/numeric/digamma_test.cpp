// Tests of the digamma function against known values and the recurrence.
#include "numeric/digamma.h"

#include <gtest/gtest.h>

#include <cmath>

namespace mercato {
namespace {

TEST(Digamma, KnownValues) {
  constexpr double kEulerGamma = 0.57721566490153286;
  EXPECT_NEAR(Digamma(1.0), -kEulerGamma, 1e-13);
  EXPECT_NEAR(Digamma(0.5), -kEulerGamma - 2 * std::log(2.0), 1e-13);
  EXPECT_NEAR(Digamma(10.0), 2.251752589066721, 1e-13);
  EXPECT_NEAR(Digamma(1e-3), -1000.5755719318103, 1e-9);
  EXPECT_NEAR(Digamma(250.5), std::log(250.5) - 1 / (2 * 250.5) - 1 / (12 * 250.5 * 250.5), 1e-9);
  EXPECT_TRUE(std::isnan(Digamma(0.0)));
}

TEST(Digamma, MatchesTheDerivativeOfLogGamma) {
  for (double x : {0.03, 0.7, 2.5, 7.25, 40.0}) {
    const double h = 1e-6 * x;
    const double numeric = (std::lgamma(x + h) - std::lgamma(x - h)) / (2 * h);
    EXPECT_NEAR(Digamma(x), numeric, 1e-6 * (1 + std::abs(numeric))) << x;
  }
}

}  // namespace
}  // namespace mercato
