// Nelder–Mead with the standard coefficients (reflect 1, expand 2, contract 1/2, shrink 1/2).
#include "numeric/nelder_mead.h"

#include <algorithm>
#include <cmath>

namespace mercato {
namespace {

using Point = std::vector<double>;

struct Vertex {
  Point x;
  double f;
};

class Run {
 public:
  Run(const Objective& f, const NelderMeadOptions& o, NelderMeadResult& result)
      : f_(f), options_(o), result_(result) {}

  // One Nelder–Mead run from `start`; returns the best vertex and whether it converged.
  Vertex Minimize(const Point& start, bool& converged) {
    const size_t n = start.size();
    std::vector<Vertex> simplex;
    simplex.push_back(Make(start));
    for (size_t i = 0; i < n; ++i) {
      const double step = options_.steps.size() == n ? options_.steps[i] : options_.initial_step;
      Point p = start;
      p[i] += step;
      if (Clamp(p)[i] == start[i]) p[i] = start[i] - step;
      simplex.push_back(Make(p));
    }
    converged = false;
    for (int it = 0; it < options_.max_iterations && !OutOfEvaluations(); ++it) {
      std::stable_sort(simplex.begin(), simplex.end(),
                       [](const Vertex& a, const Vertex& b) { return a.f < b.f; });
      if (Converged(simplex)) {
        converged = true;
        break;
      }
      ++result_.iterations;
      Step(simplex);
    }
    return *std::min_element(simplex.begin(), simplex.end(),
                             [](const Vertex& a, const Vertex& b) { return a.f < b.f; });
  }

  bool OutOfEvaluations() const {
    return options_.max_evaluations > 0 && result_.evaluations >= options_.max_evaluations;
  }

 private:
  Point Clamp(Point p) const {
    if (options_.lower.size() != p.size() || options_.upper.size() != p.size()) return p;
    for (size_t i = 0; i < p.size(); ++i) {
      p[i] = std::clamp(p[i], options_.lower[i], options_.upper[i]);
    }
    return p;
  }

  Vertex Make(const Point& p) const {
    Point q = Clamp(p);
    ++result_.evaluations;
    const double v = f_(q);
    return {std::move(q), std::isfinite(v) ? v : std::numeric_limits<double>::infinity()};
  }

  // Point c + t (p - c).
  Vertex Along(const Point& c, const Point& p, double t) const {
    Point q(c.size());
    for (size_t i = 0; i < c.size(); ++i) q[i] = c[i] + t * (p[i] - c[i]);
    return Make(q);
  }

  bool Converged(const std::vector<Vertex>& s) const {
    const double best = s.front().f, worst = s.back().f;
    if (!std::isfinite(worst) || worst - best > options_.f_tolerance * (1 + std::abs(best))) {
      return false;
    }
    for (const Vertex& v : s) {
      for (size_t i = 0; i < v.x.size(); ++i) {
        if (std::abs(v.x[i] - s.front().x[i]) > options_.x_tolerance) return false;
      }
    }
    return true;
  }

  // One iteration on a simplex sorted best first.
  void Step(std::vector<Vertex>& s) const {
    const size_t n = s.size() - 1;
    Point c(n, 0.0);
    for (size_t v = 0; v < n; ++v) {
      for (size_t i = 0; i < n; ++i) c[i] += s[v].x[i] / static_cast<double>(n);
    }
    Vertex& worst = s.back();
    Vertex r = Along(c, worst.x, -1.0);
    if (r.f < s.front().f) {
      Vertex e = Along(c, worst.x, -2.0);
      worst = e.f < r.f ? std::move(e) : std::move(r);
      return;
    }
    if (r.f < s[n - 1].f) {
      worst = std::move(r);
      return;
    }
    const bool outside = r.f < worst.f;
    Vertex k = outside ? Along(c, r.x, 0.5) : Along(c, worst.x, 0.5);
    if (k.f < (outside ? r.f : worst.f)) {
      worst = std::move(k);
      return;
    }
    for (size_t v = 1; v < s.size(); ++v) s[v] = Along(s.front().x, s[v].x, 0.5);
  }

  const Objective& f_;
  const NelderMeadOptions& options_;
  NelderMeadResult& result_;
};

}  // namespace

NelderMeadResult MinimizeNelderMead(const Objective& f, std::vector<double> start,
                                    const NelderMeadOptions& options) {
  NelderMeadResult result;
  Run run(f, options, result);
  bool converged = false;
  bool settled = options.max_restarts == 0;
  Vertex best = run.Minimize(start, converged);
  while (!settled && result.restarts < options.max_restarts && !run.OutOfEvaluations()) {
    ++result.restarts;
    Vertex next = run.Minimize(best.x, converged);
    settled = !(next.f < best.f - options.f_tolerance * (1 + std::abs(best.f)));
    if (next.f < best.f) best = std::move(next);
  }
  result.x = std::move(best.x);
  result.value = best.f;
  result.converged = converged && settled && std::isfinite(best.f);
  return result;
}

}  // namespace mercato
