// Tests of Analyze: the wiring against hand-computed Welch figures, CUPED and winsorizing, and
// the verdicts on planted data (ship, do_not_ship, keep_running, invalid, a guardrail blocking).
#include "experiment/analysis.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "experiment/analysis_json.h"

namespace mercato::experiment {
namespace {

ExperimentData TwoArms() {
  ExperimentData d;
  d.variants = {{"control", 0.5}, {"treatment", 0.5}};
  d.control = 0;
  return d;
}

// Shoppers who buy with probability `conversion`, `orders` orders of a log-normal basket whose
// mean is `aov`; pre_revenue is their previous spend, correlated with the outcome through a
// per-shopper propensity. Deterministic from `seed`.
void AddShoppers(ExperimentData& d, int32_t variant, int n, double conversion, double aov,
                 uint64_t seed, int32_t days = 1) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> uniform;
  std::lognormal_distribution<double> basket(std::log(aov) - 0.125, 0.5);  // mean e^{μ+σ²/2}
  for (int i = 0; i < n; ++i) {
    UnitOutcome u;
    u.variant = variant;
    u.exposure_day = static_cast<int32_t>(i % days);
    const double propensity = uniform(rng) < 0.3 ? 2.0 : 0.57;  // mean ≈ 1
    if (uniform(rng) < conversion * propensity) {
      u.orders = uniform(rng) < 0.2 ? 2 : 1;
      for (int o = 0; o < u.orders; ++o) u.revenue += basket(rng);
      u.repeat = u.orders >= 2 ? 1 : 0;
    }
    if (uniform(rng) < conversion * propensity) u.pre_revenue = basket(rng) * propensity;
    u.margin = 0.4 * u.revenue;
    d.units.push_back(u);
  }
}

const MetricResult& Row(const Analysis& a, const std::string& metric) {
  for (const MetricResult& r : a.metrics) {
    if (r.metric == metric) return r;
  }
  throw std::runtime_error("no row for " + metric);
}

TEST(AnalyzeTest, RevenuePerVisitorIsWelchOnTheRawValuesWhenNothingAdjusts) {
  // Control revenue {1,2,3,4}, treatment {2,4,6,8,10}: the hand-computed Welch test of
  // statistics_test.cpp (t = 2.2514, df = 5.5208, p = 0.0691336), with winsorizing and CUPED off.
  ExperimentData d = TwoArms();
  for (double r : {1, 2, 3, 4}) d.units.push_back({.variant = 0, .orders = 1, .revenue = r});
  for (double r : {2, 4, 6, 8, 10}) d.units.push_back({.variant = 1, .orders = 1, .revenue = r});
  AnalysisOptions o;
  o.secondary_metrics = {};
  o.winsor_quantile = 1;
  o.cuped = false;
  auto a = Analyze(d, o);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  ASSERT_EQ(a->metrics.size(), 1u);
  const MetricResult& r = a->metrics[0];
  EXPECT_EQ(r.metric, "revenue_per_visitor");
  EXPECT_EQ(r.variant, "treatment");
  EXPECT_TRUE(r.primary);
  EXPECT_DOUBLE_EQ(r.control_mean, 2.5);
  EXPECT_DOUBLE_EQ(r.variant_mean, 6);
  EXPECT_NEAR(r.p_value, 0.06913359319239236, 1e-12);
  EXPECT_NEAR(r.p_value_adjusted, r.p_value, 1e-15);  // one row: BH changes nothing
  EXPECT_NEAR(r.ci_low, -0.3853680805140449, 1e-12);
  EXPECT_NEAR(r.relative_lift, 1.4, 1e-12);
  EXPECT_GE(r.sequential_p_value, r.p_value);
  EXPECT_EQ(r.cuped_variance_reduction, 0);
  EXPECT_EQ(a->units_per_variant, (std::vector<int64_t>{4, 5}));
  // 4 vs 5 units against 50/50: χ² = 2·0.5²/4.5 = 0.1111.
  EXPECT_NEAR(a->srm.chi_square, 1.0 / 9, 1e-12);
  EXPECT_FALSE(a->srm.mismatch);
  EXPECT_EQ(a->verdict, "keep_running");
}

TEST(AnalyzeTest, WinsorizingCapsTheTopOfThePooledRevenue) {
  // 100 units per arm, revenue 1..100 in both, plus one treatment whale of 1,000,000. The pooled
  // 0.99 quantile of 201 values is rank ⌈198.99⌉ = 199: the values are 1,1,2,2,…,100,100,1e6,
  // so rank 199 is 100 and the whale counts as 100: treatment mean (5050 + 100)/101.
  ExperimentData d = TwoArms();
  for (int i = 1; i <= 100; ++i) {
    d.units.push_back({.variant = 0, .orders = 1, .revenue = double(i)});
    d.units.push_back({.variant = 1, .orders = 1, .revenue = double(i)});
  }
  d.units.push_back({.variant = 1, .orders = 1, .revenue = 1e6});
  AnalysisOptions o;
  o.secondary_metrics = {};
  o.cuped = false;
  auto a = Analyze(d, o);
  ASSERT_TRUE(a.ok());
  EXPECT_NEAR(a->metrics[0].variant_mean, 5150.0 / 101, 1e-9);
  EXPECT_NEAR(a->metrics[0].control_mean, 50.5, 1e-12);
  o.winsor_quantile = 1;
  a = Analyze(d, o);
  ASSERT_TRUE(a.ok());
  EXPECT_NEAR(a->metrics[0].variant_mean, (5050 + 1e6) / 101, 1e-6);
}

TEST(AnalyzeTest, ShipsAPlantedLiftAndReportsEveryMetric) {
  ExperimentData d = TwoArms();
  AddShoppers(d, 0, 20000, 0.10, 60, 1, 14);
  AddShoppers(d, 1, 20000, 0.14, 60, 2, 14);  // +40% conversion, same baskets
  d.days_running = 14;
  AnalysisOptions o;
  o.guardrails = {"aov"};
  o.secondary_metrics = {"conversion", "aov", "orders_per_customer", "repeat_purchase_rate",
                         "margin_per_visitor"};
  auto a = Analyze(d, o);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->metrics.size(), 6u);  // aov once, as a secondary and a guardrail
  EXPECT_EQ(a->verdict, "ship") << a->verdict_text;
  const MetricResult& rpv = Row(*a, "revenue_per_visitor");
  EXPECT_TRUE(rpv.primary);
  EXPECT_LT(rpv.sequential_p_value, 0.05);
  EXPECT_GT(rpv.relative_lift, 0.2);
  EXPECT_LT(rpv.relative_lift, 0.6);
  EXPECT_GT(rpv.chance_to_beat_control, 0.999);
  EXPECT_LT(rpv.sequential_ci_low, rpv.ci_low);  // the always-valid interval is wider
  EXPECT_GT(rpv.cuped_variance_reduction, 0);    // a weak covariate here; see the CUPED test
  EXPECT_TRUE(Row(*a, "aov").guardrail);
  EXPECT_FALSE(Row(*a, "aov").significant);  // same baskets in both arms
  EXPECT_TRUE(Row(*a, "conversion").significant);
  EXPECT_NE(a->verdict_text.find("Ship treatment: it raises revenue per visitor by +"),
            std::string::npos)
      << a->verdict_text;
  EXPECT_NE(a->verdict_text.find("95% CI"), std::string::npos);
  // The JSON carries every key of the contract.
  const nlohmann::json j = AnalysisJson(*a);
  EXPECT_EQ(j["verdict"], "ship");
  EXPECT_EQ(j["units_per_variant"], nlohmann::json({20000, 20000}));
  EXPECT_EQ(j["metrics"].size(), 6u);
  for (const char* key : {"metric",
                          "variant",
                          "guardrail",
                          "primary",
                          "control_mean",
                          "variant_mean",
                          "difference",
                          "relative_lift",
                          "ci_low",
                          "ci_high",
                          "relative_ci_low",
                          "relative_ci_high",
                          "p_value",
                          "p_value_adjusted",
                          "sequential_p_value",
                          "sequential_ci_low",
                          "sequential_ci_high",
                          "chance_to_beat_control",
                          "expected_loss",
                          "cuped_variance_reduction",
                          "significant"}) {
    EXPECT_TRUE(j["metrics"][0].contains(key)) << key;
  }
  EXPECT_FALSE(j["srm"]["mismatch"].get<bool>());
}

