#include "recommend/complementary.h"

#include <gtest/gtest.h>

#include "recommend/snapshot_test_util.h"

namespace mercato::recommend {
namespace {

using testing::MakeSnapshot;
using testing::Purchase;

// Items 0+1 in the same order for customers 0..5; item 2 bought 7 days after item 0 by
// customers 0..3 and 30 days after by customer 4; item 3 bought alone in other orders.
Snapshot Baskets(int num_categories = 4) {
  std::vector<Purchase> p;
  for (int c = 0; c < 6; ++c) {
    p.push_back({c, 0, c * 10, 0});
    p.push_back({c, 1, c * 10, 0});
  }
  for (int c = 0; c < 4; ++c) p.push_back({c, 2, c * 10 + 1, 7});
  p.push_back({4, 2, 41, 30});
  for (int c = 6; c < 10; ++c) p.push_back({c, 3, c * 10, 3});
  return MakeSnapshot(10, 4, p, num_categories);  // item i in category i % num_categories
}

TEST(ComplementaryTest, BoughtTogetherAndFollowUpsWithDelays) {
  auto model = TrainComplementary(Baskets(), {});
  const auto related = model->Related(0, 5);
  ASSERT_EQ(related.size(), 2u);
  EXPECT_EQ(related[0].item, 1);
  EXPECT_FLOAT_EQ(related[0].score, 1.0f);  // every order with item 0 has item 1
  EXPECT_EQ(related[0].reason.kind, ReasonKind::kBoughtTogether);
  EXPECT_EQ(related[0].reason.count, 6);
  EXPECT_EQ(related[1].item, 2);
  EXPECT_FLOAT_EQ(related[1].score, 5.0f / 6);  // 5 of the 6 buyers of item 0
  EXPECT_EQ(related[1].reason.kind, ReasonKind::kFollowUp);
  EXPECT_EQ(related[1].reason.count, 5);
  EXPECT_EQ(related[1].reason.delay_days, 7);  // 4 of 5 within the ~7 days bucket

  const std::vector<int32_t> order = {1};
  const auto after = model->AfterPurchase(order, 3);
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0].item, 2);
  EXPECT_EQ(after[0].reason.anchor, 1);
  EXPECT_EQ(after[0].reason.delay_days, 7);
  // Customer 5's latest order is {0, 1}: follow-ups of both.
  const auto user = model->ForUser(5, 3);
  ASSERT_EQ(user.size(), 1u);
  EXPECT_EQ(user[0].item, 2);
  EXPECT_NEAR(user[0].score, 2 * 5.0f / 6, 1e-6);
  const std::vector<ContextItem> cart = {{1, ContextEvent::kAddToCart}};
  const auto with_cart = model->ForItems(cart, 3);
  ASSERT_EQ(with_cart.size(), 1u);
  EXPECT_EQ(with_cart[0].item, 0);
}

TEST(ComplementaryTest, StrictDropsRarePairsThatRelaxedKeeps) {
  // Item 3 appears once with item 0 in customer 9's order.
  Snapshot s = MakeSnapshot(
      2, 4, {{0, 0, 1, 0}, {0, 1, 1, 0}, {1, 0, 2, 0}, {1, 1, 2, 0}, {1, 0, 3, 1}, {1, 3, 3, 1}},
      4);
  RecommendConfig config;
  auto strict = TrainComplementary(s, config)->ForItems(std::vector<ContextItem>{{0}}, 5);
  ASSERT_EQ(strict.size(), 1u);
  EXPECT_EQ(strict[0].item, 1);
  config.fbt_relaxed = true;
  auto relaxed = TrainComplementary(s, config)->ForItems(std::vector<ContextItem>{{0}}, 5);
  ASSERT_EQ(relaxed.size(), 2u);
  EXPECT_EQ(relaxed[1].item, 3);
  EXPECT_FLOAT_EQ(relaxed[1].score, 1.0f / 3);
}

TEST(ComplementaryTest, SameCategoryPairsRankLower) {
  // Items 0 and 2 share a category: the follow-up keeps its count but half its score.
  const auto related = TrainComplementary(Baskets(2), {})->Related(0, 5);
  ASSERT_EQ(related.size(), 2u);
  EXPECT_EQ(related[1].item, 2);
  EXPECT_FLOAT_EQ(related[1].score, 0.5f * 5 / 6);
  EXPECT_EQ(related[1].reason.count, 5);
}

TEST(ComplementaryTest, RoundTripsThroughBytes) {
  auto model = TrainComplementary(Baskets(), {});
  std::string bytes;
  model->Serialize(bytes);
  auto loaded = Deserialize(bytes);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  const auto a = model->Related(0, 5), b = loaded.value()->Related(0, 5);
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].item, b[i].item);
    EXPECT_EQ(a[i].reason.delay_days, b[i].reason.delay_days);
  }
}

TEST(ComplementaryTest, RecoversThePlantedPairsOfTheSyntheticStore) {
  const auto synthetic = testing::MakeSyntheticStore(8000, 730);
  auto snapshot = LoadSnapshot(*synthetic.store);
  ASSERT_TRUE(snapshot.ok()) << snapshot.status().ToString();
  auto model = TrainComplementary(snapshot.value(), {});
  int planted = 0, recovered = 0, delay_right = 0;
  for (const auto& pair : synthetic.truth["complements"]["pairs"]) {
    const int32_t a = snapshot->items.Find(pair["a"].get<std::string>());
    const int32_t b = snapshot->items.Find(pair["b"].get<std::string>());
    ASSERT_NE(a, IdIndex::kNone);
    ++planted;
    const auto top = model->Related(a, 1);
    if (top.empty() || top[0].item != b) continue;
    ++recovered;
    const std::string delay = pair["delay"];
    const int want = delay == "same_basket" ? -1 : delay == "week" ? 7 : 30;
    delay_right += top[0].reason.delay_days == want;
  }
  ASSERT_GT(planted, 0);
  std::printf("planted pairs %d, recovered %d, with the planted delay %d\n", planted, recovered,
              delay_right);
  EXPECT_GE(recovered, 0.8 * planted);
  // Same-basket pairs come back as bought together (delay -1), the others with their bucket.
  EXPECT_GE(delay_right, 0.9 * recovered);
}

}  // namespace
}  // namespace mercato::recommend
