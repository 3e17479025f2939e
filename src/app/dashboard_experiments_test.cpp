// The experiments page's list: exposures counted per variant in the definition's order, on the tiny
// store of dashboard_test_util.h with two experiments added.
#include "app/dashboard_experiments.h"

#include <gtest/gtest.h>

#include "app/dashboard_test_util.h"
#include "store/open_store.h"

namespace mercato::app {
namespace {

using nlohmann::json;

constexpr Timestamp kListNow = 1717977600;  // 2024-06-10T00:00:00Z

json ThreeArms(const std::string& key) {
  return json{{"key", key},
              {"status", "running"},
              {"capability", "recommendations"},
              {"variants", {{{"name", "control"}}, {{"name", "b"}}, {{"name", "a"}}}}};
}

TEST(DashboardExperiments, CountsEachVariantsExposuresInTheDefinitionsOrder) {
  const std::string db = testing::WriteDashboardStore();
  {
    auto store = OpenStore(db).value();
    ASSERT_TRUE(CreateExperiment(*store, {ThreeArms("recs"), kListNow}).ok());
    ASSERT_TRUE(CreateExperiment(*store, {ThreeArms("idle"), kListNow}).ok());
    // recs: ann and cat in b, bob in control, nobody in a; ann again (her first exposure stays).
    const std::vector<Exposure> exposures = {{"ann", "b", kListNow + 60},
                                             {"bob", "control", kListNow + 120},
                                             {"cat", "b", kListNow + 180},
                                             {"ann", "b", kListNow + 240}};
    ASSERT_TRUE(store->RecordExposures("recs", exposures).ok());
  }
  auto page = BuildDashboardExperiments(db);
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  ASSERT_EQ(page->experiments.size(), 2u);
  // Key order: idle, then recs.
  EXPECT_EQ(page->experiments[0].experiment.definition.key, "idle");
  EXPECT_EQ(page->experiments[0].exposures_per_variant, (std::vector<int64_t>{0, 0, 0}));
  EXPECT_EQ(page->experiments[1].exposures_per_variant, (std::vector<int64_t>{1, 2, 0}));
  const json j = DashboardExperimentsJson(*page);
  const json& recs = j["experiments"][1];
  EXPECT_EQ(recs["key"], "recs");
  EXPECT_EQ(recs["exposures"], 3);
  EXPECT_EQ(recs["exposures_per_variant"], (json{{"control", 1}, {"b", 2}, {"a", 0}}));
  EXPECT_EQ(recs["started_at"], "2024-06-10T00:00:00Z");
}

TEST(DashboardExperiments, AMissingStoreIsNotFoundNamingIt) {
  auto page = BuildDashboardExperiments("/nonexistent/store.db");
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.status().code(), StatusCode::kNotFound);
  EXPECT_NE(page.status().message().find("/nonexistent/store.db"), std::string::npos);
}

}  // namespace
}  // namespace mercato::app
