// Tests of BFGS on smooth functions, with and without bounds.
#include "numeric/bfgs.h"

#include <gtest/gtest.h>

#include <cmath>

namespace mercato {
namespace {

double Rosenbrock(std::span<const double> x, std::span<double> g) {
  const double a = 1 - x[0], b = x[1] - x[0] * x[0];
  g[0] = -2 * a - 400 * x[0] * b;
  g[1] = 200 * b;
  return a * a + 100 * b * b;
}

TEST(Bfgs, FindsTheRosenbrockMinimum) {
  const BfgsResult r = MinimizeBfgs(Rosenbrock, {-1.2, 1.0});
  EXPECT_TRUE(r.converged);
  EXPECT_NEAR(r.x[0], 1.0, 1e-5);
  EXPECT_NEAR(r.x[1], 1.0, 1e-5);
  EXPECT_LT(r.value, 1e-10);
  EXPECT_LT(r.evaluations, 200);
}

TEST(Bfgs, StopsAtAnActiveBound) {
  // min (x-3)^2 + (y+1)^2 within x <= 2, y >= 0: the corner (2, 0).
  auto f = [](std::span<const double> x, std::span<double> g) {
    g[0] = 2 * (x[0] - 3);
    g[1] = 2 * (x[1] + 1);
    return (x[0] - 3) * (x[0] - 3) + (x[1] + 1) * (x[1] + 1);
  };
  BfgsOptions o;
  o.lower = {-10, 0};
  o.upper = {2, 10};
  const BfgsResult r = MinimizeBfgs(f, {0, 5}, o);
  EXPECT_TRUE(r.converged);
  EXPECT_DOUBLE_EQ(r.x[0], 2.0);
  EXPECT_DOUBLE_EQ(r.x[1], 0.0);
}

TEST(Bfgs, NonFiniteValuesAreAvoided) {
  // log barrier: undefined for x <= 0; minimum of x - log(x) at 1.
  auto f = [](std::span<const double> x, std::span<double> g) {
    g[0] = 1 - 1 / x[0];
    return x[0] - std::log(x[0]);
  };
  const BfgsResult r = MinimizeBfgs(f, {5.0});
  EXPECT_TRUE(r.converged);
  EXPECT_NEAR(r.x[0], 1.0, 1e-6);
}

}  // namespace
}  // namespace mercato
