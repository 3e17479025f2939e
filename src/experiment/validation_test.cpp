// Tests of RunValidation on a generated population: the daily A/A path computes what Analyze
// computes, the figures are deterministic per seed, a large planted lift is found and a null one
// is not, and bad input is refused.
#include "experiment/validation.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "experiment/analysis.h"
#include "experiment/assignment.h"

namespace mercato::experiment {
namespace {

// 3,000 shoppers over 14 days: a quarter buy, baskets log-normal, a few whales; pre-period
// spend correlated with the outcome through each shopper's propensity.
ValidationPopulation ShopperPopulation(uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> uniform;
  std::lognormal_distribution<double> basket(3.5, 0.8);
  ValidationPopulation p;
  p.days = 14;
  for (int i = 0; i < 3000; ++i) {
    p.unit_ids.push_back("c" + std::to_string(i));
    const double propensity = uniform(rng) < 0.2 ? 0.6 : 0.05;
    p.pre_revenue.push_back(uniform(rng) < propensity ? basket(rng) * 2 : 0.0);
    for (int d = 0; d < p.days; ++d) {
      if (uniform(rng) < propensity / 7) {
        p.purchases.push_back({i, d, basket(rng) * (uniform(rng) < 0.01 ? 20 : 1)});
      }
    }
  }
  return p;
}

TEST(ValidationTest, TheFixedHorizonAaTestsAreWhatAnalyzeComputes) {
  const ValidationPopulation p = ShopperPopulation(1);
  ValidationOptions o;
  o.tests = 60;
  auto report = RunValidation(p, o);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  // Recompute each A/A test's fixed-horizon p with Analyze on the same split.
  std::vector<double> revenue(p.unit_ids.size(), 0.0);
  for (const ValidationPurchase& b : p.purchases) revenue[b.unit] += b.revenue;
  AnalysisOptions analysis;
  analysis.secondary_metrics = {};
  int positives = 0;
  for (int test = 0; test < o.tests; ++test) {
    AssignmentSpec spec;
    spec.salt = "validate-" + std::to_string(o.seed) + "-" + std::to_string(test);
    spec.weights = {0.5, 0.5};
    auto assigner = Assigner::Create(spec);
    ASSERT_TRUE(assigner.ok());
    ExperimentData d;
    d.variants = {{"control", 0.5}, {"treatment", 0.5}};
    for (size_t i = 0; i < p.unit_ids.size(); ++i) {
      d.units.push_back({.variant = assigner->Assign(p.unit_ids[i]).variant,
                         .pre_revenue = p.pre_revenue[i],
                         .revenue = revenue[i]});
    }
    auto a = Analyze(d, analysis);
    ASSERT_TRUE(a.ok());
    positives += a->metrics[0].p_value < 0.05 ? 1 : 0;
  }
  EXPECT_DOUBLE_EQ(report->fixed_false_positive_rate, positives / 60.0);
  EXPECT_EQ(report->aa_tests, 60);
  EXPECT_EQ(report->units, 3000);
  EXPECT_EQ(report->days, 14);
  EXPECT_GT(report->cuped_variance_reduction, 0.0);
  EXPECT_LT(report->cuped_variance_reduction, 1.0);
  // Peeking with the always-valid p never finds more than the sequential test at the end would
  // allow: at most the fixed-horizon rate plus the looks' extra chances, and here ≤ 5%.
  EXPECT_LE(report->sequential_false_positive_rate_daily_peeking, 0.05);
}

TEST(ValidationTest, SameSeedSameFiguresAndTheSeedMatters) {
  const ValidationPopulation p = ShopperPopulation(2);
  ValidationOptions o;
  o.tests = 40;
  auto first = RunValidation(p, o);
  auto again = RunValidation(p, o);
  ASSERT_TRUE(first.ok() && again.ok());
  EXPECT_EQ(first->fixed_false_positive_rate, again->fixed_false_positive_rate);
  EXPECT_EQ(first->cuped_variance_reduction, again->cuped_variance_reduction);
  EXPECT_EQ(first->ci_coverage, again->ci_coverage);
  o.seed = 3;
  auto other = RunValidation(p, o);
  ASSERT_TRUE(other.ok());
  EXPECT_NE(first->cuped_variance_reduction, other->cuped_variance_reduction);
}

TEST(ValidationTest, ALargePlantedLiftIsFoundAndCovered) {
  const ValidationPopulation p = ShopperPopulation(4);
  ValidationOptions o;
  o.tests = 50;
  o.planted_lift = 1.0;  // revenue doubled in the treatment
  auto report = RunValidation(p, o);
  ASSERT_TRUE(report.ok());
  EXPECT_GE(report->power_at_planted_lift, 0.95);
  EXPECT_GE(report->sequential_power_at_planted_lift, 0.8);
  EXPECT_GE(report->ci_coverage, 0.85);
  EXPECT_DOUBLE_EQ(report->planted_lift, 1.0);
  // Capping the top spenders hides part of a lift that lives in the top: winsorized intervals
  // cover the planted lift less often.
  EXPECT_LE(report->ci_coverage_winsorized, report->ci_coverage);
}

TEST(ValidationTest, RefusesBadInput) {
  ValidationPopulation p = ShopperPopulation(5);
  ValidationOptions o;
  o.tests = 0;
  auto r = RunValidation(p, o);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("tests 0: expected 1..100000"), std::string::npos);
  o = {};
  p.purchases.push_back({0, 14, 5.0});
  r = RunValidation(p, o);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("on day 14 is outside"), std::string::npos);
  ValidationPopulation tiny;
  tiny.unit_ids = {"a", "b"};
  tiny.pre_revenue = {0, 0};
  tiny.days = 1;
  EXPECT_FALSE(RunValidation(tiny, o).ok());
}

}  // namespace
}  // namespace mercato::experiment
