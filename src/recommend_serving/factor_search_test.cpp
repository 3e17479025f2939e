// Tests of FactorSearch: exact below the threshold, the HNSW graph's recall@10 against the exact
// scan on random factors, and the graph kept between loads.
#include "recommend_serving/factor_search.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <set>

#include "ingest/import_test_util.h"

namespace mercato::serving {
namespace {

std::vector<float> RandomFactors(int32_t items, int32_t dim, uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  std::vector<float> v(static_cast<size_t>(items) * dim);
  for (float& x : v) x = normal(rng);
  return v;
}

TEST(FactorSearch, ExactBelowTheThresholdRanksByInnerProduct) {
  // Items: (1,0), (0,1), (1,1), (-1,0); query (1, 0.5).
  auto search = FactorSearch::Build({1, 0, 0, 1, 1, 1, -1, 0}, 2).value();
  EXPECT_FALSE(search->approximate());
  const std::vector<float> query = {1.0f, 0.5f};
  const auto top = search->Search(query, 10);
  ASSERT_EQ(top.size(), 4u);
  EXPECT_EQ(top[0].item, 2);
  EXPECT_FLOAT_EQ(top[0].score, 1.5f);
  EXPECT_EQ(top[1].item, 0);
  EXPECT_EQ(top[2].item, 1);
  EXPECT_EQ(top[3].item, 3);
  EXPECT_FLOAT_EQ(top[3].score, -1.0f);
  EXPECT_EQ(search->Search(query, 2).size(), 2u);
}

TEST(FactorSearch, BadShapesAreRefused) {
  EXPECT_EQ(FactorSearch::Build({1, 2, 3}, 2).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(FactorSearch::Build({1, 2}, 0).status().code(), StatusCode::kInvalidArgument);
}

TEST(FactorSearch, GraphRecallAtTenAgainstExactIsAtLeast95Percent) {
  constexpr int32_t kItems = 4000, kDim = 32, kQueries = 200;
  FactorSearchOptions options;
  options.exact_below = 1000;
  auto search = FactorSearch::Build(RandomFactors(kItems, kDim, 7), kDim, options).value();
  ASSERT_TRUE(search->approximate());
  const std::vector<float> queries = RandomFactors(kQueries, kDim, 8);
  int hits = 0;
  for (int q = 0; q < kQueries; ++q) {
    const std::span<const float> query(queries.data() + static_cast<size_t>(q) * kDim, kDim);
    const auto approx = search->Search(query, 10);
    const auto exact = search->SearchExact(query, 10);
    ASSERT_EQ(approx.size(), 10u);
    std::set<int32_t> truth;
    for (const auto& s : exact) truth.insert(s.item);
    for (const auto& s : approx) hits += truth.count(s.item);
    for (size_t i = 1; i < approx.size(); ++i) EXPECT_GE(approx[i - 1].score, approx[i].score);
  }
  const double recall = hits / (10.0 * kQueries);
  EXPECT_GE(recall, 0.95);
  // The same options and data give the same graph and answers.
  auto again = FactorSearch::Build(RandomFactors(kItems, kDim, 7), kDim, options).value();
  const std::span<const float> first(queries.data(), kDim);
  const auto a = search->Search(first, 10), b = again->Search(first, 10);
  for (size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].item, b[i].item);
}

TEST(FactorSearch, CalibrationPicksTheSmallestEfReachingTheRecall) {
  constexpr int32_t kItems = 4000, kDim = 32, kQueries = 100;
  FactorSearchOptions options;
  options.exact_below = 1000;
  auto search = FactorSearch::Build(RandomFactors(kItems, kDim, 7), kDim, options).value();
  const std::vector<float> sample = RandomFactors(kQueries, kDim, 9);
  const std::vector<float> held_out = RandomFactors(kQueries, kDim, 10);
  // Recall of the current ef on other queries than the calibration sample.
  auto recall = [&](const std::vector<float>& queries) {
    int hits = 0;
    for (int q = 0; q < kQueries; ++q) {
      const std::span<const float> query(queries.data() + static_cast<size_t>(q) * kDim, kDim);
      std::set<int32_t> truth;
      for (const auto& s : search->SearchExact(query, 10)) truth.insert(s.item);
      for (const auto& s : search->Search(query, 10)) hits += truth.count(s.item);
    }
    return hits / (10.0 * kQueries);
  };
  const double high = search->Calibrate(sample, 10, 0.99);
  const int high_ef = search->ef_search();
  EXPECT_TRUE(high >= 0.99 || high_ef == 1024) << high << " at " << high_ef;
  EXPECT_DOUBLE_EQ(recall(sample), high);
  EXPECT_GE(recall(held_out), 0.95);
  const double low = search->Calibrate(sample, 10, 0.1);
  EXPECT_EQ(search->ef_search(), 16);
  EXPECT_GE(low, 0.1);
  EXPECT_LT(search->ef_search(), high_ef);
  // An exact search needs no calibration.
  auto exact = FactorSearch::Build(RandomFactors(50, kDim, 7), kDim, options).value();
  EXPECT_EQ(exact->Calibrate(sample, 10, 0.99), 1.0);
}

std::vector<int32_t> TopItems(const FactorSearch& search, std::span<const float> query) {
  std::vector<int32_t> items;
  for (const auto& s : search.Search(query, 10)) items.push_back(s.item);
  return items;
}

size_t FilesIn(const std::string& dir) {
  return static_cast<size_t>(std::distance(std::filesystem::directory_iterator(dir),
                                           std::filesystem::directory_iterator()));
}

TEST(FactorSearch, TheGraphIsSavedAndLoadedAgainWhileItsFactorsStayTheSame) {
  constexpr int32_t kItems = 2000, kDim = 16;
  const std::string dir = mercato::testing::FreshDir();
  FactorSearchOptions options;
  options.exact_below = 100;
  options.cache_prefix = dir + "/graph";
  const std::vector<float> query = RandomFactors(1, kDim, 3);
  auto built = FactorSearch::Build(RandomFactors(kItems, kDim, 1), kDim, options).value();
  EXPECT_FALSE(built->loaded_from_cache());
  EXPECT_EQ(FilesIn(dir), 2u);  // the graph and its checksum
  auto loaded = FactorSearch::Build(RandomFactors(kItems, kDim, 1), kDim, options).value();
  EXPECT_TRUE(loaded->loaded_from_cache());
  ASSERT_TRUE(loaded->approximate());
  EXPECT_EQ(TopItems(*loaded, query), TopItems(*built, query));

  // A damaged file is rebuilt, not read.
  std::string graph;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".hnsw") graph = entry.path().string();
  }
  ASSERT_FALSE(graph.empty());
  {
    std::fstream f(graph, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(200);
    f.put('\x7f');
  }
  auto repaired = FactorSearch::Build(RandomFactors(kItems, kDim, 1), kDim, options).value();
  EXPECT_FALSE(repaired->loaded_from_cache());
  EXPECT_EQ(TopItems(*repaired, query), TopItems(*built, query));
  EXPECT_TRUE(FactorSearch::Build(RandomFactors(kItems, kDim, 1), kDim, options)
                  .value()
                  ->loaded_from_cache());

  // Other factors (a retrained model) get their own graph; the old one is removed.
  auto retrained = FactorSearch::Build(RandomFactors(kItems, kDim, 2), kDim, options).value();
  EXPECT_FALSE(retrained->loaded_from_cache());
  EXPECT_EQ(FilesIn(dir), 2u);
  EXPECT_FALSE(std::filesystem::exists(graph));

  // A prefix in a directory that cannot be written only loses the cache.
  options.cache_prefix = dir + "/missing/graph";
  auto uncached = FactorSearch::Build(RandomFactors(kItems, kDim, 2), kDim, options).value();
  EXPECT_FALSE(uncached->loaded_from_cache());
  EXPECT_EQ(TopItems(*uncached, query), TopItems(*retrained, query));
}

}  // namespace
}  // namespace mercato::serving
