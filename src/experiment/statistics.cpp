// The experiment statistics; formulas and sources are in statistics.h.
#include "experiment/statistics.h"

#include <algorithm>
#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <limits>
#include <numeric>

namespace mercato::experiment {
namespace {

constexpr double kStatsNaN = std::numeric_limits<double>::quiet_NaN();

// Two-sided critical value and p-value of Student's t; above 1e12 degrees of freedom the normal
// (the limit, and what Boost would compute with extra cost).
double StudentCritical(double df, double alpha) {
  if (df > 1e12) {
    return boost::math::quantile(boost::math::complement(boost::math::normal(), alpha / 2));
  }
  return boost::math::quantile(boost::math::complement(boost::math::students_t(df), alpha / 2));
}

double StudentTwoSidedP(double df, double t) {
  if (std::isinf(t)) return 0;
  if (df > 1e12) {
    return 2 * boost::math::cdf(boost::math::complement(boost::math::normal(), std::fabs(t)));
  }
  return 2 * boost::math::cdf(boost::math::complement(boost::math::students_t(df), std::fabs(t)));
}

}  // namespace

void Moments::Add(double x, double y) {
  ++n_;
  const double n = static_cast<double>(n_);
  const double dx = x - mean_x_;
  const double dy = y - mean_y_;
  mean_x_ += dx / n;
  mean_y_ += dy / n;
  m2x_ += dx * (x - mean_x_);
  m2y_ += dy * (y - mean_y_);
  cxy_ += dx * (y - mean_y_);
}

void Moments::Merge(const Moments& other) {
  if (other.n_ == 0) return;
  if (n_ == 0) {
    *this = other;
    return;
  }
  const double na = static_cast<double>(n_);
  const double nb = static_cast<double>(other.n_);
  const double n = na + nb;
  const double dx = other.mean_x_ - mean_x_;
  const double dy = other.mean_y_ - mean_y_;
  const double w = na * nb / n;
  m2x_ += other.m2x_ + dx * dx * w;
  m2y_ += other.m2y_ + dy * dy * w;
  cxy_ += other.cxy_ + dx * dy * w;
  mean_x_ += dx * nb / n;
  mean_y_ += dy * nb / n;
  n_ += other.n_;
}

Estimate MeanEstimate(const Moments& m) {
  Estimate e;
  e.units = m.count();
  e.value = m.count() > 0 ? m.mean_y() : kStatsNaN;
  e.dof = static_cast<double>(m.count() - 1);
  e.variance = m.count() > 1 ? m.variance_y() / static_cast<double>(m.count()) : kStatsNaN;
  return e;
}

Estimate RatioEstimate(const Moments& m) {
  Estimate e;
  e.units = m.count();
  e.dof = static_cast<double>(m.count() - 1);
  const double mu = m.mean_x();
  if (m.count() == 0 || mu == 0) {
    e.value = e.variance = kStatsNaN;
    return e;
  }
  const double r = m.mean_y() / mu;
  e.value = r;
  if (m.count() < 2) {
    e.variance = kStatsNaN;
    return e;
  }
  // (s²_y − 2 r s_xy + r² s²_x) / μ² / n: the same terms as in the header with ȳ = r·μ.
  const double linearized = m.variance_y() - 2 * r * m.covariance() + r * r * m.variance_x();
  e.variance = std::max(0.0, linearized) / (mu * mu) / static_cast<double>(m.count());
  return e;
}

double CupedTheta(const Moments& pooled) {
  const double vx = pooled.variance_x();
  return vx > 0 ? pooled.covariance() / vx : 0.0;
}

Estimate CupedEstimate(const Moments& arm, double theta, double pooled_mean_x) {
  Estimate e;
  e.units = arm.count();
  e.dof = static_cast<double>(arm.count() - 1);
  e.value = arm.count() > 0 ? arm.mean_y() - theta * (arm.mean_x() - pooled_mean_x) : kStatsNaN;
  if (arm.count() < 2) {
    e.variance = kStatsNaN;
    return e;
  }
  const double v =
      arm.variance_y() - 2 * theta * arm.covariance() + theta * theta * arm.variance_x();
  e.variance = std::max(0.0, v) / static_cast<double>(arm.count());
  return e;
}

double VarianceReduction(const Estimate& control_raw, const Estimate& variant_raw,
                         const Estimate& control_adjusted, const Estimate& variant_adjusted) {
  const double raw = control_raw.variance + variant_raw.variance;
  const double adjusted = control_adjusted.variance + variant_adjusted.variance;
  if (!(raw > 0) || !std::isfinite(adjusted)) return 0;
  return std::clamp(1 - adjusted / raw, 0.0, 1.0);
}

double WinsorCap(std::vector<double> values, double q) {
  if (values.empty()) return kStatsNaN;
  const double n = static_cast<double>(values.size());
  // Rank ⌈q·n⌉ (1-based); the tolerance keeps 0.99·100 at rank 99 despite binary rounding.
  auto rank = static_cast<int64_t>(std::ceil(q * n - 1e-9));
  rank = std::clamp<int64_t>(rank, 1, static_cast<int64_t>(values.size()));
  auto nth = values.begin() + (rank - 1);
  std::nth_element(values.begin(), nth, values.end());
  return *nth;
}

Comparison WelchCompare(const Estimate& control, const Estimate& variant, double alpha) {
  Comparison c;
  c.difference = variant.value - control.value;
  const bool relative_defined = control.value != 0 && std::isfinite(control.value);
  c.relative_lift = relative_defined ? c.difference / control.value : kStatsNaN;
  if (!(control.dof > 0) || !(variant.dof > 0) || !std::isfinite(control.variance) ||
      !std::isfinite(variant.variance) || !std::isfinite(c.difference)) {
    c.standard_error = c.t = c.df = kStatsNaN;
    c.p_value = 1;
    c.ci_low = c.ci_high = c.relative_ci_low = c.relative_ci_high = kStatsNaN;
    return c;
  }
  const double se2 = control.variance + variant.variance;
  c.standard_error = std::sqrt(se2);
  if (se2 == 0) {
    c.df = control.dof + variant.dof;
    c.t = c.difference == 0 ? 0
                            : std::copysign(std::numeric_limits<double>::infinity(), c.difference);
    c.p_value = c.difference == 0 ? 1 : 0;
    c.ci_low = c.ci_high = c.difference;
    c.relative_ci_low = c.relative_ci_high = c.relative_lift;
    return c;
  }
  c.df = se2 * se2 /
         (control.variance * control.variance / control.dof +
          variant.variance * variant.variance / variant.dof);
  c.t = c.difference / c.standard_error;
  c.p_value = StudentTwoSidedP(c.df, c.t);
  const double critical = StudentCritical(c.df, alpha);
  c.ci_low = c.difference - critical * c.standard_error;
  c.ci_high = c.difference + critical * c.standard_error;
  if (!relative_defined) {
    c.relative_ci_low = c.relative_ci_high = kStatsNaN;
    return c;
  }
  const double cv = control.value;
  const double relative_variance = variant.variance / (cv * cv) + variant.value * variant.value *
                                                                      control.variance /
                                                                      (cv * cv * cv * cv);
  const double relative_se = std::sqrt(relative_variance);
  c.relative_ci_low = c.relative_lift - critical * relative_se;
  c.relative_ci_high = c.relative_lift + critical * relative_se;
  return c;
}

double MsprtLikelihoodRatio(double difference, double variance, double tau2, double theta0) {
  const double d = difference - theta0;
  return std::sqrt(variance / (variance + tau2)) *
         std::exp(tau2 * d * d / (2 * variance * (variance + tau2)));
}

double MsprtHalfWidth(double variance, double tau2, double alpha) {
  return std::sqrt(variance * (variance + tau2) / tau2 *
                   (std::log((variance + tau2) / variance) - 2 * std::log(alpha)));
}

double MsprtTau2(const Estimate& control, const Estimate& variant, double effect_size) {
  const double sigma2 = (control.variance * static_cast<double>(control.units) +
                         variant.variance * static_cast<double>(variant.units)) /
                        2;
  return effect_size * effect_size * sigma2;
}

void SequentialTest::Look(double difference, double variance, double tau2) {
  if (!(variance > 0) || !(tau2 > 0) || !std::isfinite(difference) || !std::isfinite(variance) ||
      !std::isfinite(tau2)) {
    return;
  }
  const double lr = MsprtLikelihoodRatio(difference, variance, tau2);
  p_ = std::min(p_, std::min(1.0, 1 / lr));
  const double half = MsprtHalfWidth(variance, tau2, alpha_);
  const double low = difference - half;
  const double high = difference + half;
  if (!any_) {
    low_ = low;
    high_ = high;
    any_ = true;
    return;
  }
  // The running intersection; it is empty only with probability ≤ α, and then this look's
  // interval (itself valid) is kept rather than an empty one.
  const double new_low = std::max(low_, low);
  const double new_high = std::min(high_, high);
  if (new_low <= new_high) {
    low_ = new_low;
    high_ = new_high;
  } else {
    low_ = low;
    high_ = high;
  }
}

BayesianView NormalPosterior(double difference, double standard_error) {
  BayesianView b;
  if (!std::isfinite(difference) || !(standard_error >= 0) || !std::isfinite(standard_error)) {
    b.chance_to_beat_control = b.expected_loss = kStatsNaN;
    return b;
  }
  if (standard_error == 0) {
    b.chance_to_beat_control = difference > 0 ? 1.0 : difference < 0 ? 0.0 : 0.5;
    b.expected_loss = std::max(0.0, -difference);
    return b;
  }
  const boost::math::normal standard;
  const double z = difference / standard_error;
  b.chance_to_beat_control = boost::math::cdf(standard, z);
  b.expected_loss =
      standard_error * boost::math::pdf(standard, z) - difference * boost::math::cdf(standard, -z);
  b.expected_loss = std::max(0.0, b.expected_loss);
  return b;
}

ChiSquareTest ChiSquareGoodnessOfFit(const std::vector<int64_t>& observed,
                                     const std::vector<double>& weights) {
  ChiSquareTest test;
  test.expected.assign(observed.size(), 0.0);
  const double total =
      static_cast<double>(std::accumulate(observed.begin(), observed.end(), int64_t{0}));
  double weight_sum = 0;
  for (double w : weights) weight_sum += w;
  if (total == 0 || !(weight_sum > 0) || weights.size() != observed.size()) return test;
  int categories = 0;
  bool impossible = false;
  for (size_t i = 0; i < observed.size(); ++i) {
    if (weights[i] <= 0) {
      if (observed[i] > 0) impossible = true;
      continue;
    }
    const double e = total * weights[i] / weight_sum;
    test.expected[i] = e;
    const double d = static_cast<double>(observed[i]) - e;
    test.chi_square += d * d / e;
    ++categories;
  }
  test.df = categories - 1;
  if (impossible) {
    test.chi_square = std::numeric_limits<double>::infinity();
    test.p_value = 0;
    return test;
  }
  if (test.df < 1) return test;
  test.p_value =
      boost::math::cdf(boost::math::complement(boost::math::chi_squared(test.df), test.chi_square));
  return test;
}

std::vector<double> BenjaminiHochberg(const std::vector<double>& p_values) {
  const size_t m = p_values.size();
  std::vector<size_t> order(m);
  std::iota(order.begin(), order.end(), size_t{0});
  auto p_of = [&](size_t i) { return std::isnan(p_values[i]) ? 1.0 : p_values[i]; };
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return p_of(a) < p_of(b); });
  std::vector<double> adjusted(m, 1.0);
  double running = 1.0;
  for (size_t rank = m; rank-- > 0;) {
    const size_t i = order[rank];
    running = std::min(running, p_of(i) * static_cast<double>(m) / static_cast<double>(rank + 1));
    adjusted[i] = std::min(1.0, running);
  }
  return adjusted;
}

}  // namespace mercato::experiment
