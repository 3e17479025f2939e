// Nelder–Mead: minima of known functions, bounds, infeasible regions, budgets, convergence report.
#include "numeric/nelder_mead.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace mercato {
namespace {

NelderMeadOptions Bounded() {
  NelderMeadOptions options;
  options.lower.assign(2, -10.0);
  options.upper.assign(2, 10.0);
  options.x_tolerance = 1e-7;
  options.max_restarts = 6;
  return options;
}

TEST(NelderMead, FindsTheRosenbrockMinimum) {
  auto rosenbrock = [](std::span<const double> x) {
    return 100 * std::pow(x[1] - x[0] * x[0], 2) + std::pow(1 - x[0], 2);
  };
  const NelderMeadResult r = MinimizeNelderMead(rosenbrock, {-1.2, 1.0}, Bounded());
  EXPECT_TRUE(r.converged);
  EXPECT_NEAR(r.x[0], 1.0, 1e-5);
  EXPECT_NEAR(r.x[1], 1.0, 1e-5);
  EXPECT_GT(r.iterations, 0);
  EXPECT_GT(r.evaluations, r.iterations);
}

TEST(NelderMead, StaysWithinBoundsAndSkipsNonFiniteValues) {
  auto f = [](std::span<const double> x) {
    if (x[1] > 2) return std::numeric_limits<double>::quiet_NaN();
    return std::pow(x[0] - 20, 2) + std::pow(x[1] - 3, 2);
  };
  const NelderMeadResult r = MinimizeNelderMead(f, {0.0, 0.0}, Bounded());
  EXPECT_NEAR(r.x[0], 10.0, 1e-6);
  EXPECT_LE(r.x[1], 2.0);
  EXPECT_NEAR(r.x[1], 2.0, 1e-4);
  EXPECT_TRUE(std::isfinite(r.value));
}

TEST(NelderMead, UnboundedWithPerCoordinateStepsAndAnInfeasibleRegion) {
  auto f = [](std::span<const double> x) {
    return x[0] < 0.5 ? std::numeric_limits<double>::infinity() : (x[0] - 0.2) * (x[0] - 0.2);
  };
  NelderMeadOptions options;
  options.steps = {0.1};
  const NelderMeadResult r = MinimizeNelderMead(f, {2.0}, options);
  EXPECT_GE(r.x[0], 0.5);
  EXPECT_NEAR(r.x[0], 0.5, 1e-3);
}

TEST(NelderMead, ReportsNonConvergenceWhenIterationsOrEvaluationsRunOut) {
  auto f = [](std::span<const double> x) { return x[0] * x[0] + x[1] * x[1]; };
  NelderMeadOptions options = Bounded();
  options.max_iterations = 3;
  options.max_restarts = 0;
  NelderMeadResult r = MinimizeNelderMead(f, {5.0, 5.0}, options);
  EXPECT_FALSE(r.converged);
  EXPECT_EQ(r.iterations, 3);
  options = Bounded();
  options.max_evaluations = 20;
  r = MinimizeNelderMead(f, {5.0, 5.0}, options);
  EXPECT_FALSE(r.converged);
  EXPECT_LE(r.evaluations, 20 + 3);  // the step under way finishes
}

}  // namespace
}  // namespace mercato
