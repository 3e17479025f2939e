// The item ranker: its stored per-item lists fuse (or learn to rank) the item-item models'
// candidates with the reason of the model that ranked each highest, cart and order queries merge
// the anchors' lists by reciprocal rank, a planted pair comes first, corrupt bytes are refused.
#include "recommend/item_ranker.h"

#include <gtest/gtest.h>

#include <cstring>
#include <map>

#include "recommend/model_registry.h"
#include "recommend/snapshot_test_util.h"

namespace mercato::recommend {
namespace {

using testing::MakeSnapshot;
using testing::Purchase;

// Per item the reciprocal rank fusion of the base models' Related(item) lists (asked for
// ranker_candidates + 1 items, the item itself left out), and the reason of the model that
// ranked each candidate highest (first model on a tie).
struct Fused {
  std::map<int32_t, double> score;
  std::map<int32_t, std::pair<size_t, Reason>> best;  // rank, reason
};

Fused FuseBaseModels(const Snapshot& snapshot, const RecommendConfig& config, int32_t anchor) {
  Fused f;
  for (ModelKind kind : ItemRankerBaseKinds()) {
    auto base = Train(kind, TrainInput{snapshot, {}}, config);
    if (!base.ok()) continue;
    const auto list = base.value()->Related(anchor, config.ranker_candidates + 1);
    for (size_t r = 0; r < list.size(); ++r) {
      if (list[r].item == anchor) continue;
      // 1 / (60 + rank), rank from 1 within the model's own list.
      f.score[list[r].item] += 1.0 / (60.0 + static_cast<double>(r) + 1.0);
      auto [it, added] = f.best.emplace(list[r].item, std::make_pair(r, list[r].reason));
      if (!added && r < it->second.first) it->second = {r, list[r].reason};
    }
  }
  return f;
}

// 40 customers over 10 items in 2 categories across 19 days (ThreeVisits): with more validation
// groups needed than there are, nothing is learned and the candidates' ranks are fused.
TEST(ItemRankerTest, WithTooLittleToLearnFromItFusesTheItemModelsRanks) {
  const Snapshot snapshot = testing::ThreeVisits(40, 40, 10, 10, 4, 2);
  RecommendConfig config = testing::SmallConfig();
  config.ranker_min_customers = 1000;
  auto ranker = TrainItemRanker(TrainInput{snapshot, {}}, config);
  ASSERT_TRUE(ranker.ok()) << ranker.status().ToString();
  for (int32_t anchor : {0, 3, 7}) {
    const Fused fused = FuseBaseModels(snapshot, config, anchor);
    const auto list = ranker.value()->Related(anchor, 5);
    ASSERT_EQ(list.size(), 5u);  // popularity proposes every sold item
    for (const ScoredItem& s : list) {
      EXPECT_NE(s.item, anchor);
      EXPECT_NEAR(s.score, fused.score.at(s.item), 1e-6) << anchor << " " << s.item;
      const Reason& reason = fused.best.at(s.item).second;
      EXPECT_EQ(s.reason.kind, reason.kind) << anchor << " " << s.item;
      EXPECT_EQ(s.reason.anchor, reason.anchor) << anchor << " " << s.item;
      EXPECT_EQ(s.reason.count, reason.count) << anchor << " " << s.item;
    }
  }
}

TEST(ItemRankerTest, ACartMergesItsItemsListsByReciprocalRank) {
  const Snapshot snapshot = testing::ThreeVisits(40, 40, 10, 10, 4, 2);
  RecommendConfig config = testing::SmallConfig();
  config.ranker_min_customers = 1000;
  const auto ranker = TrainItemRanker(TrainInput{snapshot, {}}, config).value();
  // An item at rank r (from 1) in anchor 2's stored list and at rank q in anchor 5's scores
  // 1/(60 + r) + 1/(60 + q); in one list only, its one term. Its reason comes from the list where
  // it ranks higher (anchor 2's on a tie: the lower anchor id).
  const auto two = ranker->Related(2, 1000), five = ranker->Related(5, 1000);
  std::map<int32_t, double> expected;
  std::map<int32_t, std::pair<size_t, int32_t>> from;  // best rank, list's anchor
  for (const auto& [list, anchor] : {std::pair{&two, 2}, std::pair{&five, 5}}) {
    for (size_t r = 0; r < list->size(); ++r) {
      const int32_t item = (*list)[r].item;
      expected[item] += 1.0 / (60.0 + static_cast<double>(r) + 1.0);
      auto [it, added] = from.emplace(item, std::make_pair(r, anchor));
      if (!added && r < it->second.first) it->second = {r, anchor};
    }
  }
  const ContextItem cart[] = {{5, ContextEvent::kAddToCart},
                              {2, ContextEvent::kView},
                              {5, ContextEvent::kView},
                              {99, ContextEvent::kView}};
  const auto merged = ranker->ForItems(cart, 6);
  const int32_t order[] = {2, 5};
  const auto after = ranker->AfterPurchase(order, 6);
  ASSERT_EQ(merged.size(), 6u);
  ASSERT_EQ(after.size(), 6u);
  for (size_t i = 0; i < merged.size(); ++i) {
    EXPECT_NEAR(merged[i].score, expected.at(merged[i].item), 1e-6) << merged[i].item;
    const auto& list = from.at(merged[i].item).second == 2 ? two : five;
    const size_t r = from.at(merged[i].item).first;
    EXPECT_EQ(merged[i].reason.kind, list[r].reason.kind) << merged[i].item;
    EXPECT_EQ(merged[i].reason.anchor, list[r].reason.anchor) << merged[i].item;
    EXPECT_EQ(after[i].item, merged[i].item);
    EXPECT_EQ(after[i].score, merged[i].score);
  }
  // A customer's list is the merge of their latest order's items at training.
  EXPECT_FALSE(ranker->ForUser(3, 5).empty());
}

// Items 0 and 1 are bought in the same order by 30 of 60 customers, on day 40 (15 of them) and
// day 70 (the other 15, inside the 30-day validation window, when 15 others buy item 0 alone
// before); every customer also buys two filler items of 2..11 on other days.
Snapshot PlantedPair() {
  std::vector<Purchase> purchases;
  int order = 0;
  for (int c = 0; c < 60; ++c) {
    const int day = c < 15 ? 40 : (c < 30 ? 70 : 20);
    if (c < 30) {
      purchases.push_back({c, 0, order, day});
      purchases.push_back({c, 1, order++, day});
    } else if (c < 45) {
      purchases.push_back({c, 0, order++, 50});
    }
    purchases.push_back({c, 2 + c % 10, order++, 10 + c % 7});
    purchases.push_back({c, 2 + (c + 3) % 10, order++, 30 + c % 5});
  }
  return MakeSnapshot(60, 12, purchases, 3);
}

RecommendConfig PlantedPairConfig() {
  RecommendConfig config = testing::SmallConfig();
  config.ranker_min_customers = 1;
  config.ranker_rounds = 20;
  return config;
}

// The lists put item 1 first for item 0, carried by the complementary model (bought
// together).
TEST(ItemRankerTest, APlantedPairComesFirstWithTheComplementaryModelsReason) {
  auto ranker = TrainItemRanker(TrainInput{PlantedPair(), {}}, PlantedPairConfig());
  ASSERT_TRUE(ranker.ok()) << ranker.status().ToString();
  const auto list = ranker.value()->Related(0, 3);
  ASSERT_FALSE(list.empty());
  EXPECT_EQ(list[0].item, 1);
  EXPECT_EQ(list[0].reason.kind, ReasonKind::kBoughtTogether);
  EXPECT_EQ(list[0].reason.anchor, 0);
  EXPECT_EQ(list[0].reason.count, 30);  // orders holding both
}

// The boosters of one item ranker, kept by another trained on the same data, give the same
// item ranker (bytes) without learning them again; too many boosters and bytes that are not a
// booster are refused; a model read from bytes, or of another kind, has none.
// (ThreeVisits: its 19 days are inside the 30-day window, so it learns on 25% of each
// customer's items held out at random, 40 groups or fewer, at least one.)
TEST(ItemRankerTest, KeptBoostersGiveTheItemRankerThatLearnedThem) {
  const Snapshot snapshot = testing::ThreeVisits(40, 40, 10, 10, 4, 2);
  RecommendConfig config = testing::SmallConfig();
  config.ranker_min_customers = 1;
  config.ranker_rounds = 20;
  auto learned = TrainItemRanker(TrainInput{snapshot, {}}, config);
  ASSERT_TRUE(learned.ok()) << learned.status().ToString();
  std::vector<std::string> boosters = ItemRankerBoosterBytes(*learned.value());
  ASSERT_EQ(boosters.size(), static_cast<size_t>(config.ranker_boosters));
  const std::vector<std::unique_ptr<Recommender>> none;
  auto kept = TrainItemRanker(TrainInput{snapshot, {}}, config, none, boosters);
  ASSERT_TRUE(kept.ok()) << kept.status().ToString();
  EXPECT_EQ(ItemRankerBoosterBytes(*kept.value()), boosters);
  std::string a, b;
  learned.value()->Serialize(a);
  kept.value()->Serialize(b);
  EXPECT_TRUE(a == b);
  EXPECT_TRUE(ItemRankerBoosterBytes(*Deserialize(a).value()).empty());
  EXPECT_EQ(
      TrainItemRanker(TrainInput{snapshot, {}}, config, none, {"not a booster"}).status().code(),
      StatusCode::kInvalidArgument);
  const std::vector<std::string> too_many(RecommendConfig::kMaxRankerBoosters + 1, boosters[0]);
  EXPECT_EQ(TrainItemRanker(TrainInput{snapshot, {}}, config, none, too_many).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_TRUE(
      ItemRankerBoosterBytes(*Train(ModelKind::kSar, TrainInput{snapshot, {}}, config).value())
          .empty());
}

TEST(ItemRankerTest, CorruptBytesAreRefused) {
  const Snapshot snapshot = testing::ThreeVisits(40, 40, 10, 10, 4, 2);
  RecommendConfig config = testing::SmallConfig();
  config.ranker_min_customers = 1000;
  std::string bytes;
  TrainItemRanker(TrainInput{snapshot, {}}, config).value()->Serialize(bytes);
  ASSERT_TRUE(Deserialize(bytes).ok());
  // Bytes 1..4 (after the kind tag) are the catalog size: 1 item makes the stored ids invalid.
  std::string fewer = bytes;
  const int32_t one = 1;
  std::memcpy(fewer.data() + 1, &one, sizeof one);
  auto refused = Deserialize(fewer);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("corrupt"), std::string::npos)
      << refused.status().message();
  EXPECT_FALSE(Deserialize(bytes.substr(0, bytes.size() - 3)).ok());
}

}  // namespace
}  // namespace mercato::recommend
