// What the recommendations page says recommendations earned: the primary metric's rows of a
// recommendations holdout, with the incremental revenue worked out by hand below.
#include "app/dashboard_recommendations.h"

#include <gtest/gtest.h>

namespace mercato::app {
namespace {

// A holdout "recs" with control "holdout" (100 units) and treatment "shown" (300 units): revenue
// per visitor 10.00 in the holdout, 12.50 shown, difference 2.50 with the interval [1.00, 4.00];
// conversion is a secondary metric.
ExperimentReport Holdout() {
  ExperimentReport r;
  experiment::Definition& d = r.experiment.definition;
  d.key = "recs";
  d.name = "Recommendations vs none";
  d.capability = experiment::Capability::kRecommendations;
  d.status = experiment::RunStatus::kRunning;
  d.variants = {{"holdout", 0.25, {}}, {"shown", 0.75, {}}};
  d.control = "holdout";
  experiment::MetricResult rpv;
  rpv.metric = "revenue_per_visitor";
  rpv.variant = "shown";
  rpv.primary = true;
  rpv.control_mean = 10;
  rpv.variant_mean = 12.5;
  rpv.difference = 2.5;
  rpv.relative_lift = 0.25;
  rpv.ci_low = 1;
  rpv.ci_high = 4;
  rpv.relative_ci_low = 0.1;
  rpv.relative_ci_high = 0.4;
  rpv.p_value = 0.001;
  rpv.significant = true;
  experiment::MetricResult conversion;
  conversion.metric = "conversion";
  conversion.variant = "shown";
  conversion.difference = 0.02;
  r.analysis.units_per_variant = {100, 300};
  r.analysis.metrics = {rpv, conversion};
  r.analysis.verdict = "ship";
  r.analysis.verdict_text = "ship shown";
  return r;
}

TEST(RecommendationLift, RevenuePerVisitorTimesTheShownUnitsIsTheIncrementalRevenue) {
  const std::vector<RecommendationLift> lift = RecommendationLiftOf(Holdout());
  ASSERT_EQ(lift.size(), 1u);  // the primary metric only
  const RecommendationLift& l = lift[0];
  EXPECT_EQ(l.experiment, "recs");
  EXPECT_EQ(l.status, "running");
  EXPECT_EQ(l.metric, "revenue_per_visitor");
  EXPECT_EQ(l.variant, "shown");
  EXPECT_EQ(l.control, "holdout");
  EXPECT_EQ(l.variant_units, 300);
  EXPECT_EQ(l.control_units, 100);
  // 2.50 more per shown customer × 300 shown customers = 750.00; the interval [1, 4] × 300.
  ASSERT_TRUE(l.incremental_revenue && l.incremental_revenue_low && l.incremental_revenue_high);
  EXPECT_DOUBLE_EQ(*l.incremental_revenue, 750);
  EXPECT_DOUBLE_EQ(*l.incremental_revenue_low, 300);
  EXPECT_DOUBLE_EQ(*l.incremental_revenue_high, 1200);
  EXPECT_EQ(l.verdict, "ship");
}

TEST(RecommendationLift, OtherMetricsHaveNoRevenueAndOtherCapabilitiesNoRows) {
  ExperimentReport conversion = Holdout();
  conversion.experiment.definition.primary_metric = "conversion";
  conversion.analysis.metrics[0].primary = false;
  conversion.analysis.metrics[1].primary = true;
  const std::vector<RecommendationLift> lift = RecommendationLiftOf(conversion);
  ASSERT_EQ(lift.size(), 1u);
  EXPECT_EQ(lift[0].metric, "conversion");
  EXPECT_FALSE(lift[0].incremental_revenue.has_value());

  ExperimentReport pricing = Holdout();
  pricing.experiment.definition.capability = experiment::Capability::kPricing;
  EXPECT_TRUE(RecommendationLiftOf(pricing).empty());
}

}  // namespace
}  // namespace mercato::app
