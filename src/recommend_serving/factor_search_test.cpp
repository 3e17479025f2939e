// Tests of FactorSearch: exact below the threshold, and the HNSW graph's recall@10 against the
// exact scan on random factors.
#include "recommend_serving/factor_search.h"

#include <gtest/gtest.h>

#include <random>
#include <set>

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

}  // namespace
}  // namespace mercato::serving
