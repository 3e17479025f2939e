#include "recommend/session.h"

#include <gtest/gtest.h>

#include "recommend/snapshot_test_util.h"

namespace mercato::recommend {
namespace {

using testing::MakeSnapshot;

// Orders {0,1} x2, {0,2}, {2,3}: order support 3, 2, 2, 1.
Snapshot Orders() {
  return MakeSnapshot(3, 4,
                      {{0, 0, 1, 0},
                       {0, 1, 1, 0},
                       {1, 0, 2, 1},
                       {1, 1, 2, 1},
                       {2, 0, 3, 2},
                       {2, 2, 3, 2},
                       {2, 2, 4, 3},
                       {2, 3, 4, 3}});
}

TEST(SessionTest, RecentEventsWeighMore) {
  RecommendConfig config;
  config.session_recency_decay = 0.5;
  auto model = TrainSession(Orders(), config);
  // cos(0,1) = 2/sqrt(6), cos(0,2) = 1/sqrt(6), cos(2,3) = 1/sqrt(2).
  const std::vector<ContextItem> session = {{1, ContextEvent::kView}, {3, ContextEvent::kView}};
  const auto top = model->ForItems(session, 5);
  ASSERT_EQ(top.size(), 2u);
  EXPECT_EQ(top[0].item, 2);  // from item 3, the latest view: 1 * 1/sqrt(2)
  EXPECT_NEAR(top[0].score, 1 / std::sqrt(2.0f), 1e-6);
  EXPECT_EQ(top[0].reason.kind, ReasonKind::kSession);
  EXPECT_EQ(top[0].reason.anchor, 3);
  EXPECT_EQ(top[1].item, 0);  // from item 1, one event older: 0.5 * 2/sqrt(6)
  EXPECT_NEAR(top[1].score, 1 / std::sqrt(6.0f), 1e-6);
  // The cart counts twice a view.
  const std::vector<ContextItem> cart = {{3, ContextEvent::kView}, {1, ContextEvent::kAddToCart}};
  const auto with_cart = model->ForItems(cart, 1);
  ASSERT_EQ(with_cart.size(), 1u);
  EXPECT_EQ(with_cart[0].item, 0);
  EXPECT_NEAR(with_cart[0].score, 2 * 2 / std::sqrt(6.0f), 1e-6);
}

TEST(SessionTest, CustomersLatestOrderIsTheirSession) {
  auto model = TrainSession(Orders(), {});
  // Latest order {2, 3}, purchases (weight 3), item 3 taken as the newer (decay 0.7 for 2).
  const auto top = model->ForUser(2, 5);
  ASSERT_EQ(top.size(), 3u);
  EXPECT_EQ(top[0].item, 2);
  EXPECT_NEAR(top[0].score, 3 / std::sqrt(2.0f), 1e-5);
  EXPECT_EQ(top[1].item, 3);
  EXPECT_NEAR(top[1].score, 2.1f / std::sqrt(2.0f), 1e-5);
  EXPECT_EQ(top[2].item, 0);
  EXPECT_NEAR(top[2].score, 2.1f / std::sqrt(6.0f), 1e-5);
  std::string bytes;
  model->Serialize(bytes);
  auto loaded = Deserialize(bytes);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded.value()->ForUser(2, 5).size(), top.size());
}

}  // namespace
}  // namespace mercato::recommend
