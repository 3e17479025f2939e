#include "recommend/popularity.h"

#include <gtest/gtest.h>

#include "recommend/snapshot_test_util.h"

namespace mercato::recommend {
namespace {

using testing::MakeSnapshot;

// Item 2: three buyers long ago; item 1: two buyers recently; item 0: one buyer; item 3 none.
Snapshot Store4() {
  return MakeSnapshot(4, 4,
                      {{0, 2, 1, 0},
                       {1, 2, 2, 0},
                       {2, 2, 3, 0},
                       {0, 1, 4, 100},
                       {1, 1, 5, 100},
                       {3, 0, 6, 50},
                       {3, 0, 7, 60}});
}

TEST(PopularityTest, RanksByDistinctBuyers) {
  const Snapshot s = Store4();
  auto model = TrainPopularity(ModelKind::kPopularity, s, {});
  auto top = model->ForUser(0, 10);
  ASSERT_EQ(top.size(), 3u);  // item 3 has no buyers
  EXPECT_EQ(top[0].item, 2);
  EXPECT_FLOAT_EQ(top[0].score, 3.0f);
  EXPECT_EQ(top[0].reason.kind, ReasonKind::kPopular);
  EXPECT_EQ(top[0].reason.count, 3);
  EXPECT_EQ(top[1].item, 1);
  EXPECT_EQ(top[2].item, 0);
  EXPECT_FLOAT_EQ(top[2].score, 1.0f);  // one customer bought it twice
  EXPECT_EQ(model->Related(3, 1).size(), 1u);
}

TEST(PopularityTest, TrendingDecaysOldInteractions) {
  const Snapshot s = Store4();
  RecommendConfig config;
  config.trending_half_life_days = 10;
  auto model = TrainPopularity(ModelKind::kTrending, s, config);
  auto top = model->ForUser(0, 2);
  ASSERT_EQ(top.size(), 2u);
  EXPECT_EQ(top[0].item, 1);
  EXPECT_FLOAT_EQ(top[0].score, 2.0f);  // two buyers on the last day
  EXPECT_EQ(top[0].reason.kind, ReasonKind::kTrending);
  EXPECT_EQ(top[0].reason.count, 2);
  EXPECT_EQ(top[1].item, 0);
  EXPECT_NEAR(top[1].score, std::exp2(-4.0), 1e-6);  // last bought 40 days before the end
}

TEST(PopularityTest, RoundTripsThroughBytes) {
  const Snapshot s = Store4();
  auto model = TrainPopularity(ModelKind::kTrending, s, {});
  std::string bytes;
  model->Serialize(bytes);
  auto loaded = Deserialize(bytes);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded.value()->kind(), ModelKind::kTrending);
  const auto a = model->ForUser(0, 4), b = loaded.value()->ForUser(0, 4);
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].item, b[i].item);
    EXPECT_EQ(a[i].score, b[i].score);
  }
  EXPECT_FALSE(Deserialize(bytes.substr(0, bytes.size() - 3)).ok());
  EXPECT_FALSE(Deserialize(bytes + "x").ok());
  EXPECT_FALSE(Deserialize("").ok());
}

}  // namespace
}  // namespace mercato::recommend
