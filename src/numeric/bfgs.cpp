// BFGS with an inverse-Hessian update, Armijo backtracking and box projection.
#include "numeric/bfgs.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace mercato {
namespace {

void Project(std::vector<double>& x, const BfgsOptions& o) {
  for (size_t i = 0; i < x.size(); ++i) {
    if (!o.lower.empty()) x[i] = std::max(x[i], o.lower[i]);
    if (!o.upper.empty()) x[i] = std::min(x[i], o.upper[i]);
  }
}

// Largest gradient component that could still move x inside the box.
double ProjectedGradientNorm(const std::vector<double>& x, const std::vector<double>& g,
                             const BfgsOptions& o) {
  double norm = 0.0;
  for (size_t i = 0; i < x.size(); ++i) {
    const bool at_lower = !o.lower.empty() && x[i] <= o.lower[i] && g[i] > 0;
    const bool at_upper = !o.upper.empty() && x[i] >= o.upper[i] && g[i] < 0;
    if (!at_lower && !at_upper) norm = std::max(norm, std::abs(g[i]));
  }
  return norm;
}

}  // namespace

BfgsResult MinimizeBfgs(const GradientObjective& f, std::vector<double> start,
                        const BfgsOptions& options) {
  const size_t n = start.size();
  BfgsResult result;
  Project(start, options);
  std::vector<double> x = std::move(start), g(n), x_new(n), g_new(n), dir(n), s(n), y(n);
  auto eval = [&](const std::vector<double>& at, std::vector<double>& grad) {
    ++result.evaluations;
    const double v = f(at, grad);
    return std::isfinite(v) ? v : std::numeric_limits<double>::infinity();
  };
  double fx = eval(x, g);
  // Inverse Hessian approximation, row-major; starts as the identity.
  std::vector<double> h(n * n, 0.0);
  for (size_t i = 0; i < n; ++i) h[i * n + i] = 1.0;

  for (; result.iterations < options.max_iterations; ++result.iterations) {
    if (!std::isfinite(fx)) break;
    if (ProjectedGradientNorm(x, g, options) <= options.gradient_tolerance) {
      result.converged = true;
      break;
    }
    for (size_t i = 0; i < n; ++i) {
      dir[i] = 0.0;
      for (size_t j = 0; j < n; ++j) dir[i] -= h[i * n + j] * g[j];
    }
    double slope = 0.0;
    for (size_t i = 0; i < n; ++i) slope += dir[i] * g[i];
    if (!(slope < 0)) {  // not a descent direction: restart from steepest descent
      std::fill(h.begin(), h.end(), 0.0);
      for (size_t i = 0; i < n; ++i) {
        h[i * n + i] = 1.0;
        dir[i] = -g[i];
      }
      slope = 0.0;
      for (size_t i = 0; i < n; ++i) slope += dir[i] * g[i];
    }
    double step = 1.0, f_new = 0.0;
    bool accepted = false;
    for (int k = 0; k < 60; ++k, step *= 0.5) {
      for (size_t i = 0; i < n; ++i) x_new[i] = x[i] + step * dir[i];
      Project(x_new, options);
      double actual_slope = 0.0;
      for (size_t i = 0; i < n; ++i) actual_slope += (x_new[i] - x[i]) * g[i];
      f_new = eval(x_new, g_new);
      if (f_new <= fx + 1e-4 * std::min(actual_slope, 0.0)) {
        accepted = true;
        break;
      }
    }
    if (!accepted) break;
    const double improvement = fx - f_new;
    for (size_t i = 0; i < n; ++i) {
      s[i] = x_new[i] - x[i];
      y[i] = g_new[i] - g[i];
    }
    x.swap(x_new);
    g.swap(g_new);
    fx = f_new;
    if (improvement <= options.f_tolerance * (1.0 + std::abs(fx))) {
      result.converged =
          ProjectedGradientNorm(x, g, options) <= std::sqrt(options.gradient_tolerance);
      ++result.iterations;
      break;
    }
    double sy = 0.0;
    for (size_t i = 0; i < n; ++i) sy += s[i] * y[i];
    if (sy <= 1e-12) continue;  // curvature condition fails: keep the old approximation
    // H += (1 + y'Hy/sy) ss'/sy - (H y s' + s y' H)/sy
    std::vector<double> hy(n, 0.0);
    for (size_t i = 0; i < n; ++i)
      for (size_t j = 0; j < n; ++j) hy[i] += h[i * n + j] * y[j];
    double yhy = 0.0;
    for (size_t i = 0; i < n; ++i) yhy += y[i] * hy[i];
    for (size_t i = 0; i < n; ++i) {
      for (size_t j = 0; j < n; ++j) {
        h[i * n + j] += (1.0 + yhy / sy) * s[i] * s[j] / sy - (hy[i] * s[j] + s[i] * hy[j]) / sy;
      }
    }
  }
  result.x = std::move(x);
  result.value = fx;
  return result;
}

}  // namespace mercato
