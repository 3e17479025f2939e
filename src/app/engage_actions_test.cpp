// `engage ope`'s action: both log files read in the chosen format, the estimates and their JSON.
#include "app/engage_actions.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace mercato::app {
namespace {

std::string WriteLog(const std::string& name, const std::string& content) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "mercato_engage";
  std::filesystem::create_directories(dir);
  const std::string path = (dir / name).string();
  std::ofstream(path) << content;
  return path;
}

// The behaviour logged A (π_b = 0.5, reward 2) and B (π_b = 0.5, reward 0); the target always
// plays A (propensity 1) and earned 2 and 1. IPW = mean(w r) = (2 * 2 + 0) / 2 = 2; the
// on-policy value is (2 + 1) / 2 = 1.5, so IPW's relative error is 0.5 / 1.5 = 1/3.
TEST(EvaluatePolicy, ReadsMercatoLogsAndPrintsEveryEstimator) {
  EvaluatePolicyOptions options;
  options.format = "mercato";
  options.resamples = 50;
  options.logs = WriteLog("behaviour.jsonl",
                          "{\"action\":\"A\",\"propensity\":0.5,\"reward\":2}\n"
                          "{\"action\":\"B\",\"propensity\":0.5,\"reward\":0}\n");
  options.target_logs = WriteLog("target.jsonl",
                                 "{\"action\":\"A\",\"propensity\":1,\"reward\":2}\n"
                                 "{\"action\":\"A\",\"propensity\":1,\"reward\":1}\n");
  auto e = EvaluatePolicy(options);
  ASSERT_TRUE(e.ok()) << e.status().message();
  EXPECT_DOUBLE_EQ(e->ipw.value, 2);
  EXPECT_DOUBLE_EQ(e->on_policy.value, 1.5);
  const nlohmann::json j = EvaluatePolicyJson(*e, options.confidence);
  for (const char* name : {"dm", "ipw", "snipw", "dr"}) {
    for (const char* key : {"value", "ci_low", "ci_high", "relative_error"}) {
      EXPECT_TRUE(j["estimators"][name].contains(key)) << name << "." << key;
    }
  }
  EXPECT_DOUBLE_EQ(j["estimators"]["ipw"]["value"].get<double>(), 2);
  EXPECT_DOUBLE_EQ(j["estimators"]["ipw"]["relative_error"].get<double>(), 1.0 / 3);
  EXPECT_DOUBLE_EQ(j["on_policy_value"].get<double>(), 1.5);
  EXPECT_EQ(j["rounds"], 2);
  EXPECT_EQ(j["target_rounds"], 2);
  EXPECT_EQ(j["actions"], 2);
  EXPECT_EQ(j["positions"], 1);
  EXPECT_EQ(j["target_distribution"], "logged");
}

TEST(EvaluatePolicy, AZeroTruthHasNoRelativeError) {
  engage::OffPolicyEvaluation e;
  const nlohmann::json j = EvaluatePolicyJson(e, 0.95);
  EXPECT_TRUE(j["estimators"]["dr"]["relative_error"].is_null());
}

TEST(EvaluatePolicy, AnUnknownFormatOrABadFileIsRefused) {
  EvaluatePolicyOptions options;
  options.format = "parquet";
  EXPECT_EQ(EvaluatePolicy(options).status().message(),
            "format: expected obd or mercato, got 'parquet'");
  options.format = "mercato";
  options.logs = WriteLog("bad.jsonl", "{\"action\":\"A\",\"propensity\":0,\"reward\":2}\n");
  options.target_logs = options.logs;
  auto e = EvaluatePolicy(options);
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.status().message().find("bad.jsonl:1: field 'propensity'"), std::string::npos)
      << e.status().message();
}

}  // namespace
}  // namespace mercato::app
