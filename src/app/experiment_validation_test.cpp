// The experiments' validation action: the store's customers become the population (periods
// counted back from the last order), and the action runs end to end on a small store.
#include "app/experiment_validation.h"

#include <gtest/gtest.h>

#include "app/customer_data.h"
#include "ingest/import_test_util.h"
#include "recommend_serving/serving_test_util.h"

namespace mercato::app {
namespace {

// The serving test store: customers f0..f29 order in February 2024 on day 1 + f % 28 at noon
// (order "d", p8 at 90, when f % 3 == 0), us1 on 3 Feb (p0 + p2 = 10 + 30), de1, de2, us2 on
// 4–6 Feb; the last order is f27's on 28 Feb at noon.
std::string ServingStore() {
  const std::string dir = mercato::testing::FreshDir();
  const std::string data = serving::testing::WriteServingData(dir);
  auto store = mercato::testing::FreshStore(dir);
  EXPECT_TRUE(mercato::testing::Import(*store, "generic", {data}).ok());
  return dir + "/store.db";
}

TEST(ValidationPopulationOf, PeriodsCountBackFromTheLastOrder) {
  auto data = LoadCustomerData(ServingStore());
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  const ValidationPeriods p = ValidationPopulationOf(data->history, 14);
  EXPECT_EQ(FormatTimestamp(p.outcome_end), "2024-02-28T12:00:00Z");
  EXPECT_EQ(FormatTimestamp(p.outcome_start), "2024-02-14T12:00:01Z");
  EXPECT_EQ(FormatTimestamp(p.pre_start), "2024-01-31T12:00:01Z");
  EXPECT_EQ(p.population.days, 14);
  EXPECT_EQ(p.population.unit_ids.size(), p.population.pre_revenue.size());
  auto unit_of = [&](const std::string& id) {
    for (size_t i = 0; i < p.population.unit_ids.size(); ++i) {
      if (p.population.unit_ids[i] == id) return static_cast<int32_t>(i);
    }
    return -1;
  };
  // us1 ordered 25 days before the end: pre-period spend 40, nothing in the outcome period.
  const int32_t us1 = unit_of("us1");
  ASSERT_GE(us1, 0);
  EXPECT_DOUBLE_EQ(p.population.pre_revenue[static_cast<size_t>(us1)], 40.0);
  // f27's order of p8 (90) is the last order: the last day of the outcome period.
  const int32_t f27 = unit_of("f27");
  ASSERT_GE(f27, 0);
  int f27_purchases = 0;
  for (const experiment::ValidationPurchase& b : p.population.purchases) {
    EXPECT_GE(b.day, 0);
    EXPECT_LT(b.day, 14);
    if (b.unit == f27) {
      ++f27_purchases;
      EXPECT_EQ(b.day, 13);
      EXPECT_DOUBLE_EQ(b.revenue, 90.0);
    }
  }
  EXPECT_EQ(f27_purchases, 1);
  // f13 ordered on 14 Feb at noon, exactly 14 days before the end: the pre-period's last day.
  const int32_t f13 = unit_of("f13");
  ASSERT_GE(f13, 0);
  for (const experiment::ValidationPurchase& b : p.population.purchases) EXPECT_NE(b.unit, f13);
  EXPECT_GT(p.population.pre_revenue[static_cast<size_t>(f13)], 0.0);
}

TEST(ValidateExperiments, RunsOnAStoreAndPrintsTheContractKeys) {
  ValidateExperimentsOptions o;
  o.db = ServingStore();
  o.tests = 30;
  o.days = 14;
  auto v = ValidateExperiments(o);
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(v->report.aa_tests, 30);
  EXPECT_EQ(v->report.days, 14);
  const nlohmann::json j = ExperimentValidationJson(*v);
  for (const char* key :
       {"aa_tests", "fixed_false_positive_rate", "sequential_false_positive_rate_daily_peeking",
        "ci_coverage", "cuped_variance_reduction", "power_at_planted_lift"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
  EXPECT_EQ(j["outcome_period_end"], "2024-02-28T12:00:00Z");
  EXPECT_EQ(j["seed"], 20261205u);
  // Deterministic: the same options give the same figures.
  auto again = ValidateExperiments(o);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(ExperimentValidationJson(*again), j);
}

TEST(ValidateExperiments, RefusesBadOptionsWithTheirRange) {
  ValidateExperimentsOptions o;
  o.db = ServingStore();
  o.days = 0;
  auto v = ValidateExperiments(o);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().message(), "days 0: expected 1..365");
  o.days = 14;
  o.tests = 0;
  EXPECT_EQ(ValidateExperiments(o).status().code(), StatusCode::kInvalidArgument);
  o.db = mercato::testing::FreshDir() + "/missing.db";
  o.tests = 10;
  EXPECT_EQ(ValidateExperiments(o).status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace mercato::app
