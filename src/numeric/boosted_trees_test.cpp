// Boosted trees: learns planted signals, is deterministic by seed, round-trips through bytes,
// ranks informative features by gain, and turns bad input into Status values.
#include "numeric/boosted_trees.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

namespace mercato {
namespace {

/// Rows of 3 features in [0, 1); the label depends on features 0 and 1 only (feature 2 is
/// noise): classification y = [x0 + x1 > 1], regression y = 3 x0 - 2 x1.
struct Planted {
  std::vector<float> x, y;
  size_t rows = 0;
  FeatureMatrix matrix() const { return {x, rows, 3}; }
};

Planted MakePlanted(size_t rows, bool classification, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<float> u(0.0f, 1.0f);
  Planted p;
  p.rows = rows;
  for (size_t r = 0; r < rows; ++r) {
    const float a = u(rng), b = u(rng), noise = u(rng);
    p.x.insert(p.x.end(), {a, b, noise});
    p.y.push_back(classification ? (a + b > 1.0f ? 1.0f : 0.0f) : 3 * a - 2 * b);
  }
  return p;
}

TEST(BoostedTrees, ClassifiesAPlantedBoundary) {
  const Planted train = MakePlanted(2000, true, 1), test = MakePlanted(500, true, 2);
  BoostedTreesParams params;
  params.rounds = 100;
  params.eta = 0.3;
  auto model = BoostedTrees::Train(train.matrix(), train.y, {}, params);
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  EXPECT_EQ(model->num_features(), 3u);
  auto p = model->Predict(test.matrix());
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  ASSERT_EQ(p->size(), 500u);
  int correct = 0;
  for (size_t i = 0; i < p->size(); ++i) {
    EXPECT_GE((*p)[i], 0.0f);
    EXPECT_LE((*p)[i], 1.0f);
    correct += ((*p)[i] > 0.5f) == (test.y[i] > 0.5f);
  }
  EXPECT_GT(correct, 470);  // > 94% accuracy
}

TEST(BoostedTrees, RegressesAPlantedLinearFunction) {
  const Planted train = MakePlanted(3000, false, 3), test = MakePlanted(500, false, 4);
  BoostedTreesParams params;
  params.objective = BoostedObjective::kSquaredError;
  params.rounds = 300;
  params.eta = 0.2;
  auto model = BoostedTrees::Train(train.matrix(), train.y, {}, params);
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  auto p = model->Predict(test.matrix());
  ASSERT_TRUE(p.ok());
  double sse = 0;
  for (size_t i = 0; i < p->size(); ++i) sse += std::pow((*p)[i] - test.y[i], 2);
  EXPECT_LT(std::sqrt(sse / p->size()), 0.12);  // label sd is ~1.04
}

TEST(BoostedTrees, GainRanksTheInformativeFeatures) {
  const Planted train = MakePlanted(2000, false, 5);
  BoostedTreesParams params;
  params.objective = BoostedObjective::kSquaredError;
  params.rounds = 50;
  params.eta = 0.3;
  auto model = BoostedTrees::Train(train.matrix(), train.y, {}, params);
  ASSERT_TRUE(model.ok());
  auto gain = model->FeatureGain();
  ASSERT_TRUE(gain.ok()) << gain.status().ToString();
  ASSERT_EQ(gain->size(), 3u);
  EXPECT_GT((*gain)[0], (*gain)[1]);  // slope 3 vs 2
  EXPECT_GT((*gain)[1], 10 * (*gain)[2]);
}

TEST(BoostedTrees, SameSeedSameModelAndSeedMatters) {
  const Planted train = MakePlanted(1000, true, 6);
  BoostedTreesParams params;
  params.rounds = 30;
  params.subsample = 0.5;
  params.colsample = 0.67;
  auto a = BoostedTrees::Train(train.matrix(), train.y, {}, params);
  auto b = BoostedTrees::Train(train.matrix(), train.y, {}, params);
  params.seed = 7;
  auto c = BoostedTrees::Train(train.matrix(), train.y, {}, params);
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  const auto pa = a->Predict(train.matrix()), pb = b->Predict(train.matrix()),
             pc = c->Predict(train.matrix());
  ASSERT_TRUE(pa.ok() && pb.ok() && pc.ok());
  EXPECT_EQ(pa.value(), pb.value());
  EXPECT_NE(pa.value(), pc.value());
  EXPECT_EQ(a->Save().value(), b->Save().value());
}

TEST(BoostedTrees, SaveLoadRoundTripPredictsTheSame) {
  const Planted train = MakePlanted(800, true, 8);
  BoostedTreesParams params;
  params.rounds = 20;
  auto model = BoostedTrees::Train(train.matrix(), train.y, {}, params);
  ASSERT_TRUE(model.ok());
  auto bytes = model->Save();
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  EXPECT_GT(bytes->size(), 100u);
  auto loaded = BoostedTrees::Load(*bytes);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded->num_features(), 3u);
  EXPECT_EQ(loaded->Predict(train.matrix()).value(), model->Predict(train.matrix()).value());
}

TEST(BoostedTrees, WeightsShiftTheFit) {
  // Same features, conflicting labels: the weighted class wins.
  const std::vector<float> x = {0.5f, 0.5f, 0.5f, 0.5f};
  const std::vector<float> y = {1.0f, 0.0f, 1.0f, 0.0f};
  const std::vector<float> w = {9.0f, 1.0f, 9.0f, 1.0f};
  BoostedTreesParams params;
  params.rounds = 50;
  params.eta = 0.3;
  params.subsample = 1.0;
  params.min_child_weight = 0.0;
  auto model = BoostedTrees::Train({x, 4, 1}, y, w, params);
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  auto p = model->Predict({x, 4, 1});
  ASSERT_TRUE(p.ok());
  EXPECT_NEAR((*p)[0], 0.9, 0.03);
}

TEST(BoostedTrees, MissingValuesAreAllowed) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const std::vector<float> x = {nan, 1.0f, nan, 0.0f, 2.0f, 1.0f, 3.0f, 0.0f};
  const std::vector<float> y = {1, 1, 0, 0};
  BoostedTreesParams params;
  params.rounds = 5;
  params.min_child_weight = 0.0;
  auto model = BoostedTrees::Train({x, 4, 2}, y, {}, params);
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  EXPECT_TRUE(model->Predict({x, 4, 2}).ok());
}

