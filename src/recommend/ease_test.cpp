#include "recommend/ease.h"

#include <gtest/gtest.h>

#include "recommend/snapshot_test_util.h"

namespace mercato::recommend {
namespace {

using testing::MakeSnapshot;
using testing::Purchase;

RecommendConfig EaseConfig(double lambda) {
  RecommendConfig config;
  config.ease_lambda = lambda;
  config.threads = 2;
  return config;
}

// Customer 0 buys items 0 and 1 (item 1 twice: X is binary, so it counts once), customer 1
// buys items 1 and 2. With lambda = 1:
//   X^T X + I = [[2,1,0],[1,3,1],[0,1,2]], determinant 2*5 - 1*2 = 8, so by cofactors
//   P = [[5,-2,1],[-2,4,-2],[1,-2,5]] / 8 and B(i,j) = -P(i,j) / P(j,j):
//   B(0,1) = 2/4 = 0.5, B(0,2) = -1/5 = -0.2, B(1,0) = 2/5 = 0.4, B(1,2) = 0.4,
//   B(2,0) = -0.2, B(2,1) = 0.5 (items 0 and 2 were never bought together: a negative weight).
Snapshot Chain() {
  return MakeSnapshot(2, 3, {{0, 0, 0, 0}, {0, 1, 0, 0}, {0, 1, 1, 2}, {1, 1, 2, 0}, {1, 2, 2, 0}});
}

TEST(EaseTest, ScoresAreTheClosedFormWeightsSummedOverTheBasket) {
  auto model = TrainEase(Chain(), EaseConfig(1.0));
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  // Basket {0, 1}: item 1 gets B(0,1) = 0.5, item 0 gets B(1,0) = 0.4, item 2 gets
  // B(0,2) + B(1,2) = -0.2 + 0.4 = 0.2.
  const std::vector<ContextItem> basket = {{0, ContextEvent::kPurchase}, {1, ContextEvent::kView}};
  const auto top = model.value()->ForItems(basket, 5);
  ASSERT_EQ(top.size(), 3u);
  EXPECT_EQ(top[0].item, 1);
  EXPECT_NEAR(top[0].score, 0.5f, 1e-5);
  EXPECT_EQ(top[1].item, 0);
  EXPECT_NEAR(top[1].score, 0.4f, 1e-5);
  EXPECT_EQ(top[2].item, 2);
  EXPECT_NEAR(top[2].score, 0.2f, 1e-5);
  // Item 2's largest contribution comes from item 1 (viewed), which 1 customer had with it.
  EXPECT_EQ(top[2].reason.kind, ReasonKind::kBecauseYouViewed);
  EXPECT_EQ(top[2].reason.anchor, 1);
  EXPECT_EQ(top[2].reason.count, 1);
  EXPECT_EQ(top[0].reason.kind, ReasonKind::kBecauseYouBought);
  EXPECT_EQ(top[0].reason.anchor, 0);
  // A repeated context item counts once (X is binary): the same scores.
  const std::vector<ContextItem> twice = {
      {0, ContextEvent::kPurchase}, {0, ContextEvent::kPurchase}, {1, ContextEvent::kView}};
  const auto again = model.value()->ForItems(twice, 5);
  ASSERT_EQ(again.size(), 3u);
  EXPECT_NEAR(again[2].score, 0.2f, 1e-5);
  // Customer 0's history is the same basket.
  const auto user = model.value()->ForUser(0, 5);
  ASSERT_EQ(user.size(), 3u);
  EXPECT_NEAR(user[2].score, 0.2f, 1e-5);
  EXPECT_EQ(user[2].reason.kind, ReasonKind::kBecauseYouBought);
}

TEST(EaseTest, RelatedKeepsPositiveWeightsWithTheirCoBuyers) {
  auto model = TrainEase(Chain(), EaseConfig(1.0));
  ASSERT_TRUE(model.ok());
  // Item 0: B(0,1) = 0.5 (1 customer had both); B(0,2) = -0.2 is not a recommendation.
  const auto related = model.value()->Related(0, 5);
  ASSERT_EQ(related.size(), 1u);
  EXPECT_EQ(related[0].item, 1);
  EXPECT_NEAR(related[0].score, 0.5f, 1e-5);
  EXPECT_EQ(related[0].reason.kind, ReasonKind::kViewedTogether);
  EXPECT_EQ(related[0].reason.anchor, 0);
  EXPECT_EQ(related[0].reason.count, 1);
}

// Three customers {0,1}, {1,2}, {0,1,2}: item 1 has 3 buyers, items 0 and 2 have 2 each.
Snapshot Triangle() {
  return MakeSnapshot(3, 3,
                      {{0, 0, 0, 0},
                       {0, 1, 0, 0},
                       {1, 1, 1, 0},
                       {1, 2, 1, 0},
                       {2, 0, 2, 0},
                       {2, 1, 2, 0},
                       {2, 2, 2, 0}});
}

TEST(EaseTest, TheSizeCapSolvesOverTheMostBoughtItemsOnly) {
  RecommendConfig config = EaseConfig(1.0);
  config.ease_max_items = 2;
  auto model = TrainEase(Triangle(), config);
  ASSERT_TRUE(model.ok());
  // Kept: item 1 (3 buyers) and item 0 (2 buyers, the lower id of the tie with item 2).
  // X^T X + I over {0, 1} = [[3,2],[2,4]], determinant 8, P = [[4,-2],[-2,3]] / 8:
  // B(0,1) = (2/8) / (3/8) = 2/3 and B(1,0) = (2/8) / (4/8) = 1/2.
  const auto from0 = model.value()->Related(0, 5);
  ASSERT_EQ(from0.size(), 1u);
  EXPECT_EQ(from0[0].item, 1);
  EXPECT_NEAR(from0[0].score, 2.0f / 3.0f, 1e-5);
  EXPECT_EQ(from0[0].reason.count, 2);  // customers 0 and 2 bought both
  const auto from1 = model.value()->Related(1, 5);
  ASSERT_EQ(from1.size(), 1u);
  EXPECT_EQ(from1[0].item, 0);
  EXPECT_NEAR(from1[0].score, 0.5f, 1e-5);
  EXPECT_TRUE(model.value()->Related(2, 5).empty());  // outside the cap: no weights
  // Customer 1 ({1, 2}): only item 1 lends weights, B(1,0) = 1/2.
  const auto user = model.value()->ForUser(1, 5);
  ASSERT_EQ(user.size(), 1u);
  EXPECT_EQ(user[0].item, 0);
  EXPECT_NEAR(user[0].score, 0.5f, 1e-5);
}

TEST(EaseTest, EachItemKeepsItsLargestWeights) {
  // One weight per item (the largest in magnitude): item 0 keeps B(0,1) = 0.5 and drops
  // B(0,2) = -0.2, item 1 keeps one of its two 0.4 weights, so the basket {0, 1} now gives
  // item 2 only B(1,2) = 0.4 or nothing, never the full model's 0.2.
  RecommendConfig config = EaseConfig(1.0);
  config.ease_neighbours = 1;
  auto model = TrainEase(Chain(), config);
  ASSERT_TRUE(model.ok());
  for (int32_t item = 0; item < 3; ++item) {
    EXPECT_EQ(model.value()->Related(item, 5).size(), 1u) << "item " << item;
  }
  const std::vector<ContextItem> basket = {{0, ContextEvent::kPurchase},
                                           {1, ContextEvent::kPurchase}};
  for (const ScoredItem& s : model.value()->ForItems(basket, 5)) {
    if (s.item == 2) {
      EXPECT_NEAR(s.score, 0.4f, 1e-5);
    }
  }
  const auto from0 = model.value()->Related(0, 5);
  ASSERT_EQ(from0.size(), 1u);
  EXPECT_EQ(from0[0].item, 1);
}

}  // namespace
}  // namespace mercato::recommend
