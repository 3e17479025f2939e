// STL and MSTL decomposition. The loess smoothers, the cycle-subseries smoothing, the low-pass
// filter and the robustness weights follow the published algorithm step by step (Cleveland et
// al. 1990, section 2) with R's defaults, so that the decomposition matches stats::stl. Indices
// in the comments are the paper's, from 1; the code is 0-based.
#include "forecast/stl.h"

#include <algorithm>
#include <cmath>
#include <cstddef>

namespace mercato::forecast {
namespace {

int NextOdd(int x) { return x % 2 == 0 ? x + 1 : x; }

// Loess estimate at abscissa xs (1-based, may lie outside 1..n) from the points nleft..nright
// (1-based) of y: tricube weights over the distance to the farthest point of the window (widened
// when the span exceeds n), times the robustness weights when given, and a local line when
// degree is 1. Returns false when every weight is zero.
bool LoessAt(const double* y, int n, int span, int degree, double xs, int nleft, int nright,
             const double* robustness, double* w, double& out) {
  const double range = n - 1.0;
  double h = std::max(xs - nleft, nright - xs);
  if (span > n) h += (span - n) / 2;
  const double h9 = 0.999 * h, h1 = 0.001 * h;
  double sum = 0;
  for (int j = nleft; j <= nright; ++j) {
    w[j - 1] = 0;
    const double r = std::abs(j - xs);
    if (r > h9) continue;
    if (r <= h1) {
      w[j - 1] = 1;
    } else {
      const double q = r / h;
      const double c = 1 - q * q * q;
      w[j - 1] = c * c * c;
    }
    if (robustness != nullptr) w[j - 1] *= robustness[j - 1];
    sum += w[j - 1];
  }
  if (sum <= 0) return false;
  for (int j = nleft; j <= nright; ++j) w[j - 1] /= sum;
  if (h > 0 && degree > 0) {
    double a = 0;
    for (int j = nleft; j <= nright; ++j) a += w[j - 1] * j;
    double b = xs - a, c = 0;
    for (int j = nleft; j <= nright; ++j) c += w[j - 1] * (j - a) * (j - a);
    if (std::sqrt(c) > 0.001 * range) {
      b /= c;
      for (int j = nleft; j <= nright; ++j) w[j - 1] *= b * (j - a) + 1;
    }
  }
  out = 0;
  for (int j = nleft; j <= nright; ++j) out += w[j - 1] * y[j - 1];
  return true;
}

// Loess smoothing of y[0..n) into ys[0..n), evaluated at every jump-th point (and the last) and
// interpolated linearly between them; a point without weight keeps its value.
void LoessSmooth(const double* y, int n, int span, int degree, int jump, const double* robustness,
                 double* ys, double* w) {
  if (n < 2) {
    ys[0] = y[0];
    return;
  }
  const int step = std::min(jump, n - 1);
  auto estimate = [&](int i, int nleft, int nright) {
    if (!LoessAt(y, n, span, degree, i, nleft, nright, robustness, w, ys[i - 1])) {
      ys[i - 1] = y[i - 1];
    }
  };
  if (span >= n) {
    for (int i = 1; i <= n; i += step) estimate(i, 1, n);
  } else if (step == 1) {
    const int half = (span + 1) / 2;
    int nleft = 1, nright = span;
    for (int i = 1; i <= n; ++i) {
      if (i > half && nright != n) {
        ++nleft;
        ++nright;
      }
      estimate(i, nleft, nright);
    }
  } else {
    const int half = (span + 1) / 2;
    for (int i = 1; i <= n; i += step) {
      if (i < half) {
        estimate(i, 1, span);
      } else if (i >= n - half + 1) {
        estimate(i, n - span + 1, n);
      } else {
        estimate(i, i - half + 1, span + i - half);
      }
    }
  }
  if (step == 1) return;
  for (int i = 1; i <= n - step; i += step) {
    const double delta = (ys[i + step - 1] - ys[i - 1]) / step;
    for (int j = i + 1; j < i + step; ++j) ys[j - 1] = ys[i - 1] + delta * (j - i);
  }
  const int k = ((n - 1) / step) * step + 1;
  if (k == n) return;
  estimate(n, std::max(1, n - span + 1), n);
  if (k == n - 1) return;
  const double delta = (ys[n - 1] - ys[k - 1]) / (n - k);
  for (int j = k + 1; j < n; ++j) ys[j - 1] = ys[k - 1] + delta * (j - k);
}

// Moving average of length len: out[j] = mean of x[j .. j + len), for j < n - len + 1.
void MovingAverage(const double* x, int n, int len, double* out) {
  double sum = 0;
  for (int i = 0; i < len; ++i) sum += x[i];
  out[0] = sum / len;
  for (int j = 1; j <= n - len; ++j) {
    sum += x[j + len - 1] - x[j - 1];
    out[j] = sum / len;
  }
}

struct StlWindows {
  int np, ns, nt, nl, s_jump, t_jump, l_jump;
};

// One pass of the inner loop (steps 1-6 of the paper), `inner` times: updates seasonal and trend.
void InnerLoop(const std::vector<double>& y, const StlWindows& win, const StlOptions& options,
               const double* robustness, std::vector<double>& seasonal,
               std::vector<double>& trend) {
  const int n = static_cast<int>(y.size()), np = win.np;
  std::vector<double> detrended(static_cast<size_t>(n)), cycle(static_cast<size_t>(n + 2 * np)),
      low(static_cast<size_t>(n + 2 * np)), smooth(static_cast<size_t>(n + 2 * np)),
      weights(static_cast<size_t>(n + 2 * np)), sub(static_cast<size_t>(n / np + 1)),
      sub_rw(static_cast<size_t>(n / np + 1)), sub_smooth(static_cast<size_t>(n / np + 3));
  for (int pass = 0; pass < options.inner; ++pass) {
    // Step 1: detrending.
    for (int i = 0; i < n; ++i) detrended[i] = y[i] - trend[i];
    // Step 2: cycle-subseries smoothing, each subseries extended by one period at both ends.
    for (int j = 1; j <= np; ++j) {
      const int k = (n - j) / np + 1;
      for (int i = 1; i <= k; ++i) {
        sub[i - 1] = detrended[(i - 1) * np + j - 1];
        if (robustness != nullptr) sub_rw[i - 1] = robustness[(i - 1) * np + j - 1];
      }
      const double* rw = robustness != nullptr ? sub_rw.data() : nullptr;
      LoessSmooth(sub.data(), k, win.ns, options.s_degree, win.s_jump, rw, sub_smooth.data() + 1,
                  weights.data());
      if (!LoessAt(sub.data(), k, win.ns, options.s_degree, 0, 1, std::min(win.ns, k), rw,
                   weights.data(), sub_smooth[0])) {
        sub_smooth[0] = sub_smooth[1];
      }
      if (!LoessAt(sub.data(), k, win.ns, options.s_degree, k + 1, std::max(1, k - win.ns + 1), k,
                   rw, weights.data(), sub_smooth[k + 1])) {
        sub_smooth[k + 1] = sub_smooth[k];
      }
      for (int i = 1; i <= k + 2; ++i) cycle[(i - 1) * np + j - 1] = sub_smooth[i - 1];
    }
    // Step 3: low-pass filtering of the cycle-subseries (moving averages np, np, 3, then loess).
    MovingAverage(cycle.data(), n + 2 * np, np, low.data());
    MovingAverage(low.data(), n + np + 1, np, smooth.data());
    MovingAverage(smooth.data(), n + 2, 3, low.data());
    LoessSmooth(low.data(), n, win.nl, options.l_degree, win.l_jump, nullptr, smooth.data(),
                weights.data());
    // Step 4: detrending of the smoothed cycle-subseries.
    for (int i = 0; i < n; ++i) seasonal[i] = cycle[np + i] - smooth[i];
    // Steps 5-6: deseasonalizing and trend smoothing.
    for (int i = 0; i < n; ++i) detrended[i] = y[i] - seasonal[i];
    LoessSmooth(detrended.data(), n, win.nt, options.t_degree, win.t_jump, robustness, trend.data(),
                weights.data());
  }
}

// Bisquare robustness weights from the remainder, scaled by six times its median magnitude.
void RobustnessWeights(const std::vector<double>& y, const std::vector<double>& seasonal,
                       const std::vector<double>& trend, std::vector<double>& rw) {
  const size_t n = y.size();
  std::vector<double> r(n);
  for (size_t i = 0; i < n; ++i) r[i] = std::abs(y[i] - seasonal[i] - trend[i]);
  std::vector<double> sorted = r;
  const size_t mid1 = n / 2, mid2 = n - n / 2 - 1;  // 0-based: R's n/2 + 1 and n - that + 1
  std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(mid1),
                   sorted.end());
  const double a = sorted[mid1];
  std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(mid2),
                   sorted.end());
  const double cmad = 3 * (a + sorted[mid2]);
  for (size_t i = 0; i < n; ++i) {
    if (r[i] <= 0.001 * cmad) {
      rw[i] = 1;
    } else if (r[i] <= 0.999 * cmad) {
      const double q = r[i] / cmad, c = 1 - q * q;
      rw[i] = c * c;
    } else {
      rw[i] = 0;
    }
  }
}

}  // namespace

