// Reading bandit logs: both formats, compressed input, and an error naming file, line and field
// for every kind of bad input.
#include "engage/ope_logs.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>

namespace mercato::engage {
namespace {

std::string TestDir() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "mercato_ope_logs" /
                                    (std::string(info->test_suite_name()) + "." + info->name());
  std::filesystem::create_directories(dir);
  return dir.string();
}

std::string WriteFile(const std::string& name, const std::string& content) {
  const std::string path = TestDir() + "/" + name;
  std::ofstream(path, std::ios::binary) << content;
  return path;
}

constexpr char kObdHeader[] =
    ",timestamp,item_id,position,click,propensity_score,user_feature_0,user_feature_1\n";

TEST(ReadBanditLog, ObdRowsBecomeRoundsWithTheirContext) {
  const std::string path =
      WriteFile("obd.csv", std::string(kObdHeader) +
                               "0,2019-11-24 00:03:13+00:00,14,3,0,0.0294,u0a,u1a\n"
                               "1,2019-11-24 00:03:36+00:00,10,1,1,0.5,u0b,u1b\n");
  auto rounds = ReadBanditLog(path, LogFormat::kObd);
  ASSERT_TRUE(rounds.ok()) << rounds.status().message();
  ASSERT_EQ(rounds->size(), 2u);
  EXPECT_EQ((*rounds)[0].action, "14");
  EXPECT_EQ((*rounds)[0].position, 3);
  EXPECT_EQ((*rounds)[0].reward, 0);
  EXPECT_DOUBLE_EQ((*rounds)[0].propensity, 0.0294);
  EXPECT_EQ((*rounds)[0].context, "u0a|u1a");
  EXPECT_EQ((*rounds)[1].action, "10");
  EXPECT_EQ((*rounds)[1].reward, 1);
  EXPECT_EQ((*rounds)[1].context, "u0b|u1b");
}

TEST(ReadBanditLog, GzipContentIsDecompressed) {
  const std::string path = TestDir() + "/obd.csv.gz";
  const std::string content = std::string(kObdHeader) + "0,t,7,2,1,0.25,a,b\n";
  gzFile gz = gzopen(path.c_str(), "wb");
  ASSERT_NE(gz, nullptr);
  ASSERT_EQ(gzwrite(gz, content.data(), static_cast<unsigned>(content.size())),
            static_cast<int>(content.size()));
  ASSERT_EQ(gzclose(gz), Z_OK);
  auto rounds = ReadBanditLog(path, LogFormat::kObd);
  ASSERT_TRUE(rounds.ok()) << rounds.status().message();
  ASSERT_EQ(rounds->size(), 1u);
  EXPECT_EQ((*rounds)[0].action, "7");
  EXPECT_EQ((*rounds)[0].position, 2);
}

TEST(ReadBanditLog, MercatoLinesBecomeRoundsWithSortedContext) {
  const std::string path = WriteFile(
      "log.jsonl", R"({"unit":"c1","action":"free_shipping","propensity":0.25,"reward":12.5,)"
                   R"("context":{"segment":"vip","device":"mobile","returning":true}})"
                   "\n\n"
                   R"({"action":"none","propensity":1,"reward":0,"position":2})"
                   "\n");
  auto rounds = ReadBanditLog(path, LogFormat::kMercato);
  ASSERT_TRUE(rounds.ok()) << rounds.status().message();
  ASSERT_EQ(rounds->size(), 2u);
  EXPECT_EQ((*rounds)[0].action, "free_shipping");
  EXPECT_EQ((*rounds)[0].reward, 12.5);
  EXPECT_EQ((*rounds)[0].propensity, 0.25);
  EXPECT_EQ((*rounds)[0].position, 0);
  EXPECT_EQ((*rounds)[0].context, "device=mobile|returning=true|segment=vip");
  EXPECT_EQ((*rounds)[1].position, 2);
  EXPECT_EQ((*rounds)[1].context, "");
}

struct BadCase {
  std::string name;
  LogFormat format;
  std::string content;
  std::string expected;  // a part of the error message
};

TEST(ReadBanditLog, BadInputNamesFileLineAndField) {
  const std::string header = kObdHeader;
  const std::vector<BadCase> cases = {
      {"no_propensity.csv", LogFormat::kObd, ",item_id,position,click\n0,1,1,0\n",
       "no_propensity.csv:1: missing column 'propensity_score'"},
      {"zero_propensity.csv", LogFormat::kObd, header + "0,t,1,1,0,0,a,b\n",
       "zero_propensity.csv:2: field 'propensity_score': expected the logged action's "
       "probability in (0, 1], got 0"},
      {"big_propensity.csv", LogFormat::kObd, header + "0,t,1,1,0,1.5,a,b\n",
       "big_propensity.csv:2: field 'propensity_score'"},
      {"bad_click.csv", LogFormat::kObd, header + "0,t,1,1,0,0.5,a,b\n0,t,1,1,2,0.5,a,b\n",
       "bad_click.csv:3: field 'click': expected 0 or 1, got '2'"},
      {"bad_position.csv", LogFormat::kObd, header + "0,t,1,x,0,0.5,a,b\n",
       "bad_position.csv:2: field 'position'"},
      {"no_item.csv", LogFormat::kObd, header + "0,t,,1,0,0.5,a,b\n",
       "no_item.csv:2: field 'item_id'"},
      {"header_only.csv", LogFormat::kObd, header, "header_only.csv: the log has no rounds"},
      {"empty.csv", LogFormat::kObd, "", "empty.csv: the file is empty"},
      {"not_json.jsonl", LogFormat::kMercato,
       "{\"action\":\"a\",\"propensity\":0.5,\"reward\":1}\nnope\n",
       "not_json.jsonl:2: expected one JSON object per line"},
      {"no_action.jsonl", LogFormat::kMercato, "{\"propensity\":0.5,\"reward\":1}\n",
       "no_action.jsonl:1: field 'action'"},
      {"zero.jsonl", LogFormat::kMercato, "{\"action\":\"a\",\"propensity\":0,\"reward\":1}\n",
       "zero.jsonl:1: field 'propensity': expected the logged action's probability in (0, 1]"},
      {"no_reward.jsonl", LogFormat::kMercato, "{\"action\":\"a\",\"propensity\":0.5}\n",
       "no_reward.jsonl:1: field 'reward': expected a number"},
      {"bad_position.jsonl", LogFormat::kMercato,
       "{\"action\":\"a\",\"propensity\":0.5,\"reward\":1,\"position\":-1}\n",
       "bad_position.jsonl:1: field 'position': expected an integer >= 0"},
      {"bad_context.jsonl", LogFormat::kMercato,
       "{\"action\":\"a\",\"propensity\":0.5,\"reward\":1,\"context\":{\"s\":[1]}}\n",
       "bad_context.jsonl:1: field 'context': member 's' is not a string, number or boolean"},
      {"bad_unit.jsonl", LogFormat::kMercato,
       "{\"unit\":3,\"action\":\"a\",\"propensity\":0.5,\"reward\":1}\n",
       "bad_unit.jsonl:1: field 'unit': expected a string"},
  };
  for (const BadCase& c : cases) {
    auto rounds = ReadBanditLog(WriteFile(c.name, c.content), c.format);
    ASSERT_FALSE(rounds.ok()) << c.name;
    EXPECT_NE(rounds.status().message().find(c.expected), std::string::npos)
        << c.name << ": " << rounds.status().message();
  }
}

TEST(ReadBanditLog, AMissingFileIsAnError) {
  auto rounds = ReadBanditLog(TestDir() + "/absent.csv", LogFormat::kObd);
  ASSERT_FALSE(rounds.ok());
  EXPECT_NE(rounds.status().message().find("absent.csv"), std::string::npos)
      << rounds.status().message();
}

TEST(ParseLogFormat, KnowsBothFormatsAndNamesThemOtherwise) {
  EXPECT_EQ(ParseLogFormat("obd").value(), LogFormat::kObd);
  EXPECT_EQ(ParseLogFormat("mercato").value(), LogFormat::kMercato);
  auto bad = ParseLogFormat("csv");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "format: expected obd or mercato, got 'csv'");
}

}  // namespace
}  // namespace mercato::engage