TEST(AnalyzeTest, DoesNotShipAPlantedLoss) {
  ExperimentData d = TwoArms();
  AddShoppers(d, 0, 20000, 0.14, 60, 3);
  AddShoppers(d, 1, 20000, 0.10, 60, 4);
  auto a = Analyze(d, {});
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->verdict, "do_not_ship") << a->verdict_text;
  EXPECT_NE(a->verdict_text.find("Do not ship treatment: it lowers revenue per visitor"),
            std::string::npos)
      << a->verdict_text;
}

TEST(AnalyzeTest, KeepsRunningWithoutAnEffect) {
  ExperimentData d = TwoArms();
  AddShoppers(d, 0, 5000, 0.10, 60, 5);
  AddShoppers(d, 1, 5000, 0.10, 60, 6);
  auto a = Analyze(d, {});
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->verdict, "keep_running") << a->verdict_text;
  EXPECT_GT(Row(*a, "revenue_per_visitor").sequential_p_value, 0.05);
  EXPECT_NE(a->verdict_text.find("not conclusive yet"), std::string::npos) << a->verdict_text;
}

TEST(AnalyzeTest, SampleRatioMismatchIsInvalidWhateverTheMetricsSay) {
  // 20000 control vs 18000 treatment against 50/50: χ² = 2·1000²/19000 = 105.3, p ≈ 1e-24.
  ExperimentData d = TwoArms();
  AddShoppers(d, 0, 20000, 0.10, 60, 1);
  AddShoppers(d, 1, 18000, 0.14, 60, 2);
  auto a = Analyze(d, {});
  ASSERT_TRUE(a.ok());
  EXPECT_TRUE(a->srm.mismatch);
  EXPECT_NEAR(a->srm.chi_square, 2.0 * 1000 * 1000 / 19000, 1e-9);
  EXPECT_EQ(a->verdict, "invalid");
  EXPECT_NE(a->verdict_text.find("sample-ratio mismatch"), std::string::npos);
  // The same counts match a 20:18 split.
  d.variants[0].weight = 20;
  d.variants[1].weight = 18;
  a = Analyze(d, {});
  ASSERT_TRUE(a.ok());
  EXPECT_FALSE(a->srm.mismatch);
  EXPECT_EQ(a->verdict, "ship");
}

