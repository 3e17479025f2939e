// Pareto/NBD: published CDNOW estimates, recovery of simulated parameters, edge cases.
#include "customers/pareto_nbd.h"

#include <gtest/gtest.h>

#include <cmath>

#include "customers/cdnow_test_util.h"

namespace mercato::customers {
namespace {

constexpr ParetoNbdParams kCdnow{0.553, 10.578, 0.606, 11.669};

TEST(ParetoNbd, FitsPublishedCdnowEstimates) {
  const auto cdnow = testing::LoadCdnow();
  if (!cdnow) GTEST_SKIP() << "shared data absent: " << testing::CdnowPath("");
  auto fit = FitParetoNbd(cdnow->customers);
  ASSERT_TRUE(fit.ok()) << fit.status().ToString();
  const ParetoNbdParams& p = fit->params;
  EXPECT_NEAR(p.r, kCdnow.r, 0.01 * kCdnow.r);
  EXPECT_NEAR(p.alpha, kCdnow.alpha, 0.01 * kCdnow.alpha);
  EXPECT_NEAR(p.s, kCdnow.s, 0.01 * kCdnow.s);
  EXPECT_NEAR(p.beta, kCdnow.beta, 0.01 * kCdnow.beta);
  EXPECT_TRUE(fit->diagnostics.converged);
}

TEST(ParetoNbd, BothHypergeometricFormsAgreeAtTheBoundary) {
  const CustomerSummary c{"c", 4, 20, 38.86, 0};
  const double below = ParetoNbdLogLikelihood({0.55, 11.0 - 1e-9, 0.6, 11.0}, c);
  const double above = ParetoNbdLogLikelihood({0.55, 11.0 + 1e-9, 0.6, 11.0}, c);
  EXPECT_NEAR(below, above, 1e-8);
}

TEST(ParetoNbd, RecoversSimulatedParameters) {
  const ParetoNbdParams truth{0.6, 8.0, 0.8, 12.0};
  const auto customers = SimulateParetoNbd(truth, 15000, 52, 5);
  auto fit = FitParetoNbd(customers);
  ASSERT_TRUE(fit.ok());
  EXPECT_NEAR(fit->params.r, truth.r, 0.1 * truth.r);
  EXPECT_NEAR(fit->params.alpha, truth.alpha, 0.1 * truth.alpha);
  EXPECT_NEAR(fit->params.s, truth.s, 0.1 * truth.s);
  EXPECT_NEAR(fit->params.beta, truth.beta, 0.1 * truth.beta);
}

TEST(ParetoNbd, ProbabilityAliveFallsWithTheRecencyGap) {
  double previous = 1.0;
  for (double recency = 38.86; recency >= 0.5; recency -= 2.5) {
    const double alive = ParetoNbdProbabilityAlive(kCdnow, {"c", 3, recency, 38.86, 0});
    EXPECT_GE(alive, 0.0);
    EXPECT_LE(alive, previous + 1e-12);
    previous = alive;
  }
  EXPECT_LT(previous, 0.5);
  EXPECT_NEAR(ParetoNbdProbabilityAlive(kCdnow, {"c", 3, 38.86, 38.86, 0}), 1.0, 1e-12);
}

TEST(ParetoNbd, NoNanOnEdgeCases) {
  const std::vector<CustomerSummary> none_repeat(50, {"c", 0, 0, 40, 0});
  auto fit = FitParetoNbd(none_repeat);
  ASSERT_TRUE(fit.ok());
  EXPECT_TRUE(std::isfinite(fit->diagnostics.log_likelihood));
  const std::vector<CustomerSummary> one{{"c", 3, 20, 30, 0}};
  auto single = FitParetoNbd(one);
  ASSERT_TRUE(single.ok());
  EXPECT_TRUE(std::isfinite(single->diagnostics.log_likelihood));
  const CustomerSummary old{"c", 40, 1e6 - 1, 1e6, 0};
  EXPECT_TRUE(std::isfinite(ParetoNbdLogLikelihood(kCdnow, old)));
  const double e = ParetoNbdExpectedPurchases(kCdnow, old, 1e6);
  EXPECT_TRUE(std::isfinite(e));
  EXPECT_GE(e, 0.0);
  EXPECT_TRUE(std::isfinite(ParetoNbdExpectedPurchases({0.5, 10, 1.0, 12}, old, 39)));
  EXPECT_FALSE(FitParetoNbd({}).ok());
}

}  // namespace
}  // namespace mercato::customers
