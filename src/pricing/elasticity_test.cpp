// Tests of the per-series demand model and the empirical Bayes shrinkage against hand-computed
// values.
#include "pricing/elasticity.h"

#include <gtest/gtest.h>

#include <cmath>

namespace mercato::pricing {
namespace {

// 20 weeks whose prices cycle through 8, 10, 12.5 and 9 with a promotion every fifth week:
// units = exp(8 − 1.8·log(price) + 0.3·promo) exactly (about 50 a week), no noise.
PriceSeries NoiselessSeries(double elasticity) {
  PriceSeries s;
  const double prices[] = {8, 10, 12.5, 9};
  for (int w = 0; w < 20; ++w) {
    const double price = prices[w % 4];
    const double promo = w % 5 == 0 ? 1.0 : 0.0;
    s.period.push_back(100 + w);
    s.price.push_back(price);
    s.promo.push_back(promo);
    s.units.push_back(std::exp(8 + elasticity * std::log(price) + 0.3 * promo));
  }
  return s;
}

TEST(FitSeries, NoiselessLogLogSeriesRecoversItsElasticityExactly) {
  const SeriesFit fit = FitSeries(NoiselessSeries(-1.8), {}, {});
  ASSERT_TRUE(fit.estimated) << fit.reason;
  EXPECT_NEAR(fit.elasticity, -1.8, 1e-9);
  // Terms: no feature; 20 weeks span more than 8, fewer than 52.
  ASSERT_EQ(fit.terms, (std::vector<std::string>{"intercept", "log_price", "promo", "trend"}));
  EXPECT_NEAR(fit.coefficients[0], 8.0, 1e-9);
  EXPECT_NEAR(fit.coefficients[2], 0.3, 1e-9);
  EXPECT_NEAR(fit.coefficients[3], 0.0, 1e-9);
  EXPECT_EQ(fit.n_obs, 20);
  EXPECT_EQ(fit.n_price_changes, 19);  // every week's price differs from the one before
  // No noise: Pearson dispersion 0, floored at the Poisson's 1, so se = sqrt([X'WX]^-1)_11:
  // about 1/sqrt(Σμ·var(log price)) = 1/sqrt(1000·0.027) ≈ 0.19, inflated by the other terms.
  EXPECT_GT(fit.se, 0.1);
  EXPECT_LT(fit.se, 0.4);
}

TEST(FitSeries, NoPriceVariationZeroSalesOrTooFewWeeksArePooledNotFitted) {
  PriceSeries flat = NoiselessSeries(-1.8);
  for (double& p : flat.price) p = 10;
  SeriesFit fit = FitSeries(flat, {}, {});
  EXPECT_FALSE(fit.estimated);
  EXPECT_EQ(fit.n_price_changes, 0);
  EXPECT_EQ(fit.reason, "0 price changes (at least 1 needed)");

  PriceSeries none = NoiselessSeries(-1.8);
  for (double& u : none.units) u = 0;
  fit = FitSeries(none, {}, {});
  EXPECT_FALSE(fit.estimated);
  EXPECT_EQ(fit.reason, "no units sold in its observed periods");

  // 6 weeks (span < 8: no trend): intercept, log price, promo need 3 + 4 residual = 7 weeks.
  PriceSeries short_series = NoiselessSeries(-1.8);
  for (auto* v :
       {&short_series.units, &short_series.price, &short_series.promo, &short_series.feature}) {
    v->resize(6);
  }
  short_series.period.resize(6);
  fit = FitSeries(short_series, {}, {});
  EXPECT_FALSE(fit.estimated);
  EXPECT_EQ(fit.reason, "6 observed periods for 3 terms (at least 7 needed)");

  // A promotion whose two weeks sold nothing while every other week sold: the promotion's
  // coefficient runs to minus infinity (separation), so no finite fit exists.
  PriceSeries separated = NoiselessSeries(-1.8);
  for (size_t i = 0; i < separated.units.size(); ++i) {
    if (separated.promo[i] > 0) separated.units[i] = 0;
  }
  fit = FitSeries(separated, {}, {});
  EXPECT_FALSE(fit.estimated);
  EXPECT_EQ(fit.reason,
            "the demand model has no finite fit (a term separates weeks without sales)");

  PriceSeries empty;
  EXPECT_FALSE(FitSeries(empty, {}, {}).estimated);
}

TEST(FitSeries, PricesThatMoveOnlyWithAPromotionAreCollinearAndDropThePromotion) {
  // The price is 8 exactly in the promotion weeks and 10 otherwise: log price and promo are
  // collinear; the promotion term (after log price) is dropped, the trend kept, and the fit runs.
  PriceSeries s = NoiselessSeries(-1.8);
  for (size_t i = 0; i < s.price.size(); ++i) {
    s.price[i] = s.promo[i] > 0 ? 8 : 10;
    s.units[i] = std::exp(8 - 1.8 * std::log(s.price[i]));
  }
  const SeriesFit fit = FitSeries(s, {}, {});
  ASSERT_TRUE(fit.estimated) << fit.reason;
  EXPECT_EQ(fit.terms, (std::vector<std::string>{"intercept", "log_price", "trend"}));
  EXPECT_NEAR(fit.elasticity, -1.8, 1e-9);
}

SeriesFit Fitted(double elasticity, double se) {
  SeriesFit f;
  f.estimated = true;
  f.elasticity = elasticity;
  f.se = se;
  return f;
}

// Mugs: two well-measured products (−2 and −1, se 0.2), a thin one (0, se 1) and one without a
// fit; Lamps: −3 and −2.6 (se 0.2); Rugs: one product, no fit.
TEST(ShrinkElasticities, ThinProductsBorrowFromTheirCategoryWithTheStatedWeights) {
  PricePanel panel;
  panel.groups = {"Mugs", "Lamps", "Rugs"};
  for (int g : {0, 0, 0, 0, 1, 1, 2}) {
    PriceSeries s;
    s.group = g;
    panel.series.push_back(s);
  }
  const std::vector<SeriesFit> fits = {
      Fitted(-2, 0.2), Fitted(-1, 0.2), Fitted(0, 1), {}, Fitted(-3, 0.2), Fitted(-2.6, 0.2), {}};
  const ElasticityReport r = ShrinkElasticities(panel, fits, {}).value();
  EXPECT_EQ(r.n_estimated, 5);
  // Between products (DerSimonian–Laird, pooled over categories):
  //   Mugs: w = 25, 25, 1; fixed mean = (−50 − 25 + 0)/51 = −1.470588;
  //         Q = 25·0.529412² + 25·0.470588² + 1·1.470588² = 14.705882; C = 51 − 1251/51 = 26.470588
  //   Lamps: fixed mean −2.8; Q = 25·0.04·2 = 2; C = 50 − 1250/50 = 25
  //   tau2 = (16.705882 − 3) / 51.470588 = 0.266286
  EXPECT_NEAR(r.tau2_series, 0.2662857142857143, 1e-12);
  // Category means with weights 1/(v + tau2): Mugs −1.338164 (variance 0.136620), Lamps −2.8
  // (0.153143). Between categories: w = 7.3195, 6.5299; fixed mean −2.027404;
  // Q = 7.374866, C = 6.902191, tau2 = (7.374866 − 1)/6.902191 = 0.923600.
  EXPECT_NEAR(r.tau2_groups, 0.9236003507333053, 1e-9);
  // Store: weights 1/(V_g + 0.9236): mean −2.063431, variance 0.534209.
  EXPECT_NEAR(r.overall.elasticity, -2.0634307864165047, 1e-9);
  EXPECT_NEAR(r.overall.sd, std::sqrt(0.5342090014771537), 1e-9);
  // Mugs shrunk toward the store: w = 0.9236/(0.9236 + 0.136620) = 0.871140;
  // mean 0.871140·(−1.338164) + 0.128860·(−2.063431) = −1.431622;
  // variance 0.871140·0.136620 + 0.128860²·0.534209 = 0.127886.
  EXPECT_NEAR(r.groups[0].weight, 0.8711398321587486, 1e-9);
  EXPECT_NEAR(r.groups[0].estimate.elasticity, -1.4316222186643752, 1e-9);
  EXPECT_NEAR(r.groups[0].estimate.sd, std::sqrt(0.12788580615646172), 1e-9);
  EXPECT_EQ(r.groups[0].n_series, 4);
  EXPECT_EQ(r.groups[0].n_estimated, 3);
  // The thin product (se 1): w = 0.266286/(0.266286 + 1) = 0.210289; mean
  // 0.210289·0 + 0.789711·(−1.431622) = −1.130568; variance 0.210289·1 + 0.789711²·0.127886
  // = 0.290044; 90%: ± 1.644854·0.538557.
  const SeriesElasticity& thin = r.series[2];
  EXPECT_EQ(thin.pooling, "product");
  EXPECT_NEAR(thin.weight, 0.21028880866425995, 1e-9);
  EXPECT_NEAR(thin.estimate.elasticity, -1.130568087844159, 1e-9);
  EXPECT_NEAR(thin.estimate.ci_low, -2.01641606037839, 1e-9);
  EXPECT_NEAR(thin.estimate.ci_high, -0.2447201153099282, 1e-9);
  // A well-measured one keeps most of its own: w = 0.266286/(0.266286 + 0.04) = 0.869403.
  EXPECT_NEAR(r.series[0].weight, 0.8694029850746269, 1e-9);
  EXPECT_NEAR(r.series[0].estimate.elasticity, -1.925771558407661, 1e-9);
  // Without a fit: the category's posterior, widened by tau2 (0.127886 + 0.266286).
  EXPECT_EQ(r.series[3].pooling, "category");
  EXPECT_DOUBLE_EQ(r.series[3].estimate.elasticity, r.groups[0].estimate.elasticity);
  EXPECT_NEAR(r.series[3].estimate.sd, std::sqrt(0.394171520442176), 1e-9);
  // A category without fits: the store's mean, widened by both between variances
  // (0.534209 + 0.923600 + 0.266286).
  EXPECT_EQ(r.series[6].pooling, "store");
  EXPECT_NEAR(r.series[6].estimate.elasticity, -2.0634307864165047, 1e-9);
  EXPECT_NEAR(r.series[6].estimate.sd, std::sqrt(1.7240950664961732), 1e-9);
}

TEST(ShrinkElasticities, BadIntervalCountsOrGroupsAreErrorsAndNoFitIsAClearStatus) {
  PricePanel panel;
  panel.groups = {"Mugs"};
  panel.series.resize(2);
  ElasticityOptions options;
  options.interval = 1.5;
  EXPECT_EQ(ShrinkElasticities(panel, {{}, {}}, options).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(ShrinkElasticities(panel, {{}}, {}).status().code(), StatusCode::kInvalidArgument);
  const Status none = ShrinkElasticities(panel, {{}, {}}, {}).status();
  EXPECT_EQ(none.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(none.message().find("no product has enough price variation"), std::string::npos)
      << none.message();
  panel.series[1].group = 3;
  EXPECT_EQ(ShrinkElasticities(panel, {Fitted(-1, 0.1), {}}, {}).status().code(),
            StatusCode::kInvalidArgument);
}

TEST(EstimateElasticities, OneFittedSeriesAndOneFlatOnePoolTheFlatOne) {
  PricePanel panel;
  panel.groups = {"Mugs"};
  panel.series = {NoiselessSeries(-1.8), NoiselessSeries(-1.8)};
  for (double& p : panel.series[1].price) p = 10;
  const ElasticityReport r = EstimateElasticities(panel, {}).value();
  EXPECT_EQ(r.series[0].pooling, "product");
  EXPECT_EQ(r.series[1].pooling, "category");
  // One fit: no between-variance is estimable (tau2 = 0), so every estimate is the category's,
  // which is the one fit: −1.8.
  EXPECT_NEAR(r.series[1].estimate.elasticity, -1.8, 1e-9);
  EXPECT_LT(r.series[1].estimate.ci_low, -1.8);
  EXPECT_GT(r.series[1].estimate.ci_high, -1.8);
}

}  // namespace
}  // namespace mercato::pricing