/// Groups of 8 rows with 2 features in [0, 1): the relevance grade is floor(4 x0) (0 to 3),
/// feature 1 is noise. A ranker must order each group by x0 alone.
struct PlantedGroups {
  std::vector<float> x, y;
  std::vector<uint32_t> sizes;
  FeatureMatrix matrix() const { return {x, y.size(), 2}; }
};

PlantedGroups MakePlantedGroups(size_t groups, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<float> u(0.0f, 1.0f);
  PlantedGroups p;
  for (size_t g = 0; g < groups; ++g) {
    p.sizes.push_back(8);
    for (int r = 0; r < 8; ++r) {
      const float a = u(rng), noise = u(rng);
      p.x.insert(p.x.end(), {a, noise});
      p.y.push_back(std::floor(4 * a));
    }
  }
  return p;
}

TEST(BoostedTrees, RanksWithinGroupsByThePlantedGrade) {
  const PlantedGroups train = MakePlantedGroups(300, 5), test = MakePlantedGroups(100, 6);
  BoostedTreesParams params;
  params.objective = BoostedObjective::kRankNdcg;
  params.rounds = 60;
  params.eta = 0.3;
  auto model = BoostedTrees::Train(train.matrix(), train.y, {}, params, train.sizes);
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  auto p = model->Predict(test.matrix());
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  // Every pair of rows of one test group with different grades: ordered as the grades say?
  int pairs = 0, right = 0;
  for (size_t g = 0; g < test.sizes.size(); ++g) {
    for (size_t a = g * 8; a < g * 8 + 8; ++a) {
      for (size_t b = g * 8; b < g * 8 + 8; ++b) {
        if (test.y[a] <= test.y[b]) continue;
        ++pairs;
        right += (*p)[a] > (*p)[b];
      }
    }
  }
  ASSERT_GT(pairs, 1000);  // 100 groups x 28 pairs, most with different grades
  EXPECT_GT(right, pairs * 95 / 100);
  // The noise feature carries (almost) nothing.
  auto gain = model->FeatureGain();
  ASSERT_TRUE(gain.ok());
  EXPECT_GT((*gain)[0], 10 * (*gain)[1]);
}

