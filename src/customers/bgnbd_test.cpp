// BG/NBD: published CDNOW estimates, recovery of simulated parameters, edge cases, determinism.
#include "customers/bgnbd.h"

#include <gtest/gtest.h>

#include <cmath>

#include "customers/cdnow_test_util.h"

namespace mercato::customers {
namespace {

constexpr BgNbdParams kCdnow{0.243, 4.414, 0.793, 2.426};

TEST(BgNbd, FitsPublishedCdnowEstimates) {
  const auto cdnow = testing::LoadCdnow();
  if (!cdnow) GTEST_SKIP() << "shared data absent: " << testing::CdnowPath("");
  auto fit = FitBgNbd(cdnow->customers);
  ASSERT_TRUE(fit.ok()) << fit.status().ToString();
  const BgNbdParams& p = fit->params;
  EXPECT_NEAR(p.r, kCdnow.r, 0.01 * kCdnow.r);
  EXPECT_NEAR(p.alpha, kCdnow.alpha, 0.01 * kCdnow.alpha);
  EXPECT_NEAR(p.a, kCdnow.a, 0.01 * kCdnow.a);
  EXPECT_NEAR(p.b, kCdnow.b, 0.01 * kCdnow.b);
  EXPECT_TRUE(fit->diagnostics.converged);
  EXPECT_EQ(fit->diagnostics.customers, 2357u);
  EXPECT_NEAR(fit->diagnostics.log_likelihood, -9582.4, 0.1);  // Fader, Hardie & Lee 2005
  const CustomerSummary first{"1", 2, 30.43, 38.86, 22.35};
  EXPECT_NEAR(BgNbdExpectedPurchases(p, first, 39), 1.226, 0.002);
}

TEST(BgNbd, ExpectedPurchasesWithPublishedParameters) {
  const CustomerSummary first{"1", 2, 30.43, 38.86, 0};
  EXPECT_NEAR(BgNbdExpectedPurchases(kCdnow, first, 39), 1.226, 0.002);
  EXPECT_EQ(BgNbdExpectedPurchases(kCdnow, first, 0), 0.0);
}

TEST(BgNbd, RecoversSimulatedParameters) {
  const BgNbdParams truth{0.5, 6.0, 0.8, 2.5};
  const auto customers = SimulateBgNbd(truth, 30000, 52, 7);
  auto fit = FitBgNbd(customers);
  ASSERT_TRUE(fit.ok());
  EXPECT_NEAR(fit->params.r, truth.r, 0.1 * truth.r);
  EXPECT_NEAR(fit->params.alpha, truth.alpha, 0.1 * truth.alpha);
  EXPECT_NEAR(fit->params.a, truth.a, 0.1 * truth.a);
  EXPECT_NEAR(fit->params.b, truth.b, 0.1 * truth.b);
  EXPECT_TRUE(fit->diagnostics.converged);
}

TEST(BgNbd, ProbabilityAliveFallsWithTheRecencyGap) {
  double previous = 1.0;
  for (double recency = 38.0; recency >= 0.5; recency -= 2.5) {
    const double alive = BgNbdProbabilityAlive(kCdnow, {"c", 3, recency, 38.86, 0});
    EXPECT_GE(alive, 0.0);
    EXPECT_LE(alive, previous);
    previous = alive;
  }
  EXPECT_LT(previous, 0.5);
  EXPECT_EQ(BgNbdProbabilityAlive(kCdnow, {"c", 0, 0, 38.86, 0}), 1.0);
}

TEST(BgNbd, NoNanOnEdgeCases) {
  const std::vector<CustomerSummary> none_repeat(50, {"c", 0, 0, 40, 0});
  auto fit = FitBgNbd(none_repeat);
  ASSERT_TRUE(fit.ok());
  for (double v : {fit->params.r, fit->params.alpha, fit->params.a, fit->params.b,
                   fit->diagnostics.log_likelihood}) {
    EXPECT_TRUE(std::isfinite(v));
  }
  const std::vector<CustomerSummary> one{{"c", 3, 20, 30, 0}};
  auto single = FitBgNbd(one);
  ASSERT_TRUE(single.ok());
  EXPECT_TRUE(std::isfinite(single->diagnostics.log_likelihood));
  const CustomerSummary old{"c", 40, 1e6 - 1, 1e6, 0};
  auto old_fit = FitBgNbd(std::vector<CustomerSummary>{old});
  ASSERT_TRUE(old_fit.ok());
  EXPECT_TRUE(std::isfinite(old_fit->diagnostics.log_likelihood));
  const double e = BgNbdExpectedPurchases(kCdnow, old, 1e6);
  EXPECT_TRUE(std::isfinite(e));
  EXPECT_GE(e, 0.0);
  EXPECT_TRUE(std::isfinite(BgNbdExpectedPurchases({0.243, 4.414, 1.0, 2.426}, old, 39)));
  EXPECT_FALSE(FitBgNbd({}).ok());
}

TEST(BgNbd, ExpectationIsContinuousAcrossAEqualsOne) {
  const CustomerSummary c{"c", 2, 30.43, 38.86, 0};
  const double at = BgNbdExpectedPurchases({0.243, 4.414, 1.0, 2.426}, c, 39);
  EXPECT_NEAR(BgNbdExpectedPurchases({0.243, 4.414, 1.001, 2.426}, c, 39), at, 1e-3);
  EXPECT_NEAR(BgNbdExpectedPurchases({0.243, 4.414, 0.999, 2.426}, c, 39), at, 1e-3);
}

TEST(BgNbd, ExpectationIsContinuousWhereTheSeriesChangesForm) {
  // For x = 0, a + b - 1 = 0.25 is where the contiguous relation takes over from the series.
  const CustomerSummary c{"c", 0, 0, 38.86, 0};
  const double below = BgNbdExpectedPurchases({0.5, 5.0, 0.6, 0.65 - 1e-9}, c, 39);
  const double above = BgNbdExpectedPurchases({0.5, 5.0, 0.6, 0.65 + 1e-9}, c, 39);
  EXPECT_NEAR(below, above, 1e-7 * above);
  for (double b : {0.05, 0.3, 0.4, 0.399999, 0.400001}) {  // a + b - 1 < 0, = 0, > 0
    const double e = BgNbdExpectedPurchases({0.5, 5.0, 0.6, b}, c, 39);
    EXPECT_TRUE(std::isfinite(e)) << b;
    EXPECT_GT(e, 0.0) << b;
  }
  EXPECT_NEAR(BgNbdExpectedPurchases({0.5, 5.0, 0.6, 0.399999}, c, 39),
              BgNbdExpectedPurchases({0.5, 5.0, 0.6, 0.400001}, c, 39), 1e-5);
}

TEST(BgNbd, FitIsDeterministic) {
  const auto customers = SimulateBgNbd({0.5, 6.0, 0.8, 2.5}, 2000, 52, 11);
  auto a = FitBgNbd(customers), b = FitBgNbd(customers);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->params.r, b->params.r);
  EXPECT_EQ(a->params.alpha, b->params.alpha);
  EXPECT_EQ(a->params.a, b->params.a);
  EXPECT_EQ(a->params.b, b->params.b);
  EXPECT_EQ(a->diagnostics.iterations, b->diagnostics.iterations);
}

TEST(MbgNbd, RecoversSimulatedParameters) {
  const MbgNbdParams truth{0.5, 6.0, 0.6, 3.0};
  const auto customers = SimulateMbgNbd(truth, 30000, 52, 11);
  auto fit = FitMbgNbd(customers);
  ASSERT_TRUE(fit.ok());
  EXPECT_NEAR(fit->params.r, truth.r, 0.1 * truth.r);
  EXPECT_NEAR(fit->params.alpha, truth.alpha, 0.1 * truth.alpha);
  EXPECT_NEAR(fit->params.a, truth.a, 0.1 * truth.a);
  EXPECT_NEAR(fit->params.b, truth.b, 0.1 * truth.b);
  EXPECT_TRUE(fit->diagnostics.converged);
  // BG/NBD fit to the same data has a lower likelihood: it cannot explain early dropouts.
  auto bg = FitBgNbd(customers);
  ASSERT_TRUE(bg.ok());
  EXPECT_LT(bg->diagnostics.log_likelihood, fit->diagnostics.log_likelihood);
}

TEST(MbgNbd, OneTimeBuyersAgeTowardsInactive) {
  const MbgNbdParams p{0.25, 4.4, 0.8, 2.4};
  double previous = 1.0;
  for (double age = 1; age <= 100; age += 9) {
    const double alive = MbgNbdProbabilityAlive(p, {"c", 0, 0, age, 0});
    EXPECT_LT(alive, previous);
    previous = alive;
  }
  EXPECT_LT(previous, 0.6);  // BG/NBD says 1.0 for every one-time buyer
  // A recent repeat buyer is more likely alive than one who stopped long ago.
  EXPECT_GT(MbgNbdProbabilityAlive(p, {"c", 4, 37, 38, 0}),
            MbgNbdProbabilityAlive(p, {"c", 4, 5, 38, 0}));
}

TEST(MbgNbd, ExpectedPurchasesGrowWithTheHorizonAndStayFinite) {
  const MbgNbdParams p{0.25, 4.4, 0.8, 2.4};
  for (const CustomerSummary& c :
       {CustomerSummary{"a", 0, 0, 30, 0}, CustomerSummary{"b", 2, 30.43, 38.86, 0},
        CustomerSummary{"c", 40, 38, 38.86, 0}}) {
    double previous = 0.0;
    for (double t : {1.0, 10.0, 39.0, 200.0}) {
      const double e = MbgNbdExpectedPurchases(p, c, t);
      EXPECT_TRUE(std::isfinite(e));
      EXPECT_GT(e, previous) << c.id << " t=" << t;
      previous = e;
    }
  }
}

}  // namespace
}  // namespace mercato::customers
