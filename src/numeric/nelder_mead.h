// Derivative-free minimization: Nelder–Mead, optionally within box bounds, optionally restarted
// until a run stops improving. Deterministic. Used by every model fit by maximum likelihood.
#pragma once

#include <functional>
#include <limits>
#include <span>
#include <vector>

namespace mercato {

struct NelderMeadOptions {
  /// Simplex iterations allowed per run.
  int max_iterations = 4000;
  /// Objective evaluations allowed over all runs; 0 for no limit.
  int max_evaluations = 0;
  /// Further runs started afresh from the best point, until one no longer improves.
  int max_restarts = 0;
  /// A run has converged when the objective spread over the simplex is at most
  /// `f_tolerance * (1 + |best|)` and every vertex is within `x_tolerance` of the best.
  double f_tolerance = 1e-12;
  double x_tolerance = std::numeric_limits<double>::infinity();
  /// Edge of the initial simplex of each run along each coordinate; `steps`, when it has one
  /// entry per coordinate, gives them one by one.
  double initial_step = 0.5;
  std::vector<double> steps;
  /// Box bounds, one entry per coordinate (proposals are clamped); empty for none.
  std::vector<double> lower, upper;
};

struct NelderMeadResult {
  std::vector<double> x;
  double value = 0.0;
  int iterations = 0;   // over all runs
  int evaluations = 0;  // over all runs
  int restarts = 0;
  /// The last run met the tolerances, restarting no longer improved, and the value is finite.
  bool converged = false;
};

using Objective = std::function<double(std::span<const double>)>;

/// Minimizes `f` from `start`. A non-finite objective value counts as +infinity.
NelderMeadResult MinimizeNelderMead(const Objective& f, std::vector<double> start,
                                    const NelderMeadOptions& options = {});

}  // namespace mercato
