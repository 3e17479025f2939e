// Gamma-Gamma: published CDNOW estimates, recovery of simulated parameters, expected spend.
#include "customers/gamma_gamma.h"

#include <gtest/gtest.h>

#include <cmath>

#include "customers/cdnow_test_util.h"

namespace mercato::customers {
namespace {

TEST(GammaGamma, FitsPublishedCdnowEstimates) {
  const auto cdnow = testing::LoadCdnow();
  if (!cdnow) GTEST_SKIP() << "shared data absent: " << testing::CdnowPath("");
  auto fit = FitGammaGamma(cdnow->customers);
  ASSERT_TRUE(fit.ok()) << fit.status().ToString();
  EXPECT_EQ(fit->diagnostics.customers, 946u);
  EXPECT_NEAR(fit->params.p, 6.25, 0.01 * 6.25);
  EXPECT_NEAR(fit->params.q, 3.74, 0.01 * 3.74);
  EXPECT_NEAR(fit->params.gamma, 15.44, 0.01 * 15.44);
  EXPECT_TRUE(fit->diagnostics.converged);
  EXPECT_NEAR(fit->frequency_monetary_correlation, 0.114, 0.001);  // weak: assumption holds
}

TEST(GammaGamma, RecoversSimulatedParameters) {
  const GammaGammaParams truth{4.0, 5.0, 20.0};
  std::vector<CustomerSummary> customers(20000, {"c", 0, 0, 52, 0});
  for (size_t i = 0; i < customers.size(); ++i) customers[i].frequency = 1 + i % 6;
  SimulateSpend(truth, customers, 3);
  auto fit = FitGammaGamma(customers);
  ASSERT_TRUE(fit.ok());
  EXPECT_NEAR(fit->params.p, truth.p, 0.1 * truth.p);
  EXPECT_NEAR(fit->params.q, truth.q, 0.1 * truth.q);
  EXPECT_NEAR(fit->params.gamma, truth.gamma, 0.1 * truth.gamma);
  EXPECT_NEAR(fit->frequency_monetary_correlation, 0.0, 0.05);
}

TEST(GammaGamma, ExpectedSpendShrinksTowardsThePopulationMean) {
  const GammaGammaParams p{6.25, 3.74, 15.44};
  const double population = p.p * p.gamma / (p.q - 1);
  EXPECT_NEAR(GammaGammaExpectedSpend(p, {"c", 0, 0, 39, 0}), population, 1e-9);
  const double few = GammaGammaExpectedSpend(p, {"c", 1, 5, 39, 100});
  const double many = GammaGammaExpectedSpend(p, {"c", 20, 35, 39, 100});
  EXPECT_GT(few, population);
  EXPECT_LT(few, many);
  EXPECT_LT(many, 100.0);
}

TEST(GammaGamma, RejectsDataWithoutRepeatSpend) {
  const std::vector<CustomerSummary> none(10, {"c", 0, 0, 40, 0});
  EXPECT_FALSE(FitGammaGamma(none).ok());
}

}  // namespace
}  // namespace mercato::customers
