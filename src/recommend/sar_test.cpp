#include "recommend/sar.h"

#include <gtest/gtest.h>

#include "recommend/snapshot_test_util.h"

namespace mercato::recommend {
namespace {

using testing::MakeSnapshot;

// c0 {0,1}, c1 {0,1,2}, c2 {1,2}, c3 {3}: support 2, 3, 2, 1.
Snapshot Small() {
  return MakeSnapshot(4, 4,
                      {{0, 0, 1, 0},
                       {0, 1, 1, 0},
                       {1, 0, 2, 0},
                       {1, 1, 2, 0},
                       {1, 2, 2, 0},
                       {2, 1, 3, 0},
                       {2, 2, 3, 0},
                       {3, 3, 4, 0}});
}

TEST(SarTest, JaccardScoresSumOverTheHistory) {
  auto model = TrainSar(Small(), {});
  auto top = model->ForUser(0, 10);
  ASSERT_EQ(top.size(), 3u);  // item 3 shares no customer with items 0 and 1
  EXPECT_EQ(top[0].item, 2);
  EXPECT_NEAR(top[0].score, 1.0f / 3 + 2.0f / 3, 1e-6);
  EXPECT_EQ(top[0].reason.kind, ReasonKind::kBecauseYouBought);
  EXPECT_EQ(top[0].reason.anchor, 1);  // jaccard(1, 2) = 2/3 beats jaccard(0, 2) = 1/3
  EXPECT_EQ(top[0].reason.count, 2);
  EXPECT_EQ(top[1].item, 0);  // ties at 2/3 broken by item id
  EXPECT_NEAR(top[1].score, 2.0f / 3, 1e-6);
  EXPECT_EQ(top[2].item, 1);
}

TEST(SarTest, LiftAndCosineSimilarities) {
  RecommendConfig config;
  config.sar_similarity = Similarity::kLift;
  auto related = TrainSar(Small(), config)->Related(0, 10);
  ASSERT_EQ(related.size(), 2u);
  EXPECT_EQ(related[0].item, 1);  // lift 2/(2*3) = 1/3 vs 1/(2*2) = 1/4
  EXPECT_NEAR(related[0].score, 1.0f / 3, 1e-6);
  EXPECT_EQ(related[0].reason.kind, ReasonKind::kViewedTogether);
  config.sar_similarity = Similarity::kCosine;
  related = TrainSar(Small(), config)->Related(0, 10);
  EXPECT_NEAR(related[0].score, 2.0f / std::sqrt(6.0f), 1e-6);
  EXPECT_NEAR(related[1].score, 0.5f, 1e-6);
}

TEST(SarTest, AffinityDecaysWithAge) {
  // c0 bought item 0 long ago and item 2 recently; item 1 co-occurs with 0, item 3 with 2.
  const Snapshot s = MakeSnapshot(
      3, 4,
      {{0, 0, 1, 0}, {0, 2, 2, 60}, {1, 0, 3, 60}, {1, 1, 3, 60}, {2, 2, 4, 60}, {2, 3, 4, 60}});
  RecommendConfig config;
  config.sar_half_life_days = 30;
  auto top = TrainSar(s, config)->ForUser(0, 10);
  ASSERT_EQ(top.size(), 4u);
  // Affinities: item 2 = 1, item 0 = 1/4. jaccard(2,3) = jaccard(0,1) = 1/2, jaccard(0,2) = 1/3.
  EXPECT_EQ(top[0].item, 3);
  EXPECT_NEAR(top[0].score, 0.5f, 1e-6);
  EXPECT_EQ(top[1].item, 0);  // bought already: scored all the same (serving filters)
  EXPECT_NEAR(top[1].score, 1.0f / 3, 1e-6);
  EXPECT_EQ(top[2].item, 1);
  EXPECT_NEAR(top[2].score, 0.125f, 1e-6);
  EXPECT_EQ(top[3].item, 2);
  EXPECT_NEAR(top[3].score, 1.0f / 12, 1e-6);
}

TEST(SarTest, SessionContextWeighsCartAboveViews) {
  auto model = TrainSar(Small(), {});
  const std::vector<ContextItem> context = {{0, ContextEvent::kView},
                                            {2, ContextEvent::kAddToCart}};
  auto top = model->ForItems(context, 1);
  ASSERT_EQ(top.size(), 1u);
  EXPECT_EQ(top[0].item, 1);  // 1 * 2/3 + 2 * 2/3
  EXPECT_NEAR(top[0].score, 2.0f, 1e-6);
  EXPECT_EQ(top[0].reason.kind, ReasonKind::kBecauseYouBought);
  EXPECT_EQ(top[0].reason.anchor, 2);
}

}  // namespace
}  // namespace mercato::recommend
