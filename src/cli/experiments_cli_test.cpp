// End-to-end tests of `mercato experiments`: create from flags and from a file, list, show,
// assign (sticky, one exposure), start and stop, and the report in words and as the API's JSON.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "cli/cli_test_util.h"

namespace {

using mercato::testing::CliRun;
using mercato::testing::CliTestDir;
using mercato::testing::Mercato;
using nlohmann::json;

TEST(ExperimentsCli, CreateAssignStopAndReport) {
  const std::string dir = CliTestDir();
  const std::string db = dir + "/store.db";
  const CliRun created = Mercato("experiments create recs --db " + db +
                                 " --variant control=0.5 --variant treatment=0.5 --status running"
                                 " --capability recommendations --guardrail aov --json");
  ASSERT_EQ(created.status, 0) << created.err;
  const json e = json::parse(created.out);
  EXPECT_EQ(e["key"], "recs");
  EXPECT_EQ(e["status"], "running");
  EXPECT_EQ(e["guardrails"], json::array({"aov"}));
  EXPECT_FALSE(e["started_at"].is_null());

  // From a file, flags replacing its keys.
  std::ofstream(dir + "/def.json") << R"({"key": "other", "unit": "session",
      "variants": [{"name": "a", "config": {"recommender": "none"}}, {"name": "b"}]})";
  const CliRun from_file = Mercato("experiments create --db " + db + " --file " + dir +
                                   "/def.json --name 'From a file' --json");
  ASSERT_EQ(from_file.status, 0) << from_file.err;
  EXPECT_EQ(json::parse(from_file.out)["name"], "From a file");
  EXPECT_EQ(json::parse(from_file.out)["unit"], "session");

  const CliRun bad =
      Mercato("experiments create bad --db " + db + " --variant a=0.5 --variant b=0.6");
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.err.find("weights must sum to 1"), std::string::npos) << bad.err;

  const CliRun list = Mercato("experiments list --db " + db);
  ASSERT_EQ(list.status, 0) << list.err;
  EXPECT_NE(list.out.find("recs"), std::string::npos);
  EXPECT_NE(list.out.find("other"), std::string::npos);

  const CliRun first = Mercato("experiments assign recs --db " + db + " --unit alice --json");
  ASSERT_EQ(first.status, 0) << first.err;
  const json a = json::parse(first.out);
  EXPECT_TRUE(a["in_experiment"].get<bool>());
  EXPECT_TRUE(a["exposure_logged"].get<bool>());
  const CliRun again = Mercato("experiments assign recs --db " + db + " --unit alice --json");
  EXPECT_EQ(json::parse(again.out)["variant"], a["variant"]);
  EXPECT_FALSE(json::parse(again.out)["exposure_logged"].get<bool>());

  const CliRun shown = Mercato("experiments show recs --db " + db + " --json");
  EXPECT_EQ(json::parse(shown.out)["exposures"], 1);

  const CliRun report = Mercato("experiments report recs --db " + db);
  ASSERT_EQ(report.status, 0) << report.err;
  EXPECT_NE(report.out.find("revenue_per_visitor"), std::string::npos) << report.out;
  EXPECT_NE(report.out.find("sample ratio"), std::string::npos);
  const CliRun report_json = Mercato("experiments report recs --db " + db + " --json");
  ASSERT_EQ(report_json.status, 0) << report_json.err;
  const json r = json::parse(report_json.out);
  EXPECT_EQ(r["experiment"]["key"], "recs");
  EXPECT_TRUE(r["analysis"].contains("verdict"));

  const CliRun stopped = Mercato("experiments status recs stopped --db " + db);
  ASSERT_EQ(stopped.status, 0) << stopped.err;
  const CliRun restart = Mercato("experiments status recs running --db " + db);
  EXPECT_NE(restart.status, 0);
  EXPECT_NE(restart.err.find("create a new experiment"), std::string::npos) << restart.err;

  const CliRun missing = Mercato("experiments show nope --db " + db);
  EXPECT_NE(missing.status, 0);
  EXPECT_NE(missing.err.find("no experiment has the key 'nope'"), std::string::npos);
}

}  // namespace
