// The statistics of experiment analysis as small pure functions: moments, Welch tests, the delta
// method, winsorizing, CUPED, the mSPRT always-valid p-value and confidence sequence, the
// Bayesian normal view, the sample-ratio χ² test and Benjamini–Hochberg. CDFs and quantiles come
// from Boost.Math; every formula and its source is stated at its function.
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

namespace mercato::experiment {

/// Count, means, variances and covariance of pairs (x, y) in one pass: Welford's update with the
/// co-moment (Welford 1962; Chan, Golub & LeVeque 1979 for Merge), numerically stable for large
/// means. A metric without a covariate uses y alone (x = 0).
class Moments {
 public:
  void Add(double y) { Add(0.0, y); }
  void Add(double x, double y);
  /// The moments of the union of both samples (Chan et al.'s pairwise formula).
  void Merge(const Moments& other);

  int64_t count() const { return n_; }
  double mean_x() const { return mean_x_; }
  double mean_y() const { return mean_y_; }
  /// Sample (n − 1) variances and covariance; 0 below two observations.
  double variance_x() const { return n_ > 1 ? m2x_ / static_cast<double>(n_ - 1) : 0.0; }
  double variance_y() const { return n_ > 1 ? m2y_ / static_cast<double>(n_ - 1) : 0.0; }
  double covariance() const { return n_ > 1 ? cxy_ / static_cast<double>(n_ - 1) : 0.0; }

 private:
  int64_t n_ = 0;
  double mean_x_ = 0, mean_y_ = 0, m2x_ = 0, m2y_ = 0, cxy_ = 0;
};

/// An arm's estimate of a metric: its value, the variance of that value (squared standard
/// error) and the degrees of freedom that variance carries (n − 1), and the unit count.
struct Estimate {
  double value = 0;
  double variance = 0;
  double dof = 0;
  int64_t units = 0;
};

/// The mean of y: value ȳ, variance s²/n, dof n − 1.
Estimate MeanEstimate(const Moments& m);

/// The ratio ȳ/x̄ (e.g. revenue per order) by the delta method (Deng, Knoblich & Lu 2018,
/// "Applying the Delta Method in Metric Analytics"): with μ = x̄,
/// Var ≈ (s²_y/μ² − 2 ȳ s_xy/μ³ + ȳ² s²_x/μ⁴) / n; dof n − 1. NaN value when x̄ = 0.
Estimate RatioEstimate(const Moments& m);

/// CUPED's coefficient (Deng, Xu, Kohavi & Walker 2013): θ = cov(x, y)/var(x) over the units of
/// every arm pooled; 0 when x does not vary.
double CupedTheta(const Moments& pooled);

/// An arm's CUPED-adjusted mean of y with covariate x: ȳ − θ(x̄ − pooled_mean_x), variance
/// (s²_y − 2θ s_xy + θ² s²_x)/n, dof n − 1. With θ pooled across arms the difference of two
/// adjusted means is unbiased for the difference of the arms' means.
Estimate CupedEstimate(const Moments& arm, double theta, double pooled_mean_x);

/// Variance reduction of a comparison: 1 − (adjusted variances' sum)/(unadjusted sum), in [0, 1]
/// when θ is the pooled least-squares coefficient (clamped to ≥ 0 for tiny samples).
double VarianceReduction(const Estimate& control_raw, const Estimate& variant_raw,
                         const Estimate& control_adjusted, const Estimate& variant_adjusted);

/// The value at the q-quantile of `values` by the inverse empirical CDF (the order statistic
/// of rank ⌈q·n⌉, 1-based): values above it are capped to it when winsorizing. q in (0, 1];
/// q = 1 gives the maximum; NaN for no values. O(n) (nth_element on the copy).
double WinsorCap(std::vector<double> values, double q);

/// Fixed-horizon comparison of two arms' estimates (variant − control).
struct Comparison {
  double difference = 0;
  double standard_error = 0;
  double t = 0;   // difference / standard error
  double df = 0;  // Welch–Satterthwaite degrees of freedom
  double p_value = 1;
  double ci_low = 0, ci_high = 0;
  double relative_lift = 0;  // difference / control value
  double relative_ci_low = 0, relative_ci_high = 0;
};

/// Welch's unequal-variance t-test (Welch 1947) of variant − control at level alpha:
/// se² = V_c + V_v, df = se⁴ / (V_c²/dof_c + V_v²/dof_v) (Welch–Satterthwaite), two-sided
/// p = 2·(1 − F_t,df(|t|)), CI = difference ± t_{1−α/2, df}·se. The relative lift v/c − 1 has its
/// CI by the delta method: Var ≈ V_v/c² + v²·V_c/c⁴, with the same critical value.
/// For two MeanEstimates this is exactly SciPy's ttest_ind(equal_var=False).
/// Degenerate cases: an arm with dof ≤ 0 (fewer than two units) gives p = 1 and NaN intervals;
/// se = 0 gives p = 1 for a zero difference and 0 otherwise, and a zero-width interval; a zero
/// control value gives NaN relative figures.
Comparison WelchCompare(const Estimate& control, const Estimate& variant, double alpha);

/// mSPRT with a normal mixture (Johari, Koomen, Pekelis & Walsh 2017, "Peeking at A/B tests";
/// Robbins 1970): for an estimated difference Δ̂ with variance V and the mixing distribution
/// N(0, τ²) over the true difference, the likelihood ratio against the difference θ₀ is
/// Λ = √(V/(V+τ²)) · exp(τ²(Δ̂−θ₀)² / (2V(V+τ²))).
double MsprtLikelihoodRatio(double difference, double variance, double tau2, double theta0 = 0);

/// Half-width of the level-(1−α) mSPRT confidence interval at one look: the θ₀ with Λ < 1/α,
/// √(V(V+τ²)/τ² · (ln((V+τ²)/V) − 2 ln α)).
double MsprtHalfWidth(double variance, double tau2, double alpha);

/// The mixing variance τ² the analysis uses: (ρ·σ)², with σ² the per-unit variance averaged over
/// both arms (V·n per arm) and ρ the standardized effect size the mixture is centred on
/// (AnalysisOptions::sequential_effect_size, 0.05 by default: the boundary is within ~10% of its
/// tightest for tens of thousands to millions of units).
double MsprtTau2(const Estimate& control, const Estimate& variant, double effect_size);

/// Always-valid inference over successive looks: the p-value is the running minimum of
/// min(1, 1/Λₖ) and the confidence sequence the running intersection of each look's interval,
/// so both stay valid whenever one stops (Johari et al. 2017, §3). Looks where the variance is
/// not positive change nothing.
class SequentialTest {
 public:
  explicit SequentialTest(double alpha) : alpha_(alpha) {}
  void Look(double difference, double variance, double tau2);
  double p_value() const { return p_; }
  /// NaN before the first usable look.
  double ci_low() const { return low_; }
  double ci_high() const { return high_; }

