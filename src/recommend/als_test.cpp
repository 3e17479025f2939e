#include "recommend/als.h"

#include <gtest/gtest.h>

#include "recommend/snapshot_test_util.h"

namespace mercato::recommend {
namespace {

using testing::TwoTastes;

RecommendConfig SmallConfig() {
  RecommendConfig config;
  config.als_factors = 2;
  config.als_iterations = 10;
  config.als_alpha = 5;
  config.als_regularization = 0.1;
  config.threads = 2;
  return config;
}

TEST(AlsTest, RecommendsTheMissingItemOfTheCustomersTaste) {
  auto model = TrainAls(TwoTastes(), SmallConfig());
  for (int c : {0, 3, 21, 39}) {
    const auto top = model->ForUser(c, 10);
    ASSERT_EQ(top.size(), 10u);
    const int base = c < 20 ? 0 : 5;
    // Every item of the taste (the four bought and the missing one) outranks the other group.
    for (size_t r = 0; r < 5; ++r) {
      EXPECT_GE(top[r].item, base) << "customer " << c;
      EXPECT_LT(top[r].item, base + 5) << "customer " << c;
      EXPECT_GT(top[r].score, 0.5f);
    }
    for (size_t r = 5; r < 10; ++r) EXPECT_LT(std::abs(top[r].score), 0.1f);
    EXPECT_EQ(top[0].reason.kind, ReasonKind::kPersonalized);
  }
}

TEST(AlsTest, FoldInAndRelatedStayWithinTheTaste) {
  auto model = TrainAls(TwoTastes(), SmallConfig());
  const std::vector<ContextItem> cart = {{6, ContextEvent::kAddToCart}};
  const auto top = model->ForItems(cart, 5);
  ASSERT_EQ(top.size(), 5u);
  for (const ScoredItem& s : top) EXPECT_GE(s.item, 5);
  EXPECT_EQ(top[0].reason.anchor, 6);
  const auto related = model->Related(1, 4);
  ASSERT_EQ(related.size(), 4u);
  for (const ScoredItem& s : related) {
    EXPECT_LT(s.item, 5);
    EXPECT_NE(s.item, 1);
    EXPECT_GT(s.score, 0.9f);  // cosine of factor vectors within one taste
  }
}

TEST(AlsTest, DeterministicAcrossThreadCountsAndRoundTrips) {
  RecommendConfig config = SmallConfig();
  auto a = TrainAls(TwoTastes(), config);
  config.threads = 1;
  auto b = TrainAls(TwoTastes(), config);
  for (int c = 0; c < 40; ++c) {
    const auto x = a->ForUser(c, 10), y = b->ForUser(c, 10);
    ASSERT_EQ(x.size(), y.size());
    for (size_t i = 0; i < x.size(); ++i) {
      EXPECT_EQ(x[i].item, y[i].item);
      EXPECT_EQ(x[i].score, y[i].score);
    }
  }
  std::string bytes_a;
  a->Serialize(bytes_a);
  auto loaded = Deserialize(bytes_a);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  const auto x = a->ForUser(7, 10), y = loaded.value()->ForUser(7, 10);
  ASSERT_EQ(x.size(), y.size());
  for (size_t i = 0; i < x.size(); ++i) {
    EXPECT_EQ(x[i].item, y[i].item);
    EXPECT_EQ(x[i].score, y[i].score);
  }
  EXPECT_FALSE(Deserialize(bytes_a.substr(0, bytes_a.size() / 2)).ok());
}

TEST(AlsTest, FlopCountFollowsTheFormula) {
  RecommendConfig config;
  config.als_factors = 2;
  config.als_iterations = 1;
  config.als_cg_steps = 1;
  // gram 2*5*4 = 40; rows 5*2*(8+20) = 280; entries 2*3*2*4*2 = 96.
  EXPECT_DOUBLE_EQ(AlsTrainingFlops(2, 3, 3, config), 40 + 280 + 96);
}

}  // namespace
}  // namespace mercato::recommend
