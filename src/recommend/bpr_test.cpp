#include "recommend/bpr.h"

#include <gtest/gtest.h>

#include "recommend/snapshot_test_util.h"

namespace mercato::recommend {
namespace {

using testing::TwoTastes;

RecommendConfig BlockConfig() {
  RecommendConfig config;
  config.bpr_factors = 4;
  config.bpr_epochs = 200;
  config.bpr_learning_rate = 0.05;
  config.bpr_regularization = 0.01;
  config.threads = 2;
  return config;
}

TEST(BprTest, RanksTheCustomersBlockFirst) {
  auto model = TrainBpr(TwoTastes(), BlockConfig());
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  for (int c = 0; c < 40; ++c) {
    const auto top = model.value()->ForUser(c, 10);
    ASSERT_EQ(top.size(), 10u);
    const int base = c < 20 ? 0 : 5;
    // The block's five items (the four bought and the skipped one) before the other block's.
    for (size_t r = 0; r < 5; ++r) {
      EXPECT_GE(top[r].item, base) << "customer " << c;
      EXPECT_LT(top[r].item, base + 5) << "customer " << c;
    }
    EXPECT_EQ(top[0].reason.kind, ReasonKind::kPersonalized);
  }
}

TEST(BprTest, ContextAndRelatedStayWithinTheBlock) {
  auto model = TrainBpr(TwoTastes(), BlockConfig());
  ASSERT_TRUE(model.ok());
  const std::vector<ContextItem> cart = {{6, ContextEvent::kAddToCart}, {7, ContextEvent::kView}};
  const auto top = model.value()->ForItems(cart, 5);
  ASSERT_EQ(top.size(), 5u);
  for (const ScoredItem& s : top) EXPECT_GE(s.item, 5);
  const auto related = model.value()->Related(1, 4);
  ASSERT_EQ(related.size(), 4u);
  for (const ScoredItem& s : related) {
    EXPECT_LT(s.item, 5);
    EXPECT_NE(s.item, 1);
  }
}

TEST(BprTest, UserScoresAreInnerProductsWithTheBiasColumn) {
  auto trained = TrainBpr(TwoTastes(), BlockConfig());
  ASSERT_TRUE(trained.ok());
  const Recommender& model = *trained.value();
  const auto factors = model.Factors();
  ASSERT_TRUE(factors.has_value());
  EXPECT_EQ(factors->dim, 5);  // 4 factors + the bias
  EXPECT_EQ(factors->items.size(), 10u * 5u);
  const auto user = model.UserFactors(3);
  ASSERT_EQ(user.size(), 5u);
  EXPECT_EQ(user[4], 1.0f);  // the constant that multiplies the item bias
  for (const ScoredItem& s : model.ForUser(3, 10)) {
    float dot = 0;
    for (size_t d = 0; d < 5; ++d) dot += user[d] * factors->items[s.item * 5 + d];
    EXPECT_FLOAT_EQ(s.score, dot);
  }
}

TEST(BprTest, DeterministicAcrossThreadCounts) {
  RecommendConfig config = BlockConfig();
  auto a = TrainBpr(TwoTastes(), config);
  config.threads = 1;
  auto b = TrainBpr(TwoTastes(), config);
  ASSERT_TRUE(a.ok() && b.ok());
  for (int c = 0; c < 40; ++c) {
    const auto p = a.value()->ForUser(c, 10), q = b.value()->ForUser(c, 10);
    ASSERT_EQ(p.size(), q.size());
    for (size_t i = 0; i < p.size(); ++i) {
      EXPECT_EQ(p[i].item, q[i].item);
      EXPECT_EQ(p[i].score, q[i].score);
    }
  }
}

TEST(BprTest, ADivergingLearningRateIsAnError) {
  RecommendConfig config = BlockConfig();
  config.bpr_learning_rate = 1e30;
  const auto model = TrainBpr(TwoTastes(), config);
  ASSERT_FALSE(model.ok());
  EXPECT_EQ(model.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(model.status().message().find("bpr_learning_rate"), std::string::npos);
}

}  // namespace
}  // namespace mercato::recommend