TEST(BoostedTrees, BadGroupsAreAnInvalidArgument) {
  const std::vector<float> x = {1, 2, 3, 4, 5, 6};
  const std::vector<float> y = {0, 1, 2};
  BoostedTreesParams params;
  params.objective = BoostedObjective::kRankNdcg;
  auto code = [&](std::span<const float> labels, std::span<const float> weights,
                  std::span<const uint32_t> groups, const BoostedTreesParams& p) {
    return BoostedTrees::Train({x, 3, 2}, labels, weights, p, groups).status().code();
  };
  const std::vector<uint32_t> good = {2, 1};
  EXPECT_EQ(code(y, {}, good, params), StatusCode::kOk);
  EXPECT_EQ(code(y, {}, std::vector<uint32_t>{2, 2}, params),
            StatusCode::kInvalidArgument);  // 4 rows grouped, 3 given
  EXPECT_EQ(code(y, {}, std::vector<uint32_t>{3, 0}, params),
            StatusCode::kInvalidArgument);                           // an empty group
  EXPECT_EQ(code(y, {}, {}, params), StatusCode::kInvalidArgument);  // no groups
  EXPECT_EQ(code(y, std::vector<float>{1, 1, 1}, good, params), StatusCode::kInvalidArgument);
  EXPECT_EQ(code(std::vector<float>{0, 1, 32}, {}, good, params),
            StatusCode::kInvalidArgument);  // grade above 31
  EXPECT_EQ(code(std::vector<float>{0, -1, 2}, {}, good, params), StatusCode::kInvalidArgument);
  BoostedTreesParams regression = params;
  regression.objective = BoostedObjective::kSquaredError;
  EXPECT_EQ(code(y, {}, good, regression), StatusCode::kInvalidArgument);  // groups not wanted
}

TEST(BoostedTrees, BadInputIsAnInvalidArgument) {
  const std::vector<float> x = {1, 2, 3, 4};
  const std::vector<float> y = {0, 1};
  BoostedTreesParams params;
  auto code = [&](const FeatureMatrix& m, std::span<const float> labels,
                  std::span<const float> weights, const BoostedTreesParams& p) {
    return BoostedTrees::Train(m, labels, weights, p).status().code();
  };
  EXPECT_EQ(code({x, 3, 2}, y, {}, params), StatusCode::kInvalidArgument);   // shape
  EXPECT_EQ(code({x, 0, 2}, {}, {}, params), StatusCode::kInvalidArgument);  // empty
  EXPECT_EQ(code({x, 2, 2}, std::vector<float>{0}, {}, params), StatusCode::kInvalidArgument);
  EXPECT_EQ(code({x, 2, 2}, std::vector<float>{0, 2}, {}, params),
            StatusCode::kInvalidArgument);  // label outside [0, 1]
  EXPECT_EQ(code({x, 2, 2}, y, std::vector<float>{1}, params), StatusCode::kInvalidArgument);
  EXPECT_EQ(code({x, 2, 2}, y, std::vector<float>{1, -1}, params), StatusCode::kInvalidArgument);
  BoostedTreesParams bad = params;
  bad.eta = 0;
  EXPECT_EQ(code({x, 2, 2}, y, {}, bad), StatusCode::kInvalidArgument);
  bad = params;
  bad.rounds = 0;
  EXPECT_EQ(code({x, 2, 2}, y, {}, bad), StatusCode::kInvalidArgument);
  bad = params;
  bad.objective = BoostedObjective::kSquaredError;
  EXPECT_TRUE(BoostedTrees::Train({x, 2, 2}, std::vector<float>{0, 2}, {}, bad).ok());

  auto model = BoostedTrees::Train({x, 2, 2}, y, {}, params);
  ASSERT_TRUE(model.ok());
  EXPECT_EQ(model->Predict({x, 4, 1}).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(BoostedTrees::Load("").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(BoostedTrees::Load("not a model").status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace mercato
