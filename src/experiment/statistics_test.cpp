// Tests of the experiment statistics against hand-computed values (derivations beside each);
// the large-sample agreement with SciPy is tests/experiment_scipy_agreement.py.
#include "experiment/statistics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace mercato::experiment {
namespace {

Moments MomentsOf(const std::vector<double>& ys) {
  Moments m;
  for (double y : ys) m.Add(y);
  return m;
}

TEST(MomentsTest, WelfordIsExactFarFromZero) {
  // 1e9 + {4, 7, 13, 16}: mean 1e9 + 10, deviations −6, −3, 3, 6 → Σd² = 90, s² = 90/3 = 30.
  // The textbook sum-of-squares formula loses every digit here.
  const Moments m = MomentsOf({1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16});
  EXPECT_EQ(m.count(), 4);
  EXPECT_DOUBLE_EQ(m.mean_y(), 1e9 + 10);
  EXPECT_NEAR(m.variance_y(), 30.0, 1e-6);
}

TEST(MomentsTest, MergeEqualsAddingEverything) {
  Moments all, first, second;
  for (int i = 0; i < 50; ++i) {
    const double x = i * 0.5;
    const double y = 3 + 2 * x + (i % 7);
    all.Add(x, y);
    (i < 17 ? first : second).Add(x, y);
  }
  first.Merge(second);
  EXPECT_EQ(first.count(), all.count());
  EXPECT_NEAR(first.mean_x(), all.mean_x(), 1e-12);
  EXPECT_NEAR(first.mean_y(), all.mean_y(), 1e-12);
  EXPECT_NEAR(first.variance_x(), all.variance_x(), 1e-9);
  EXPECT_NEAR(first.variance_y(), all.variance_y(), 1e-9);
  EXPECT_NEAR(first.covariance(), all.covariance(), 1e-9);
  Moments empty;
  empty.Merge(all);
  EXPECT_NEAR(empty.variance_y(), all.variance_y(), 1e-12);
}

TEST(WelchTest, TinySamplesByHand) {
  // control {1,2,3,4}: mean 2.5, s² = (2.25+0.25+0.25+2.25)/3 = 5/3, V_c = 5/12.
  // variant {2,4,6,8,10}: mean 6, s² = (16+4+0+4+16)/4 = 10, V_v = 2.
  // Δ = 3.5, se² = 29/12, t = 3.5/√(29/12) = 2.2514363231593695 (= SciPy's ttest_ind(equal_var=
  // False)), df = (29/12)² / ((5/12)²/3 + 2²/4) = 5.520787746170677, p = 0.06913359319239236.
  // t_{0.975, df} = 2.4993310929466621, where SciPy's own CDF, 1 − I_{df/(df+t²)}(df/2, ½)/2,
  // is 0.975 (SciPy 1.10's t.ppf answers 2.499331088, 5e-9 lower, where its CDF is
  // 0.97499999984) → CI 3.5 ± 2.4993·1.5546 = [−0.38537, 7.38537].
  // Relative: 6/2.5 − 1 = 1.4, Var = 2/2.5² + 6²·(5/12)/2.5⁴ = 0.32 + 0.384 = 0.704,
  // CI 1.4 ± 2.4993·√0.704 = [−0.69706, 3.49706].
  const Comparison c = WelchCompare(MeanEstimate(MomentsOf({1, 2, 3, 4})),
                                    MeanEstimate(MomentsOf({2, 4, 6, 8, 10})), 0.05);
  EXPECT_DOUBLE_EQ(c.difference, 3.5);
  EXPECT_NEAR(c.t, 2.2514363231593695, 1e-12);
  EXPECT_NEAR(c.df, 5.520787746170677, 1e-12);
  EXPECT_NEAR(c.p_value, 0.06913359319239236, 1e-12);
  EXPECT_NEAR(c.ci_low, -0.3853680805140449, 1e-12);
  EXPECT_NEAR(c.ci_high, 7.385368080514045, 1e-12);
  EXPECT_DOUBLE_EQ(c.relative_lift, 1.4);
  EXPECT_NEAR(c.relative_ci_low, -0.6970564518313878, 1e-12);
  EXPECT_NEAR(c.relative_ci_high, 3.4970564518313876, 1e-12);
}

TEST(WelchTest, DegenerateSamples) {
  // One unit in an arm: no variance, so no test.
  Comparison c = WelchCompare(MeanEstimate(MomentsOf({1})), MeanEstimate(MomentsOf({1, 2})), 0.05);
  EXPECT_EQ(c.p_value, 1);
  EXPECT_TRUE(std::isnan(c.ci_low));
  // No variance in either arm: an exact difference.
  c = WelchCompare(MeanEstimate(MomentsOf({2, 2})), MeanEstimate(MomentsOf({3, 3, 3})), 0.05);
  EXPECT_EQ(c.p_value, 0);
  EXPECT_EQ(c.ci_low, 1);
  EXPECT_EQ(c.ci_high, 1);
  c = WelchCompare(MeanEstimate(MomentsOf({2, 2})), MeanEstimate(MomentsOf({2, 2, 2})), 0.05);
  EXPECT_EQ(c.p_value, 1);
  // A zero control mean has no relative lift.
  c = WelchCompare(MeanEstimate(MomentsOf({0, 0, 1, -1})), MeanEstimate(MomentsOf({1, 2})), 0.05);
  EXPECT_TRUE(std::isnan(c.relative_lift));
  EXPECT_TRUE(std::isfinite(c.ci_low));
}

TEST(RatioEstimateTest, DeltaMethodByHand) {
  // (orders, revenue) = (1,10), (2,30), (1,20): x̄ = 4/3, ȳ = 20, r = 15.
  // s²_x = (1/9+4/9+1/9)/2 = 1/3, s²_y = (100+100+0)/2 = 100, s_xy = (10/3+20/3+0)/2 = 5.
  // Var = (100 − 2·15·5 + 15²/3) / (4/3)² / 3 = 25 · 9/16 / 3 = 4.6875.
  Moments m;
  m.Add(1, 10);
  m.Add(2, 30);
  m.Add(1, 20);
  const Estimate e = RatioEstimate(m);
  EXPECT_NEAR(e.value, 15.0, 1e-12);
  EXPECT_NEAR(e.variance, 4.6875, 1e-12);
  EXPECT_EQ(e.dof, 2);
  Moments no_orders;
  no_orders.Add(0, 0);
  no_orders.Add(0, 0);
  EXPECT_TRUE(std::isnan(RatioEstimate(no_orders).value));
}

TEST(CupedTest, RemovesAllVarianceWhenTheOutcomeIsTheCovariate) {
  // y = x: θ = cov/var = 1 and every adjusted value is the pooled mean of x, so variance 0.
  Moments control, variant, pooled;
  for (int i = 0; i < 40; ++i) {
    const double x = (i * 37) % 11;
    (i % 2 == 0 ? control : variant).Add(x, x);
    pooled.Add(x, x);
  }
  const double theta = CupedTheta(pooled);
  EXPECT_NEAR(theta, 1.0, 1e-12);
  const Estimate c = CupedEstimate(control, theta, pooled.mean_x());
  const Estimate v = CupedEstimate(variant, theta, pooled.mean_x());
  EXPECT_NEAR(c.variance, 0.0, 1e-12);
  EXPECT_NEAR(v.variance, 0.0, 1e-12);
  EXPECT_NEAR(c.value, pooled.mean_x(), 1e-12);
  EXPECT_NEAR(VarianceReduction(MeanEstimate(control), MeanEstimate(variant), c, v), 1.0, 1e-9);
}

TEST(CupedTest, HalfTheVarianceGoesWithCorrelationOneOverRootTwo) {
  // y = x + e with x ⟂ e and equal variance: ρ² = 1/2, so the variance reduction is ≈ 50%.
  std::mt19937_64 rng(7);
  std::normal_distribution<double> normal;
  Moments control, variant, pooled;
  for (int i = 0; i < 200000; ++i) {
    const double x = normal(rng);
    const double y = x + normal(rng);
    (i % 2 == 0 ? control : variant).Add(x, y);
    pooled.Add(x, y);
  }
  const double theta = CupedTheta(pooled);
  EXPECT_NEAR(theta, 1.0, 0.01);
  const double reduction = VarianceReduction(MeanEstimate(control), MeanEstimate(variant),
                                             CupedEstimate(control, theta, pooled.mean_x()),
                                             CupedEstimate(variant, theta, pooled.mean_x()));
  EXPECT_NEAR(reduction, 0.5, 0.01);
  // No covariate variation: θ = 0 and nothing changes.
  EXPECT_EQ(CupedTheta(MomentsOf({1, 2, 3})), 0.0);
}

TEST(WinsorCapTest, InverseEmpiricalQuantile) {
  std::vector<double> hundred;
  for (int i = 100; i >= 1; --i) hundred.push_back(i);
  EXPECT_EQ(WinsorCap(hundred, 0.99), 99);  // rank ⌈99⌉
  EXPECT_EQ(WinsorCap(hundred, 1.0), 100);
  EXPECT_EQ(WinsorCap(hundred, 0.5), 50);
  EXPECT_EQ(WinsorCap({3, 1, 2, 10, 9, 8, 7, 6, 5, 4}, 0.95), 10);  // rank ⌈9.5⌉ = 10
  EXPECT_EQ(WinsorCap({3, 1, 2, 10, 9, 8, 7, 6, 5, 4}, 0.9), 9);
  EXPECT_TRUE(std::isnan(WinsorCap({}, 0.9)));
}

TEST(MsprtTest, LikelihoodRatioAndHalfWidthByHand) {
  // V = 1, τ² = 1, Δ = 2: Λ = √(1/2)·exp(1·4/(2·1·2)) = e/√2 = 1.9221155140795585.
  EXPECT_NEAR(MsprtLikelihoodRatio(2, 1, 1), 1.9221155140795585, 1e-12);
  // Under the null value itself Λ = √(V/(V+τ²)) < 1.
  EXPECT_NEAR(MsprtLikelihoodRatio(2, 1, 1, 2), std::sqrt(0.5), 1e-12);
  // Half-width √(1·2/1·(ln 2 − 2 ln 0.05)) = 3.6563948713638483.
  EXPECT_NEAR(MsprtHalfWidth(1, 1, 0.05), 3.6563948713638483, 1e-12);
  // τ² from the per-unit variances: V·n = 2 in both arms, ρ = 0.1 → τ² = 0.01·2.
  Estimate c{.value = 0, .variance = 0.02, .dof = 99, .units = 100};
  EXPECT_NEAR(MsprtTau2(c, c, 0.1), 0.02, 1e-15);
}

TEST(MsprtTest, PValueIsMonotoneAndNeverBelowTheFixedHorizonP) {
  // Daily looks at a growing A/B sample with a real effect: the always-valid p only falls, and
  // at every look it is at least the fixed-horizon p of the same data; each look's interval is
  // wider than the fixed one, and the running intersection only narrows.
  std::mt19937_64 rng(11);
  std::normal_distribution<double> normal;
  Moments a, b;
  SequentialTest seq(0.05);
  double previous_p = 1;
  double previous_width = std::numeric_limits<double>::infinity();
  for (int look = 0; look < 60; ++look) {
    for (int i = 0; i < 100; ++i) {
      a.Add(normal(rng));
      b.Add(normal(rng) + 0.1);
    }
    const Estimate ea = MeanEstimate(a);
    const Estimate eb = MeanEstimate(b);
    const Comparison fixed = WelchCompare(ea, eb, 0.05);
    const double tau2 = MsprtTau2(ea, eb, 0.05);
    seq.Look(fixed.difference, ea.variance + eb.variance, tau2);
    EXPECT_LE(seq.p_value(), previous_p);
    EXPECT_GE(seq.p_value(), fixed.p_value) << "look " << look;
    EXPECT_GT(MsprtHalfWidth(ea.variance + eb.variance, tau2, 0.05),
              fixed.ci_high - fixed.difference);
    EXPECT_LE(seq.ci_high() - seq.ci_low(), previous_width);
    previous_p = seq.p_value();
    previous_width = seq.ci_high() - seq.ci_low();
  }
  EXPECT_LT(seq.p_value(), 0.05);  // 6,000 per arm, d = 0.1σ: z ≈ 5.5 at the last look
}

TEST(MsprtTest, LooksWithoutVarianceChangeNothing) {
  SequentialTest seq(0.05);
  seq.Look(1.0, 0.0, 1.0);
  seq.Look(std::nan(""), 1.0, 1.0);
  EXPECT_EQ(seq.p_value(), 1);
  EXPECT_TRUE(std::isnan(seq.ci_low()));
}

TEST(BayesianTest, NormalPosteriorByHand) {
  // Δ = 1, se = 1: Φ(1) = 0.8413447460685429; loss = φ(1) − 1·Φ(−1) = 0.08331547058768629.
  BayesianView b = NormalPosterior(1, 1);
  EXPECT_NEAR(b.chance_to_beat_control, 0.8413447460685429, 1e-12);
  EXPECT_NEAR(b.expected_loss, 0.08331547058768629, 1e-12);
  // Δ = 0: even odds, loss = se·φ(0) = 2·0.3989422804014327.
  b = NormalPosterior(0, 2);
  EXPECT_DOUBLE_EQ(b.chance_to_beat_control, 0.5);
  EXPECT_NEAR(b.expected_loss, 2 * 0.3989422804014327, 1e-12);
  b = NormalPosterior(-3, 0);
  EXPECT_EQ(b.chance_to_beat_control, 0);
  EXPECT_EQ(b.expected_loss, 3);
}

TEST(ChiSquareTest, SampleRatioByHand) {
  // 520/480 against 50/50: E = 500 each, χ² = (400 + 400)/500 = 1.6, df 1,
  // p = 0.20590321073206466 (scipy.stats.chisquare).
  ChiSquareTest t = ChiSquareGoodnessOfFit({520, 480}, {0.5, 0.5});
  EXPECT_NEAR(t.chi_square, 1.6, 1e-12);
  EXPECT_EQ(t.df, 1);
  EXPECT_NEAR(t.p_value, 0.20590321073206466, 1e-12);
  // 5210/4790: χ² = 2·210²/5000 = 17.64, p = 2.6691498031812692e-05 < 0.001: a mismatch.
  t = ChiSquareGoodnessOfFit({5210, 4790}, {0.5, 0.5});
  EXPECT_NEAR(t.chi_square, 17.64, 1e-9);
  EXPECT_NEAR(t.p_value, 2.6691498031812692e-05, 1e-15);
  // Three arms 50/25/25 (weights need not sum to 1): 480/260/260 → (400/500 + 100/250·2) = 1.6,
  // df 2, p = e^{−0.8} = 0.4493289641172217.
  t = ChiSquareGoodnessOfFit({480, 260, 260}, {2, 1, 1});
  EXPECT_NEAR(t.chi_square, 1.6, 1e-12);
  EXPECT_EQ(t.df, 2);
  EXPECT_NEAR(t.p_value, 0.4493289641172217, 1e-12);
  EXPECT_NEAR(t.expected[0], 500, 1e-9);
  // A unit in a variant that takes no traffic cannot happen by chance.
  t = ChiSquareGoodnessOfFit({10, 10, 1}, {0.5, 0.5, 0});
  EXPECT_EQ(t.p_value, 0);
}

TEST(BenjaminiHochbergTest, SmallExampleByHand) {
  // Sorted 0.005, 0.01, 0.03, 0.04, 0.2 → p·5/rank = 0.025, 0.025, 0.05, 0.05, 0.2, already
  // non-decreasing; back in input order.
  const std::vector<double> adjusted = BenjaminiHochberg({0.01, 0.04, 0.03, 0.005, 0.2});
  const std::vector<double> expected = {0.025, 0.05, 0.05, 0.025, 0.2};
  ASSERT_EQ(adjusted.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) EXPECT_NEAR(adjusted[i], expected[i], 1e-15);
}

TEST(BenjaminiHochbergTest, TheTextbookExampleRejectsFour) {
  // Benjamini & Hochberg (1995), §4: 15 p-values; at q = 0.05 the first four are rejected.
  // The fourth: 0.0095·15/4 = 0.035625; the fifth 0.0201·15/5 = 0.0603 (the running minimum of
  // the later ones, 0.0298·15/7 = 0.06386, 0.0344·15/8 = 0.0645, 0.0459·15/9 = 0.0765, is larger).
  const std::vector<double> p = {0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344,
                                 0.0459, 0.3240, 0.4262, 0.5719, 0.6528, 0.7590, 1.0000};
  const std::vector<double> adjusted = BenjaminiHochberg(p);
  int rejected = 0;
  for (double a : adjusted) rejected += a < 0.05 ? 1 : 0;
  EXPECT_EQ(rejected, 4);
  EXPECT_NEAR(adjusted[3], 0.035625, 1e-12);
  EXPECT_NEAR(adjusted[4], 0.0603, 1e-12);
  EXPECT_NEAR(adjusted[14], 1.0, 1e-12);
  // A monotone step: the smaller rank never gets a larger adjusted value.
  for (size_t i = 1; i < p.size(); ++i) EXPECT_LE(adjusted[i - 1], adjusted[i]);
}

}  // namespace
}  // namespace mercato::experiment
