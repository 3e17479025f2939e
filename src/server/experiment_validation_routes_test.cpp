// GET /v1/experiments/validate: the validation action's JSON for admins only, its options read
// from the query (as the CLI's flags), bad options a 400.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "app/experiment_validation.h"
#include "server/api_test_util.h"

namespace mercato::server {
namespace {

using nlohmann::json;

struct ExperimentValidationRoutesTest : testing::ApiFixture {
  ApiResponse Get(const std::string& target, const std::string& key) {
    return Handle("GET", target, key, "", {});
  }
};

TEST_F(ExperimentValidationRoutesTest, AnswersTheActionsFiguresToAdminsOnly) {
  OpenApi({});
  const ApiResponse r = Get("/v1/experiments/validate?tests=20&days=14&seed=7", admin_key);
  ASSERT_EQ(r.status, 200) << r.body;
  app::ValidateExperimentsOptions o;
  o.db = dir + "/store.db";
  o.tests = 20;
  o.days = 14;
  o.seed = 7;
  auto expected = app::ValidateExperiments(o);
  ASSERT_TRUE(expected.ok()) << expected.status().ToString();
  EXPECT_EQ(json::parse(r.body), app::ExperimentValidationJson(*expected));
  EXPECT_EQ(json::parse(r.body)["aa_tests"], 20);

  EXPECT_EQ(Get("/v1/experiments/validate?tests=0", admin_key).status, 400);
  EXPECT_EQ(Get("/v1/experiments/validate?lift=much", admin_key).status, 400);
  EXPECT_EQ(Get("/v1/experiments/validate", storefront_key).status, 403);
  EXPECT_EQ(Get("/v1/experiments/validate", "").status, 401);
}

}  // namespace
}  // namespace mercato::server
