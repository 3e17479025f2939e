// Quasi-Newton minimization (BFGS) for smooth objectives with an analytic gradient, within box
// bounds. Deterministic. Used where Nelder–Mead needs too many evaluations (large data).
#pragma once

#include <functional>
#include <span>
#include <vector>

namespace mercato {

struct BfgsOptions {
  int max_iterations = 200;
  /// Converged when the projected gradient's largest component is at most this...
  double gradient_tolerance = 1e-8;
  /// ...or when an iteration improves the value by less than `f_tolerance * (1 + |f|)`.
  double f_tolerance = 1e-14;
  /// Box bounds, one entry per coordinate; empty for none.
  std::vector<double> lower, upper;
};

struct BfgsResult {
  std::vector<double> x;
  double value = 0.0;
  int iterations = 0;
  int evaluations = 0;
  bool converged = false;
};

/// Objective that returns f(x) and writes the gradient into `gradient` (same size as x).
/// A non-finite value counts as +infinity (the line search backs off).
using GradientObjective =
    std::function<double(std::span<const double> x, std::span<double> gradient)>;

/// Minimizes `f` from `start` by BFGS with a backtracking (Armijo) line search, projecting every
/// step onto the bounds; components at a bound with the gradient pushing outwards count as
/// converged.
BfgsResult MinimizeBfgs(const GradientObjective& f, std::vector<double> start,
                        const BfgsOptions& options = {});

}  // namespace mercato