TEST(AnalyzeTest, AWorseGuardrailBlocksShip) {
  // Treatment doubles conversion but its baskets are 30% smaller: revenue per visitor rises
  // (×2·0.7 = 1.4), average order value falls.
  ExperimentData d = TwoArms();
  AddShoppers(d, 0, 20000, 0.10, 60, 7);
  AddShoppers(d, 1, 20000, 0.20, 42, 8);
  AnalysisOptions o;
  auto a = Analyze(d, o);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->verdict, "ship") << a->verdict_text;  // AOV is only a secondary metric
  o.guardrails = {"aov"};
  a = Analyze(d, o);
  ASSERT_TRUE(a.ok());
  EXPECT_LT(Row(*a, "aov").difference, 0);
  EXPECT_EQ(a->verdict, "do_not_ship") << a->verdict_text;
  EXPECT_NE(a->verdict_text.find("guardrail average order value is worse"), std::string::npos)
      << a->verdict_text;
}

TEST(AnalyzeTest, CupedNarrowsTheIntervalWithoutMovingTheEstimateFar) {
  ExperimentData d = TwoArms();
  AddShoppers(d, 0, 20000, 0.10, 60, 9);
  AddShoppers(d, 1, 20000, 0.10, 60, 10);
  for (UnitOutcome& u : d.units) u.pre_revenue = u.revenue * 0.8 + (u.orders > 0 ? 5 : 0);
  AnalysisOptions o;
  o.secondary_metrics = {};
  auto with = Analyze(d, o);
  o.cuped = false;
  auto without = Analyze(d, o);
  ASSERT_TRUE(with.ok() && without.ok());
  const MetricResult& c = with->metrics[0];
  const MetricResult& n = without->metrics[0];
  EXPECT_GT(c.cuped_variance_reduction, 0.9);  // pre-period nearly the outcome
  EXPECT_EQ(n.cuped_variance_reduction, 0);
  EXPECT_LT(c.ci_high - c.ci_low, 0.5 * (n.ci_high - n.ci_low));
}

TEST(AnalyzeTest, SequentialLooksFollowTheExposureDays) {
  // The always-valid p over 14 daily looks is never below the one-look p of the same data.
  ExperimentData d = TwoArms();
  AddShoppers(d, 0, 20000, 0.10, 60, 11, 14);
  AddShoppers(d, 1, 20000, 0.12, 60, 12, 14);
  d.days_running = 14;
  auto daily = Analyze(d, {});
  d.days_running = 0;
  auto once = Analyze(d, {});
  ASSERT_TRUE(daily.ok() && once.ok());
  for (size_t i = 0; i < daily->metrics.size(); ++i) {
    // The last daily look is the single look, summed in another order (hence the 1e-9).
    EXPECT_LE(daily->metrics[i].sequential_p_value,
              once->metrics[i].sequential_p_value * (1 + 1e-9));
    EXPECT_NEAR(daily->metrics[i].p_value, once->metrics[i].p_value,
                1e-9 * once->metrics[i].p_value);  // fixed horizon: the same data
  }
}

TEST(AnalyzeTest, TooFewUnitsKeepRunningWithNullFigures) {
  ExperimentData d = TwoArms();
  d.units.push_back({.variant = 0, .orders = 1, .revenue = 5});
  auto a = Analyze(d, {});
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->verdict, "keep_running");
  EXPECT_NE(a->verdict_text.find("not enough data yet"), std::string::npos) << a->verdict_text;
  EXPECT_TRUE(AnalysisJson(*a)["metrics"][0]["ci_low"].is_null());
}

TEST(AnalyzeTest, RejectsBadInputWithTheField) {
  ExperimentData d = TwoArms();
  d.units.push_back({.variant = 2});
  auto a = Analyze(d, {});
  ASSERT_FALSE(a.ok());
  EXPECT_NE(a.status().message().find("unit 0 has variant 2"), std::string::npos);
  d.units.clear();
  AnalysisOptions o;
  o.primary_metric = "revenue";
  a = Analyze(d, o);
  ASSERT_FALSE(a.ok());
  EXPECT_NE(a.status().message().find("unknown metric 'revenue'; expected one of conversion"),
            std::string::npos);
  o = {};
  o.alpha = 1;
  EXPECT_FALSE(Analyze(d, o).ok());
  o = {};
  o.winsor_quantile = 0;
  EXPECT_FALSE(Analyze(d, o).ok());
  d.variants.pop_back();
  EXPECT_FALSE(Analyze(d, {}).ok());
}

}  // namespace
}  // namespace mercato::experiment
