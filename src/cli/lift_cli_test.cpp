// End to end: a synthetic store with a planted recommendations holdout, imported with its
// experiment and exposures, and `mercato report lift` recovering the planted lift within its
// interval (issue 17: "the measured lift must match the planted one within its interval").
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/cli_test_util.h"

namespace {

using mercato::testing::CliRun;
using mercato::testing::CliTestDir;
using mercato::testing::Mercato;
using nlohmann::json;

json ReadJson(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return json::parse(text.str());
}

TEST(LiftCli, TheRecommendationsHoldoutsMeasuredLiftMatchesThePlantedOne) {
  const std::string dir = CliTestDir();
  const std::string gen = dir + "/gen";
  const std::string db = dir + "/store.db";
  ASSERT_EQ(Mercato("generate --out " + gen +
                    " --customers 10000 --days 365 --seed 11 --recommendation-lift 0.3")
                .status,
            0);
  const CliRun imported = Mercato("import --db " + db + " --format generic " + gen);
  ASSERT_EQ(imported.status, 0) << imported.err;
  const CliRun experiments =
      Mercato("experiments import --db " + db + " " + gen + "/experiments.json " + gen +
              "/experiment_exposures.csv --json");
  ASSERT_EQ(experiments.status, 0) << experiments.err;
  const json import_report = json::parse(experiments.out);
  EXPECT_EQ(import_report["experiments_created"], 1);
  const json truth = ReadJson(gen + "/truth.json")["recommendation_holdout"];
  const int64_t exposed =
      truth["control"]["units"].get<int64_t>() + truth["treatment"]["units"].get<int64_t>();
  EXPECT_EQ(import_report["exposures"]["recorded"], exposed);

  const CliRun lift = Mercato("report lift --db " + db + " --json");
  ASSERT_EQ(lift.status, 0) << lift.err;
  const json report = json::parse(lift.out);
  ASSERT_EQ(report["experiments"].size(), 1u) << lift.out;
  const json& e = report["experiments"][0];
  EXPECT_EQ(e["capability"], "recommendations");
  EXPECT_EQ(e["experiment"], "recs-holdout");
  // Every exposed customer is in the arm the generator put them in.
  EXPECT_EQ(e["units_per_variant"]["control"], truth["control"]["units"]);
  EXPECT_EQ(e["units_per_variant"]["treatment"], truth["treatment"]["units"]);
  ASSERT_EQ(e["primary"].size(), 1u);
  const json& rpv = e["primary"][0];
  EXPECT_EQ(rpv["metric"], "revenue_per_visitor");
  // The planted lift (revenue recommendations caused per treated customer) lies within the
  // fixed-horizon interval of treatment − control revenue per visitor, and within the
  // always-valid one, which is wider.
  const double planted = truth["planted_rpv_lift"].get<double>();
  EXPECT_GT(planted, 0);
  EXPECT_LE(rpv["ci_low"].get<double>(), planted) << rpv.dump();
  EXPECT_GE(rpv["ci_high"].get<double>(), planted) << rpv.dump();
  EXPECT_LE(rpv["sequential_ci_low"].get<double>(), planted) << rpv.dump();
  EXPECT_GE(rpv["sequential_ci_high"].get<double>(), planted) << rpv.dump();
  EXPECT_GT(rpv["ci_low"].get<double>(), 0) << "a +30% occasion rate is detected: " << rpv.dump();

  const CliRun text = Mercato("report lift --db " + db);
  ASSERT_EQ(text.status, 0) << text.err;
  EXPECT_NE(text.out.find("recommendations: recs-holdout (running, revenue_per_visitor)"),
            std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("treatment vs control: +"), std::string::npos) << text.out;
}

}  // namespace
