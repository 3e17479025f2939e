// End-to-end tests of the `mercato` executable: import and stats output against golden files,
// exit statuses, and strict imports that write nothing.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace {

struct CliRun {
  int status;
  std::string out;
};

CliRun Mercato(const std::string& args) {
  const std::string cmd = std::string(MERCATO_BINARY) + " " + args + " 2>/dev/null";
  FILE* pipe = popen(cmd.c_str(), "r");
  std::string out;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) out.append(buf.data(), n);
  const int raw = pclose(pipe);
  return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, out};
}

std::string Dir() {
  const std::string dir = ::testing::TempDir() + "/mercato_cli_" +
                          ::testing::UnitTest::GetInstance()->current_test_info()->name();
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

std::string Testdata(const std::string& name) {
  return std::string(MERCATO_SOURCE_DIR) + "/src/cli/testdata/" + name;
}

nlohmann::json Golden(const std::string& name) {
  std::ifstream in(Testdata(name));
  return nlohmann::json::parse(in);
}

TEST(Cli, ImportAndStatsMatchGoldenFiles) {
  const std::string dir = Dir();
  const std::string db = dir + "/store.db";
  CliRun import = Mercato("import --db " + db + " --format generic --json " + Testdata("store"));
  ASSERT_EQ(import.status, 0) << import.out;
  auto report = nlohmann::json::parse(import.out);
  EXPECT_GT(report["seconds"].get<double>(), 0.0);
  report.erase("seconds");
  auto base = [](const nlohmann::json& path) {
    const auto p = path.get<std::string>();
    return p.substr(p.rfind('/') + 1);
  };
  for (auto& w : report["warnings"]) w = base(w);
  for (auto& e : report["errors"]) e["file"] = base(e["file"]);
  EXPECT_EQ(report, Golden("import_report.golden.json")) << report.dump(2);

  CliRun stats = Mercato("stats --db " + db + " --json");
  ASSERT_EQ(stats.status, 0);
  EXPECT_EQ(nlohmann::json::parse(stats.out), Golden("stats.golden.json")) << stats.out;

  CliRun again = Mercato("import --db " + db + " --format generic --json " + Testdata("store"));
  ASSERT_EQ(again.status, 0);
  EXPECT_EQ(Mercato("stats --db " + db + " --json").out, stats.out);
}

TEST(Cli, StrictFailureExitsNonZeroAndWritesNothing) {
  const std::string dir = Dir();
  const std::string db = dir + "/store.db";
  std::ofstream(dir + "/orders.csv") << "id,ts\nO1,2024-01-01\nO2,not a date\n";
  CliRun strict = Mercato("import --db " + db + " --format generic --strict --json " + dir + "/orders.csv");
  EXPECT_EQ(strict.status, 1);
  auto report = nlohmann::json::parse(strict.out);
  EXPECT_FALSE(report["ok"].get<bool>());
  EXPECT_EQ(report["errors"][0]["line"], 3);
  EXPECT_EQ(report["errors"][0]["column"], "ts");
  auto stats = nlohmann::json::parse(Mercato("stats --db " + db + " --json").out);
  EXPECT_EQ(stats["orders"], 0);
}

TEST(Cli, UsageErrorsAreNonZero) {
  EXPECT_NE(Mercato("import --db x.db").status, 0);              // missing format and paths
  EXPECT_NE(Mercato("stats --db /nonexistent/x.db").status, 0);  // no such database
  EXPECT_NE(Mercato("frobnicate").status, 0);
  const std::string dir = Dir();
  CliRun unknown = Mercato("import --db " + dir + "/s.db --format nope --json " + dir);
  EXPECT_EQ(unknown.status, 1);
  EXPECT_NE(unknown.out.find("expected one of: generic"), std::string::npos);
  EXPECT_NE(Mercato("formats").out.find("online-retail"), std::string::npos);
}

TEST(Cli, ClvFitAndPredictOnCdnow) {
  const std::string summary =
      std::string(MERCATO_SHARED_DATA_DIR) + "/cdnow/cdnow_customers_summary_with_transactions.csv";
  if (!std::filesystem::exists(summary)) GTEST_SKIP() << "shared data absent: " << summary;
  CliRun fit = Mercato("clv fit --summary " + summary + " --json");
  ASSERT_EQ(fit.status, 0);
  const auto j = nlohmann::json::parse(fit.out);
  EXPECT_NEAR(j["bgnbd"]["r"].get<double>(), 0.243, 0.0025);
  EXPECT_NEAR(j["pareto_nbd"]["beta"].get<double>(), 11.669, 0.12);
  EXPECT_NEAR(j["gamma_gamma"]["v"].get<double>(), 15.44, 0.16);
  EXPECT_TRUE(j["bgnbd"]["converged"].get<bool>());

  CliRun predict = Mercato("clv predict --summary " + summary + " --horizon 39 --json");
  ASSERT_EQ(predict.status, 0);
  const auto rows = nlohmann::json::parse(predict.out);
  ASSERT_EQ(rows.size(), 2357u);
  EXPECT_EQ(rows[0]["id"], "1");
  EXPECT_NEAR(rows[0]["expected_purchases"].get<double>(), 1.226, 0.002);
  for (const auto& row : rows) {
    EXPECT_GE(row["p_alive"].get<double>(), 0.0);
    EXPECT_LE(row["p_alive"].get<double>(), 1.0);
  }
}

TEST(Cli, ClvRejectsBadSummaries) {
  const std::string dir = Dir();
  std::ofstream(dir + "/bad.csv") << "x,t_x,T\n1,2,10\n1,abc,10\n";
  EXPECT_EQ(Mercato("clv fit --summary " + dir + "/bad.csv --json").status, 1);
  std::ofstream(dir + "/ok.csv") << "frequency,recency,T\n1,2,10\n0,0,10\n";
  EXPECT_EQ(Mercato("clv predict --summary " + dir + "/ok.csv --horizon 0").status, 1);
  EXPECT_EQ(Mercato("clv predict --summary " + dir + "/ok.csv --horizon 5").status, 0);
}

}  // namespace
