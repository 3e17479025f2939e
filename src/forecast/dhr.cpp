// Dynamic harmonic regression: the least-squares fit on trend, Fourier terms and regressors from
// one Gram matrix, the harmonics chosen by AICc, and ETS on the residuals.
#include "forecast/dhr.h"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <numbers>

#include "forecast/models.h"

namespace mercato::forecast {
namespace {

constexpr int kMaxHarmonics = 26;
constexpr size_t kMinHistory = 5;
// Observations a fit keeps beyond its coefficients (so the AICc's n − k − 1 stays positive).
constexpr size_t kSpareObservations = 3;

// The largest harmonic below p / 2 (higher ones alias lower ones), capped, and 0 unless the
// history holds a whole cycle.
int MaxHarmonics(double p, size_t n) {
  if (!(p > 1) || static_cast<double>(n) <= p) return 0;
  return std::clamp(static_cast<int>(std::ceil(p / 2)) - 1, 0, kMaxHarmonics);
}

double Angle(double p, int k, size_t t) {
  return 2 * std::numbers::pi * k * static_cast<double>(t + 1) / p;
}

// The design of the largest model: 1, t / n, then per period sin and cos of every harmonic up
// to its maximum, then the regressors kept; `first_pair[i]` is the column of period i's first
// sine.
struct Design {
  std::vector<std::vector<double>> columns;
  std::vector<size_t> first_pair;
};

Design BuildDesign(size_t n, const std::vector<double>& periods, const std::vector<int>& max_k,
                   const DhrRegressors& x, const std::vector<size_t>& kept) {
  Design d;
  d.columns.emplace_back(n, 1.0);
  std::vector<double> trend(n);
  for (size_t t = 0; t < n; ++t) trend[t] = static_cast<double>(t + 1) / static_cast<double>(n);
  d.columns.push_back(std::move(trend));
  for (size_t i = 0; i < periods.size(); ++i) {
    d.first_pair.push_back(d.columns.size());
    for (int k = 1; k <= max_k[i]; ++k) {
      std::vector<double> s(n), c(n);
      for (size_t t = 0; t < n; ++t) {
        s[t] = std::sin(Angle(periods[i], k, t));
        c[t] = std::cos(Angle(periods[i], k, t));
      }
      d.columns.push_back(std::move(s));
      d.columns.push_back(std::move(c));
    }
  }
  for (size_t r : kept) d.columns.emplace_back(x[r].begin(), x[r].begin() + n);
  return d;
}

// Least squares on a subset of the design's columns through the Gram matrix G = X'X and
// b = X'y of the full design: Eigen's Cholesky (LLT) of the subset's block. Empty when the block
// is not positive definite or a pivot is below 1e-10 of its diagonal entry (collinear columns).
struct SubsetFit {
  std::vector<double> beta;
  double rss = 0;
};

std::optional<SubsetFit> SolveSubset(const std::vector<std::vector<double>>& gram,
                                     const std::vector<double>& xty, double yty,
                                     const std::vector<size_t>& cols) {
  const auto p = static_cast<Eigen::Index>(cols.size());
  Eigen::MatrixXd g(p, p);
  Eigen::VectorXd b(p);
  for (Eigen::Index i = 0; i < p; ++i) {
    b(i) = xty[cols[static_cast<size_t>(i)]];
    for (Eigen::Index j = 0; j < p; ++j) {
      g(i, j) = gram[cols[static_cast<size_t>(i)]][cols[static_cast<size_t>(j)]];
    }
  }
  const Eigen::LLT<Eigen::MatrixXd> llt(g);
  if (llt.info() != Eigen::Success) return std::nullopt;
  const Eigen::MatrixXd l = llt.matrixL();
  for (Eigen::Index i = 0; i < p; ++i) {
    if (!(l(i, i) * l(i, i) > 1e-10 * g(i, i))) return std::nullopt;
  }
  const Eigen::VectorXd beta = llt.solve(b);
  return SubsetFit{std::vector<double>(beta.data(), beta.data() + p),
                   std::max(yty - beta.dot(b), 0.0)};
}

double Aicc(size_t n, size_t coefficients, double rss, double yty) {
  const double nn = static_cast<double>(n), k = static_cast<double>(coefficients + 1);
  // A perfect fit: the floor keeps the logarithm finite, and the penalty then decides.
  const double floor = std::max(1e-14 * yty, 1e-300);
  return nn * std::log(std::max(rss, floor) / nn) + 2 * k + 2 * k * (k + 1) / (nn - k - 1);
}

}  // namespace

std::vector<double> DhrPeriods(int m) {
  if (m == 52) return {365.25 / 7};
  if (m == 7) return {7, 365.25};
  if (m >= 2) return {static_cast<double>(m)};
  return {};
}

double DhrModel::Regression(size_t t, const DhrRegressors& x) const {
  double v = coef[0] + coef[1] * static_cast<double>(t + 1);
  size_t c = 2;
  for (size_t i = 0; i < periods.size(); ++i) {
    for (int k = 1; k <= harmonics[i]; ++k, c += 2) {
      v += coef[c] * std::sin(Angle(periods[i], k, t)) +
           coef[c + 1] * std::cos(Angle(periods[i], k, t));
    }
  }
  for (size_t r : regressors) v += coef[c++] * x[r][t];
  return v;
}

std::vector<double> DhrModel::Forecast(int h, const DhrRegressors& x) const {
  std::vector<double> f = errors ? errors->Forecast(h) : std::vector<double>(h, 0.0);
  for (int j = 0; j < h; ++j) f[j] += Regression(n + static_cast<size_t>(j), x);
  return f;
}

std::optional<DhrModel> FitDhr(const std::vector<double>& y, const std::vector<double>& periods,
                               const DhrRegressors& x) {
  const size_t n = y.size();
  if (n < kMinHistory) return std::nullopt;
  DhrModel model;
  model.periods = periods;
  model.n = n;
  for (size_t r = 0; r < x.size(); ++r) {
    const auto [lo, hi] = std::minmax_element(x[r].begin(), x[r].begin() + n);
    if (*lo != *hi) model.regressors.push_back(r);
  }
  std::vector<int> max_k;
  for (double p : periods) max_k.push_back(MaxHarmonics(p, n));
  const Design d = BuildDesign(n, periods, max_k, x, model.regressors);

  // Centred y: the intercept absorbs the mean, and y'y is then the total sum of squares.
  double mean = 0;
  for (double v : y) mean += v / static_cast<double>(n);
  double yty = 0;
  for (double v : y) yty += (v - mean) * (v - mean);
  const size_t width = d.columns.size();
  std::vector<std::vector<double>> gram(width, std::vector<double>(width));
  std::vector<double> xty(width);
  for (size_t i = 0; i < width; ++i) {
    for (size_t t = 0; t < n; ++t) xty[i] += d.columns[i][t] * (y[t] - mean);
    for (size_t j = 0; j <= i; ++j) {
      double sum = 0;
      for (size_t t = 0; t < n; ++t) sum += d.columns[i][t] * d.columns[j][t];
      gram[i][j] = gram[j][i] = sum;
    }
  }

  // The columns of harmonics `k`, and its fit's AICc (infinite when it cannot be fitted).
  auto columns_of = [&](const std::vector<int>& k) {
    std::vector<size_t> cols = {0, 1};
    for (size_t i = 0; i < periods.size(); ++i) {
      for (int j = 0; j < 2 * k[i]; ++j) cols.push_back(d.first_pair[i] + static_cast<size_t>(j));
    }
    for (size_t r = 0; r < model.regressors.size(); ++r) {
      cols.push_back(width - model.regressors.size() + r);
    }
    return cols;
  };
  auto aicc_of = [&](const std::vector<int>& k) {
    const std::vector<size_t> cols = columns_of(k);
    if (cols.size() + kSpareObservations > n) return HUGE_VAL;
    const std::optional<SubsetFit> fit = SolveSubset(gram, xty, yty, cols);
    return fit ? Aicc(n, cols.size(), fit->rss, yty) : HUGE_VAL;
  };
  model.harmonics.assign(periods.size(), 0);
  double best = aicc_of(model.harmonics);
  for (size_t i = 0; i < periods.size(); ++i) {
    std::vector<int> k = model.harmonics;
    for (k[i] = 1; k[i] <= max_k[i]; ++k[i]) {
      const double a = aicc_of(k);
      if (a < best) best = a, model.harmonics[i] = k[i];
    }
  }
  const std::optional<SubsetFit> fit = SolveSubset(gram, xty, yty, columns_of(model.harmonics));
  if (!fit || !std::isfinite(best)) return std::nullopt;
  model.aicc = best;
  model.coef = fit->beta;
  model.coef[0] += mean;
  model.coef[1] /= static_cast<double>(n);  // the design's trend column is t / n

  std::vector<double> residuals(n);
  for (size_t t = 0; t < n; ++t) residuals[t] = y[t] - model.Regression(t, x);
  model.errors = FitAutoEts(residuals, 1);
  return model;
}

std::vector<double> ForecastDhr(const std::vector<double>& y, int h, int m) {
  return ForecastDhrDated(y, h, m, {});
}

std::vector<double> ForecastDhrDated(const std::vector<double>& y, int h, int m,
                                     const DhrRegressors& x) {
  const std::optional<DhrModel> model = FitDhr(y, DhrPeriods(m), x);
  if (!model) return ForecastNaive(y, h, m);
  std::vector<double> f = model->Forecast(h, x);
  const bool finite = std::all_of(f.begin(), f.end(), [](double v) { return std::isfinite(v); });
  return finite ? f : ForecastNaive(y, h, m);
}

}  // namespace mercato::forecast
