// Fitting each series' log-log demand model and shrinking the estimates series -> group -> all.
#include "pricing/elasticity.h"

#include <Eigen/Dense>
#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <numbers>

namespace mercato::pricing {

namespace {

constexpr double kPeriodsPerYear = 52.1775;  // weeks
constexpr int kTrendMinSpan = 8;
constexpr int kSeasonMinSpan = 52;
constexpr int kMaxIterations = 100;
constexpr double kTolerance = 1e-10;
constexpr double kSeparated = 1e-6;  // a fitted weekly mean this small: separation

bool Varies(const std::vector<double>& v) {
  if (v.empty()) return false;
  const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
  return *hi - *lo > 1e-12;
}

int CountPriceChanges(const std::vector<double>& price) {
  int changes = 0;
  for (size_t i = 1; i < price.size(); ++i) {
    if (std::abs(price[i] / price[i - 1] - 1.0) > 0.01) ++changes;
  }
  return changes;
}

// The design's columns in SeriesFit::terms order.
struct Design {
  std::vector<std::string> terms;
  std::vector<std::vector<double>> columns;
  void Add(std::string term, std::vector<double> column) {
    terms.push_back(std::move(term));
    columns.push_back(std::move(column));
  }
  Eigen::MatrixXd Matrix() const {
    const Eigen::Index n = static_cast<Eigen::Index>(columns[0].size());
    Eigen::MatrixXd x(n, static_cast<Eigen::Index>(columns.size()));
    for (size_t c = 0; c < columns.size(); ++c) {
      x.col(static_cast<Eigen::Index>(c)) = Eigen::Map<const Eigen::VectorXd>(columns[c].data(), n);
    }
    return x;
  }
};

Design BuildDesign(const PriceSeries& s, const std::vector<std::string>& covariate_names) {
  const size_t n = s.period.size();
  Design d;
  d.Add("intercept", std::vector<double>(n, 1.0));
  std::vector<double> log_price(n);
  for (size_t i = 0; i < n; ++i) log_price[i] = std::log(s.price[i]);
  d.Add("log_price", std::move(log_price));
  if (s.category_price.size() == n && Varies(s.category_price)) {
    d.Add("log_category_price", s.category_price);
  }
  if (Varies(s.promo)) d.Add("promo", s.promo);
  if (Varies(s.feature)) d.Add("feature", s.feature);
  for (size_t c = 0; c < s.covariates.size() && c < covariate_names.size(); ++c) {
    if (Varies(s.covariates[c])) d.Add(covariate_names[c], s.covariates[c]);
  }
  const int64_t span = n == 0 ? 0 : s.period.back() - s.period.front() + 1;
  if (span >= kTrendMinSpan) {
    const double mid = static_cast<double>(s.period.front() + s.period.back()) / 2.0;
    std::vector<double> trend(n);
    for (size_t i = 0; i < n; ++i) {
      trend[i] = (static_cast<double>(s.period[i]) - mid) / kPeriodsPerYear;
    }
    d.Add("trend", std::move(trend));
  }
  if (span >= kSeasonMinSpan) {
    std::vector<double> sine(n), cosine(n);
    for (size_t i = 0; i < n; ++i) {
      const double angle =
          2.0 * std::numbers::pi * static_cast<double>(s.period[i]) / kPeriodsPerYear;
      sine[i] = std::sin(angle);
      cosine[i] = std::cos(angle);
    }
    d.Add("season_sin", std::move(sine));
    d.Add("season_cos", std::move(cosine));
  }
  return d;
}

int RankOf(const Eigen::MatrixXd& x) {
  Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(x);
  qr.setThreshold(1e-9);
  return static_cast<int>(qr.rank());
}

// Keeps each optional term (after intercept and log price) only when it adds to the design's
// rank, so a term collinear with earlier ones is dropped; false when intercept and log price are
// collinear themselves.
bool MakeFullRank(Design& d) {
  Design kept;
  for (size_t c = 0; c < d.terms.size(); ++c) {
    kept.Add(d.terms[c], d.columns[c]);
    if (RankOf(kept.Matrix()) == static_cast<int>(kept.terms.size())) continue;
    if (c < 2) return false;
    kept.terms.pop_back();
    kept.columns.pop_back();
  }
  d = std::move(kept);
  return true;
}

Estimate Interval(double mean, double var, double z) {
  const double sd = std::sqrt(std::max(var, 0.0));
  return {mean, mean - z * sd, mean + z * sd, sd};
}

// DerSimonian–Laird between-member variance from groups of (estimate, variance) pairs: the
// excess of Cochran's Q over its degrees of freedom, pooled over the groups.
double BetweenVariance(const std::vector<std::vector<std::pair<double, double>>>& groups) {
  double q = 0, c = 0;
  int df = 0;
  for (const auto& members : groups) {
    if (members.size() < 2) continue;
    double sw = 0, sw2 = 0, swb = 0;
    for (const auto& [b, v] : members) {
      sw += 1.0 / v;
      sw2 += 1.0 / (v * v);
      swb += b / v;
    }
    const double mean = swb / sw;
    for (const auto& [b, v] : members) q += (b - mean) * (b - mean) / v;
    df += static_cast<int>(members.size()) - 1;
    c += sw - sw2 / sw;
  }
  return c > 0 ? std::max(0.0, (q - df) / c) : 0.0;
}

// Random-effects mean of (estimate, variance) pairs given the between variance, and its variance.
std::pair<double, double> RandomEffectsMean(const std::vector<std::pair<double, double>>& members,
                                            double tau2) {
  double su = 0, sub = 0;
  for (const auto& [b, v] : members) {
    su += 1.0 / (v + tau2);
    sub += b / (v + tau2);
  }
  return {sub / su, 1.0 / su};
}

}  // namespace

SeriesFit FitSeries(const PriceSeries& s, const std::vector<std::string>& covariate_names,
                    const ElasticityOptions& options) {
  SeriesFit fit;
  const size_t n = s.period.size();
  fit.n_obs = static_cast<int>(n);
  fit.n_price_changes = CountPriceChanges(s.price);
  double total = 0;
  for (double u : s.units) total += u;
  if (total <= 0) {
    fit.reason = "no units sold in its observed periods";
    return fit;
  }
  if (fit.n_price_changes < options.min_price_changes) {
    fit.reason = std::to_string(fit.n_price_changes) + " price changes (at least " +
                 std::to_string(options.min_price_changes) + " needed)";
    return fit;
  }
  Design d = BuildDesign(s, covariate_names);
  if (!MakeFullRank(d)) {
    fit.reason = "its prices do not vary apart from the intercept";
    return fit;
  }
  const Eigen::Index k = static_cast<Eigen::Index>(d.terms.size());
  if (static_cast<int64_t>(n) < k + options.min_residual_dof) {
    fit.reason = std::to_string(n) + " observed periods for " + std::to_string(k) +
                 " terms (at least " + std::to_string(k + options.min_residual_dof) + " needed)";
    return fit;
  }
  const Eigen::MatrixXd x = d.Matrix();
  const Eigen::Map<const Eigen::VectorXd> y(s.units.data(), static_cast<Eigen::Index>(n));
  Eigen::VectorXd beta = Eigen::VectorXd::Zero(k);
  beta(0) = std::log(total / static_cast<double>(n));
  Eigen::VectorXd mu(static_cast<Eigen::Index>(n));
  Eigen::MatrixXd information(k, k);
  bool converged = false;
  for (int it = 0; it < kMaxIterations && !converged; ++it) {
    const Eigen::VectorXd eta = (x * beta).cwiseMax(-30.0).cwiseMin(30.0);
    mu = eta.array().exp();
    const Eigen::VectorXd z = eta.array() + (y - mu).array() / mu.array();
    information = x.transpose() * mu.asDiagonal() * x;
    const Eigen::VectorXd next = information.ldlt().solve(x.transpose() * (mu.cwiseProduct(z)));
    if (!next.allFinite()) break;
    converged = (next - beta).cwiseAbs().maxCoeff() < kTolerance;
    beta = next;
  }
  mu = (x * beta).cwiseMax(-30.0).cwiseMin(30.0).array().exp();
  if (mu.minCoeff() < kSeparated) {
    // Some term (e.g. a promotion whose weeks sold nothing) drives the fitted demand of some
    // weeks to zero: the likelihood has no finite maximum and the information matrix is
    // meaningless there.
    fit.reason = "the demand model has no finite fit (a term separates weeks without sales)";
    return fit;
  }
  if (!converged) {
    fit.reason = "the demand model did not converge (sales too sparse for its terms)";
    return fit;
  }
  information = x.transpose() * mu.asDiagonal() * x;
  const double pearson = ((y - mu).array().square() / mu.array()).sum();
  const double dispersion =
      std::max(1.0, pearson / static_cast<double>(n - static_cast<size_t>(k)));
  const Eigen::MatrixXd covariance =
      dispersion * information.ldlt().solve(Eigen::MatrixXd::Identity(k, k));
  const double var = covariance(1, 1);
  if (!std::isfinite(var) || var <= 0) {
    fit.reason = "the elasticity's variance is not finite (prices barely vary)";
    return fit;
  }
  fit.estimated = true;
  fit.elasticity = beta(1);
  fit.se = std::sqrt(var);
  const auto cross = std::find(d.terms.begin(), d.terms.end(), "log_category_price");
  if (cross != d.terms.end()) {
    const Eigen::Index c = cross - d.terms.begin();
    const double cross_var = covariance(c, c);
    fit.cross_estimated = std::isfinite(cross_var) && cross_var > 0;
    fit.cross_elasticity = beta(c);
    fit.cross_se = fit.cross_estimated ? std::sqrt(cross_var) : 0.0;
  }
  fit.terms = d.terms;
  fit.coefficients.assign(beta.data(), beta.data() + k);
  return fit;
}

Result<ElasticityReport> EstimateElasticities(const PricePanel& panel,
                                              const ElasticityOptions& options) {
  std::vector<SeriesFit> fits(panel.series.size());
#pragma omp parallel for schedule(dynamic, 64)
  for (size_t i = 0; i < panel.series.size(); ++i) {
    fits[i] = FitSeries(panel.series[i], panel.covariates, options);
  }
  return ShrinkElasticities(panel, std::move(fits), options);
}

Result<ElasticityReport> ShrinkElasticities(const PricePanel& panel, std::vector<SeriesFit> fits,
                                            const ElasticityOptions& options) {
  if (!(options.interval > 0 && options.interval < 1)) {
    return InvalidArgument("--interval must be between 0 and 1 (e.g. 0.9), got " +
                           std::to_string(options.interval));
  }
  const size_t groups = panel.groups.size();
  ElasticityReport out;
  out.interval = options.interval;
  out.series_level = panel.series_level;
  out.group_level = panel.group_level;
  out.top_level = panel.top_level;
  if (fits.size() != panel.series.size()) {
    return InvalidArgument(std::to_string(fits.size()) + " fits for " +
                           std::to_string(panel.series.size()) + " series");
  }
  out.series.resize(panel.series.size());
  for (size_t i = 0; i < panel.series.size(); ++i) {
    const int32_t g = panel.series[i].group;
    if (g < 0 || static_cast<size_t>(g) >= groups) {
      return InvalidArgument("series " + panel.series[i].key + " names group " + std::to_string(g) +
                             " of " + std::to_string(groups));
    }
  }
  for (size_t i = 0; i < panel.series.size(); ++i) out.series[i].fit = std::move(fits[i]);
  std::vector<std::vector<std::pair<double, double>>> members(groups);
  for (size_t i = 0; i < panel.series.size(); ++i) {
    const SeriesFit& f = out.series[i].fit;
    if (!f.estimated) continue;
    members[static_cast<size_t>(panel.series[i].group)].push_back({f.elasticity, f.se * f.se});
    ++out.n_estimated;
  }
  if (out.n_estimated == 0) {
    return FailedPrecondition(
        "no " + panel.series_level + " has enough price variation for an elasticity (at least " +
        std::to_string(options.min_price_changes) + " price change of more than 1% and " +
        std::to_string(options.min_residual_dof) +
        " observed periods beyond the model's terms); there is nothing to pool from");
  }
  out.tau2_series = BetweenVariance(members);
  // Each group's random-effects mean, then the overall mean of those.
  std::vector<std::pair<double, double>> group_means;
  std::vector<std::pair<double, double>> group_mean_of(groups, {0.0, 0.0});
  for (size_t g = 0; g < groups; ++g) {
    if (members[g].empty()) continue;
    group_mean_of[g] = RandomEffectsMean(members[g], out.tau2_series);
    group_means.push_back(group_mean_of[g]);
  }
  out.tau2_groups = BetweenVariance({group_means});
  const auto [overall, overall_var] = RandomEffectsMean(group_means, out.tau2_groups);
  boost::math::normal normal;
  const double z = boost::math::quantile(normal, (1.0 + options.interval) / 2.0);
  out.overall = Interval(overall, overall_var, z);
  out.groups.resize(groups);
  for (size_t g = 0; g < groups; ++g) {
    GroupElasticity& ge = out.groups[g];
    ge.name = panel.groups[g];
    ge.n_estimated = static_cast<int>(members[g].size());
    if (members[g].empty()) {
      ge.estimate = Interval(overall, overall_var + out.tau2_groups, z);
      continue;
    }
    const auto [mean, var] = group_mean_of[g];
    const double w = out.tau2_groups / (out.tau2_groups + var);
    ge.weight = w;
    ge.estimate =
        Interval(w * mean + (1 - w) * overall, w * var + (1 - w) * (1 - w) * overall_var, z);
  }
  for (size_t i = 0; i < panel.series.size(); ++i) {
    SeriesElasticity& se = out.series[i];
    const GroupElasticity& ge = out.groups[static_cast<size_t>(panel.series[i].group)];
    ++out.groups[static_cast<size_t>(panel.series[i].group)].n_series;
    const double group_var = ge.estimate.sd * ge.estimate.sd;
    if (se.fit.estimated) {
      const double v = se.fit.se * se.fit.se;
      const double w = out.tau2_series / (out.tau2_series + v);
      se.weight = w;
      se.estimate = Interval(w * se.fit.elasticity + (1 - w) * ge.estimate.elasticity,
                             w * v + (1 - w) * (1 - w) * group_var, z);
      se.pooling = panel.series_level;
    } else {
      se.estimate = Interval(ge.estimate.elasticity, group_var + out.tau2_series, z);
      se.pooling = ge.n_estimated > 0 ? panel.group_level : panel.top_level;
    }
  }
  return out;
}

}  // namespace mercato::pricing