StlDecomposition Stl(const std::vector<double>& y, int m, const StlOptions& options) {
  const int n = static_cast<int>(y.size());
  if (m < 2 || n <= 2 * m) return {};
  for (double v : y) {
    if (!std::isfinite(v)) return {};
  }
  const int s_window = std::max(3, NextOdd(options.s_window));
  const int t_default = NextOdd(static_cast<int>(std::ceil(1.5 * m / (1 - 1.5 / s_window))));
  StlWindows win;
  win.np = m;
  win.ns = s_window;
  win.nt = std::max(3, NextOdd(options.t_window > 0 ? options.t_window : t_default));
  win.nl = std::max(3, NextOdd(options.l_window > 0 ? options.l_window : m));
  win.s_jump = (win.ns + 9) / 10;
  win.t_jump = (win.nt + 9) / 10;
  win.l_jump = (win.nl + 9) / 10;
  StlDecomposition out;
  out.seasonal.assign(y.size(), 0.0);
  out.trend.assign(y.size(), 0.0);
  std::vector<double> rw(y.size(), 1.0);
  for (int k = 0;; ++k) {
    InnerLoop(y, win, options, k == 0 ? nullptr : rw.data(), out.seasonal, out.trend);
    if (k >= options.outer) break;
    RobustnessWeights(y, out.seasonal, out.trend, rw);
  }
  out.remainder.resize(y.size());
  for (size_t i = 0; i < y.size(); ++i) out.remainder[i] = y[i] - out.seasonal[i] - out.trend[i];
  return out;
}