 private:
  double alpha_;
  double p_ = 1;
  double low_ = std::numeric_limits<double>::quiet_NaN();
  double high_ = std::numeric_limits<double>::quiet_NaN();
  bool any_ = false;
};

/// The Bayesian view with a flat prior and a normal likelihood: the difference is N(Δ̂, se²),
/// so P(variant beats control) = Φ(Δ̂/se) and the expected loss of choosing the variant,
/// E[max(0, −Δ)] = se·φ(Δ̂/se) − Δ̂·Φ(−Δ̂/se) (in the metric's units). se = 0 gives 1, ½ or 0
/// and loss max(0, −Δ̂).
struct BayesianView {
  double chance_to_beat_control = 0.5;
  double expected_loss = 0;
};
BayesianView NormalPosterior(double difference, double standard_error);

/// Pearson's χ² goodness of fit of `observed` counts against `weights` (normalized to sum to 1):
/// χ² = Σ (O − E)²/E with E = N·w, df = k − 1 (categories with zero weight and no observation
/// are left out; an observation in a zero-weight category gives p = 0). p = 1 − F_χ²,df(χ²).
struct ChiSquareTest {
  std::vector<double> expected;
  double chi_square = 0;
  double df = 0;
  double p_value = 1;
};
ChiSquareTest ChiSquareGoodnessOfFit(const std::vector<int64_t>& observed,
                                     const std::vector<double>& weights);

/// Benjamini & Hochberg (1995) adjusted p-values (as R's p.adjust(method = "BH")): sort
/// ascending, p_(i)·m/i, then the running minimum from the largest rank down, capped at 1;
/// returned in the input's order.
std::vector<double> BenjaminiHochberg(const std::vector<double>& p_values);

}  // namespace mercato::experiment
