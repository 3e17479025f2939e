// Importing into a store and summarizing it: counts of what was imported, an aborted import that
// writes nothing, and an unknown format named with the known ones.
#include "app/store_actions.h"

#include <gtest/gtest.h>

#include <map>

#include "ingest/import_test_util.h"
#include "recommend_serving/serving_test_util.h"

namespace mercato::app {
namespace {

std::map<std::string, int64_t> CountsOf(const StoreSummary& summary) {
  return {summary.counts.begin(), summary.counts.end()};
}

TEST(ImportFiles, ImportsTheFilesAndTheSummaryCountsThem) {
  const std::string dir = mercato::testing::FreshDir();
  const std::string data = serving::testing::WriteServingData(dir);
  auto report = ImportFiles({dir + "/store.db", "generic", {data}, {}});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(report->ok()) << report->aborted;

  auto stats = SummarizeStoreAt({dir + "/store.db", 1});
  ASSERT_TRUE(stats.ok()) << stats.status().ToString();
  const auto counts = CountsOf(stats->summary);
  EXPECT_EQ(counts.at("products"), 10);  // p0..p9
  EXPECT_GT(stats->schema_version, 0);
  // Mugs (p0..p4) and Garden (p5..p9): one top category asked for.
  ASSERT_EQ(stats->summary.top_categories.size(), 1u);
}

TEST(ImportFiles, AnUnknownFormatIsAnAbortedReportThatWritesNothing) {
  const std::string dir = mercato::testing::FreshDir();
  const std::string data = serving::testing::WriteServingData(dir);
  auto report = ImportFiles({dir + "/store.db", "no-such-format", {data}, {}});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_FALSE(report->ok());
  EXPECT_NE(report->aborted.find("generic"), std::string::npos) << report->aborted;
  auto stats = SummarizeStoreAt({dir + "/store.db", 10});
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(CountsOf(stats->summary).at("products"), 0);
}

TEST(SummarizeStoreAt, AStoreThatCannotOpenIsAnError) {
  EXPECT_FALSE(SummarizeStoreAt({"/nonexistent/folder/store.db", 10}).ok());
}

}  // namespace
}  // namespace mercato::app