MstlDecomposition Mstl(const std::vector<double>& y, std::vector<int> periods, int iterate) {
  MstlDecomposition out;
  std::sort(periods.begin(), periods.end());
  periods.erase(std::unique(periods.begin(), periods.end()), periods.end());
  for (int p : periods) {
    if (p >= 2 && 2.0 * p < static_cast<double>(y.size())) out.periods.push_back(p);
  }
  std::vector<double> deseasonalized = y;
  out.trend = y;
  out.seasonal.assign(out.periods.size(), std::vector<double>(y.size(), 0.0));
  for (int pass = 0; pass < std::max(iterate, 1) && !out.periods.empty(); ++pass) {
    for (size_t k = 0; k < out.periods.size(); ++k) {
      for (size_t t = 0; t < y.size(); ++t) deseasonalized[t] += out.seasonal[k][t];
      StlOptions options;
      options.s_window = 7 + 4 * static_cast<int>(k + 1);
      StlDecomposition fit = Stl(deseasonalized, out.periods[k], options);
      out.seasonal[k] = std::move(fit.seasonal);
      out.trend = std::move(fit.trend);
      for (size_t t = 0; t < y.size(); ++t) deseasonalized[t] -= out.seasonal[k][t];
    }
  }
  out.remainder.resize(y.size());
  for (size_t t = 0; t < y.size(); ++t) out.remainder[t] = deseasonalized[t] - out.trend[t];
  return out;
}

}  // namespace mercato::forecast
