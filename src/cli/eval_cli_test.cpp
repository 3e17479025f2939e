// End-to-end tests of `mercato eval recommend` on a small interactions file: the JSON contract
// (keys follow --k), the per-user random split and the exit statuses of bad options.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli/cli_test_util.h"

namespace {

using mercato::testing::CliRun;
using mercato::testing::Mercato;

// 40 users with 8 items each from one of two tastes of 10 items: tab-separated, with a header.
std::string InteractionsFile() {
  const std::string dir = ::testing::TempDir() + "/mercato_eval_cli_" +
                          ::testing::UnitTest::GetInstance()->current_test_info()->name();
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string path = dir + "/interactions.tsv";
  std::ofstream out(path);
  out << "user\titem\tweight\ttimestamp\n";
  for (int u = 0; u < 40; ++u) {
    for (int j = 0; j < 8; ++j) {
      out << "u" << u << "\titem" << (u % 2) * 10 + (u + j) % 10 << "\t1\t"
          << 1700000000 + j * 86400 << "\n";
    }
  }
  return path;
}

TEST(EvalCli, RandomSplitJsonContract) {
  const std::string file = InteractionsFile();
  const CliRun run = Mercato("eval recommend --interactions " + file +
                             " --sep TAB --split random --test-fraction 0.25 --seed 42 --k 10 "
                             "--json");
  ASSERT_EQ(run.status, 0) << run.out;
  const auto j = nlohmann::json::parse(run.out);
  EXPECT_EQ(j.size(), 2u);
  EXPECT_EQ(j["users_evaluated"], 40);  // every user holds out round(0.25 * 8) = 2 items
  const std::vector<std::string> models = {"popularity",    "trending", "sar",        "als",
                                           "complementary", "content",  "session",    "ease",
                                           "bpr",           "ranker",   "item_ranker"};
  ASSERT_EQ(j["models"].size(), models.size());
  for (const std::string& m : models) {
    const auto& metrics = j["models"][m];
    ASSERT_EQ(metrics.size(), 6u) << m;
    for (const char* key :
         {"precision@10", "recall@10", "ndcg@10", "map@10", "hit_rate@10", "coverage"}) {
      ASSERT_TRUE(metrics.contains(key)) << m << " " << key;
      EXPECT_GE(metrics[key].get<double>(), 0.0);
      EXPECT_LE(metrics[key].get<double>(), 1.0);
    }
  }
  // Each taste has 10 items, 6 seen per user: the 2 held out are among the 4 unseen of the
  // taste, so SAR (co-occurrence within the taste) hits all of them in its top 10.
  EXPECT_DOUBLE_EQ(j["models"]["sar"]["recall@10"].get<double>(), 1.0);
  EXPECT_DOUBLE_EQ(j["models"]["sar"]["hit_rate@10"].get<double>(), 1.0);
  // Same seed, same figures; keys follow --k.
  const CliRun again = Mercato("eval recommend --interactions " + file +
                               " --split random --seed 42 --k 3 --models popularity,sar --json");
  ASSERT_EQ(again.status, 0) << again.out;
  const auto k3 = nlohmann::json::parse(again.out);
  EXPECT_EQ(k3["models"].size(), 2u);
  EXPECT_TRUE(k3["models"]["sar"].contains("recall@3"));
}

TEST(EvalCli, BadOptionsFailWithStatusOne) {
  const std::string file = InteractionsFile();
  EXPECT_EQ(Mercato("eval recommend --interactions " + file + " --split time").status, 1);
  EXPECT_EQ(Mercato("eval recommend --interactions " + file + " --sep , --split random").status, 1);
  EXPECT_EQ(
      Mercato("eval recommend --interactions " + file + " --split random --models magic").status,
      1);
  EXPECT_EQ(
      Mercato("eval recommend --interactions " + file + " --split random --test-fraction 1").status,
      1);
  EXPECT_NE(Mercato("eval recommend --interactions " + file + " --split sideways").status, 0);
}

}  // namespace
