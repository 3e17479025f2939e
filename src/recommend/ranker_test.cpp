// The two-stage ranker: reciprocal rank fusion when the validation window leaves nothing to learn
// from, LambdaMART that beats every single model on the synthetic store's later days, reasons
// from the model that ranked an item highest, its features, erasure, and the lists it stores at
// training (the live ranking's answer; corrupt or cut bytes refused).
#include "recommend/ranker.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>

#include "recommend/evaluation.h"
#include "recommend/model_registry.h"
#include "recommend/ranker_features.h"
#include "recommend/snapshot_test_util.h"

namespace mercato::recommend {
namespace {

using testing::MakeSnapshot;
using testing::Purchase;

// 40 customers over 10 items in 2 categories across 19 days: a 30-day validation window leaves
// no training data before it.
Snapshot ShortHistory() { return testing::ThreeVisits(40, 40, 10, 10, 4, 2); }

TEST(RankerTest, AShortHistoryLearnsFromItemsHeldOutAtRandom) {
  const Snapshot snapshot = ShortHistory();
  RecommendConfig config = testing::SmallConfig();
  config.ranker_rounds = 10;
  std::string learned, fused;
  TrainRanker(TrainInput{snapshot, {}}, config).value()->Serialize(learned);
  config.ranker_min_customers = 1000;  // more than there are: nothing learned
  TrainRanker(TrainInput{snapshot, {}}, config).value()->Serialize(fused);
  EXPECT_GT(learned.size(), fused.size() + 1000);  // the booster's bytes
}

TEST(RankerTest, WithTooFewCustomersToLearnFromItFusesTheModelsRanks) {
  const Snapshot snapshot = ShortHistory();
  RecommendConfig config = testing::SmallConfig();
  config.ranker_min_customers = 1000;
  auto ranker = TrainRanker(TrainInput{snapshot, {}}, config);
  ASSERT_TRUE(ranker.ok()) << ranker.status().ToString();
  // The fused score of an item is the sum over the models proposing it of 1 / (60 + rank), rank
  // from 1, each model asked for ranker_candidates (50) + the customer's own items.
  const int32_t customer = 3;
  std::map<int32_t, double> fused;
  std::map<int32_t, std::pair<size_t, ReasonKind>> best;  // rank, reason
  for (const RecommendModel& model : kRecommendModels) {
    if (model.kind == ModelKind::kRanker || model.kind == ModelKind::kItemRanker) continue;
    auto base = Train(model.kind, TrainInput{snapshot, {}}, config);
    ASSERT_TRUE(base.ok());
    const auto own = snapshot.interactions.ColsOf(customer).size();
    const auto list = base.value()->ForUser(customer, 50 + static_cast<int>(own));
    for (size_t r = 0; r < list.size(); ++r) {
      fused[list[r].item] += 1.0 / (60.0 + static_cast<double>(r) + 1.0);
      auto [it, added] = best.emplace(list[r].item, std::make_pair(r, list[r].reason.kind));
      if (!added && r < it->second.first) it->second = {r, list[r].reason.kind};
    }
  }
  const auto list = ranker.value()->ForUser(customer, 10);
  ASSERT_EQ(list.size(), 10u);  // every item is somebody's candidate
  for (size_t i = 0; i < list.size(); ++i) {
    EXPECT_NEAR(list[i].score, fused[list[i].item], 1e-5) << "item " << list[i].item;
    EXPECT_EQ(list[i].reason.kind, best[list[i].item].second) << "item " << list[i].item;
  }
}

TEST(RankerTest, FeaturesOfAShopperAndAnItem) {
  // Customer 0 bought item 1 (category 1, price 11) on day 0 and item 3 (category 1, price 13)
  // on day 4; customer 1 bought item 2 on day 9. Snapshot end: day 9; trend window 7 days.
  const Snapshot s = MakeSnapshot(2, 6, {{0, 1, 0, 0}, {0, 3, 1, 4}, {1, 2, 2, 9}}, 2);
  const RankerContext context(s, 7);
  std::vector<float> f;
  const int32_t items[] = {5, 2, 1};
  context.Append(context.OfCustomer(0), items, f);
  ASSERT_EQ(f.size(), 3u * kRankerFeatureCount);
  const float* five = f.data();
  EXPECT_EQ(five[kItemBuyers], 0.0f);
  EXPECT_TRUE(std::isnan(five[kItemRecentShare]));  // no buyers
  EXPECT_EQ(five[kItemPrice], 15.0f);
  EXPECT_TRUE(std::isnan(five[kItemStock]));  // no catalog stock figure
  EXPECT_EQ(five[kShopperItems], 2.0f);
  EXPECT_EQ(five[kShopperDaysIdle], 5.0f);       // day 9 - day 4
  EXPECT_EQ(five[kShopperCategoryItems], 2.0f);  // items 1 and 3 share category 5 % 2 = 1
  EXPECT_EQ(five[kShopperCategoryDays], 5.0f);
  EXPECT_TRUE(std::isnan(five[kShopperBrandItems]));         // no brand
  EXPECT_FLOAT_EQ(five[kShopperPriceRatio], 15.0f / 12.0f);  // mean of 11 and 13
  EXPECT_TRUE(std::isnan(five[kShopperItemDays]));           // never had it
  const float* two = f.data() + kRankerFeatureCount;
  EXPECT_EQ(two[kItemBuyers], 1.0f);
  EXPECT_EQ(two[kItemRecentBuyers], 1.0f);      // day 9 within 7 days of day 9
  EXPECT_EQ(two[kShopperCategoryItems], 0.0f);  // category 0: none of hers
  EXPECT_TRUE(std::isnan(two[kShopperCategoryDays]));
  const float* one = f.data() + 2 * kRankerFeatureCount;
  EXPECT_EQ(one[kItemRecentBuyers], 0.0f);  // day 0 is 9 days back
  EXPECT_EQ(one[kShopperItemDays], 9.0f);   // repurchase: bought on day 0
  // Without a shopper, only the item's columns.
  f.clear();
  context.Append(context.OfCustomer(7), items, f);
  EXPECT_TRUE(std::isnan(f[kShopperItems]));
  EXPECT_EQ(f[kItemPrice], 15.0f);
}

TEST(RankerTest, BeatsEverySingleModelOnTheSyntheticStoresLaterDays) {
  const auto synthetic = testing::MakeSyntheticStore(3000, 365);
  const Snapshot full = LoadSnapshot(*synthetic.store).value();
  auto split = InMemoryTimeSplit(full, 30);
  ASSERT_TRUE(split.ok()) << split.status().ToString();
  RecommendConfig config;
  config.als_factors = 16;
  config.threads = 2;
  std::vector<ModelKind> kinds;
  for (const RecommendModel& model : kRecommendModels) kinds.push_back(model.kind);
  auto reports = EvaluateModels(split.value(), kinds, config, 10);
  ASSERT_TRUE(reports.ok()) << reports.status().ToString();
  double best_single = 0, ranker = 0;
  for (const ModelReport& r : reports.value()) {
    std::printf("%-14s ndcg@10 %.4f recall@10 %.4f (%.1f s)\n", ModelKindName(r.kind).data(),
                r.metrics.ndcg, r.metrics.recall, r.train_seconds);
    if (r.kind == ModelKind::kRanker) {
      ranker = r.metrics.ndcg;
    } else {
      best_single = std::max(best_single, r.metrics.ndcg);
    }
  }
  EXPECT_GT(ranker, best_single);
}

// 60 customers over 24 items and 90 days; customer c favours items c % 6 + {0, 6, 12} (a taste
// block): enough validation customers to learn a booster from.
Snapshot TasteBlocks() {
  std::vector<Purchase> p;
  int order = 0;
  for (int c = 0; c < 60; ++c) {
    for (int visit = 0; visit < 6; ++visit) {
      p.push_back({c, c % 6 + 6 * ((c + visit) % 3), order, visit * 15 + c % 10});
      p.push_back({c, (c * 7 + visit) % 24, order, visit * 15 + c % 10});
      ++order;
    }
  }
  return MakeSnapshot(60, 24, p, 3);
}

RecommendConfig TasteBlocksConfig() {
  RecommendConfig config = testing::SmallConfig();
  config.ranker_validation_days = 20;
  config.ranker_min_customers = 5;
  config.ranker_rounds = 20;
  return config;
}

// Learned (not fused): same seed, same bytes; the bytes load back to the same lists; erasing
// customers moves the later ones down, with their lists.
TEST(RankerTest, LearnedModelIsDeterministicRoundTripsAndErases) {
  const Snapshot snapshot = TasteBlocks();
  const RecommendConfig config = TasteBlocksConfig();
  auto first = TrainRanker(TrainInput{snapshot, {}}, config);
  auto second = TrainRanker(TrainInput{snapshot, {}}, config);
  ASSERT_TRUE(first.ok() && second.ok()) << first.status().ToString();
  std::string a, b, fused_bytes;
  first.value()->Serialize(a);
  second.value()->Serialize(b);
  EXPECT_TRUE(a == b);
  // A booster is in the bytes: they are longer than those of the fused ranker.
  RecommendConfig fused = config;
  fused.ranker_min_customers = 1000;
  TrainRanker(TrainInput{snapshot, {}}, fused).value()->Serialize(fused_bytes);
  EXPECT_GT(a.size(), fused_bytes.size() + 1000);
  auto loaded = Deserialize(a);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  const Recommender& model = *first.value();
  for (int32_t c = 0; c < 60; ++c) {
    const auto x = model.ForUser(c, 8), y = loaded.value()->ForUser(c, 8);
    ASSERT_EQ(x.size(), y.size());
    for (size_t i = 0; i < x.size(); ++i) {
      EXPECT_EQ(x[i].item, y[i].item);
      EXPECT_EQ(x[i].score, y[i].score);
    }
  }
  const auto before = model.ForUser(9, 8);
  EXPECT_EQ(model.num_customers(), 60);
  loaded.value()->EraseCustomers(RowErasure({2, 5}));
  EXPECT_EQ(loaded.value()->num_customers(), 58);
  const auto after = loaded.value()->ForUser(7, 8);  // customer 9 is 7 now
  ASSERT_EQ(after.size(), before.size());
  for (size_t i = 0; i < after.size(); ++i) {
    EXPECT_EQ(after[i].item, before[i].item);
    EXPECT_EQ(after[i].score, before[i].score);
  }
  EXPECT_FALSE(Deserialize(a.substr(0, a.size() / 2)).ok());
}

// The stored lists answer ForUser exactly as ranking live does (k <= ranker_candidates, 30), and
// each runs down to its ranker_stored_items-th item the customer had not taken.
TEST(RankerTest, StoredListsAnswerAsTheLiveRankingDoes) {
  const Snapshot snapshot = TasteBlocks();
  RecommendConfig config = TasteBlocksConfig();
  config.ranker_candidates = 30;
  config.ranker_stored_items = 5;
  RecommendConfig live_config = config;
  live_config.ranker_stored_items = 0;
  auto stored = TrainRanker(TrainInput{snapshot, {}}, config);
  auto live = TrainRanker(TrainInput{snapshot, {}}, live_config);
  ASSERT_TRUE(stored.ok() && live.ok()) << stored.status().ToString();
  for (int32_t c = 0; c < 60; ++c) {
    const auto own = snapshot.interactions.ColsOf(c);
    const auto whole = stored.value()->ForUser(c, 1000);
    int fresh = 0;
    for (const ScoredItem& s : whole) {
      fresh += std::find(own.begin(), own.end(), s.item) == own.end() ? 1 : 0;
    }
    // Every customer leaves more than 5 of the 24 items untaken, all in some model's top 30.
    EXPECT_EQ(fresh, 5) << "customer " << c;
    ASSERT_FALSE(whole.empty());
    EXPECT_EQ(std::find(own.begin(), own.end(), whole.back().item), own.end()) << c;
    for (int k : {1, 3, static_cast<int>(whole.size())}) {
      const auto a = stored.value()->ForUser(c, k), b = live.value()->ForUser(c, k);
      ASSERT_EQ(a.size(), static_cast<size_t>(k));
      ASSERT_EQ(b.size(), a.size());
      for (size_t i = 0; i < a.size(); ++i) {
        EXPECT_EQ(a[i].item, b[i].item) << "customer " << c << " k " << k;
        EXPECT_EQ(a[i].score, b[i].score);
        EXPECT_EQ(a[i].reason.kind, b[i].reason.kind);
        EXPECT_EQ(a[i].reason.anchor, b[i].reason.anchor);
      }
    }
  }
  EXPECT_TRUE(stored.value()->ForUser(60, 10).empty());  // outside the customers
  EXPECT_TRUE(stored.value()->ForUser(-1, 10).empty());
}

// The boosters of one ranker, kept by another trained on the same data, give the same ranker
// (bytes) without learning them again; bytes that are not a booster are refused, and a model
// other than the ranker has none.
TEST(RankerTest, KeptBoostersGiveTheRankerThatLearnedThem) {
  const Snapshot snapshot = TasteBlocks();
  const RecommendConfig config = TasteBlocksConfig();
  auto learned = TrainRanker(TrainInput{snapshot, {}}, config);
  ASSERT_TRUE(learned.ok()) << learned.status().ToString();
  RankerReuse reuse;
  reuse.boosters = RankerBoosterBytes(*learned.value());
  ASSERT_EQ(reuse.boosters.size(), static_cast<size_t>(config.ranker_boosters));
  auto kept = TrainRanker(TrainInput{snapshot, {}}, config, std::move(reuse));
  ASSERT_TRUE(kept.ok()) << kept.status().ToString();
  std::string a, b;
  learned.value()->Serialize(a);
  kept.value()->Serialize(b);
  EXPECT_TRUE(a == b);
  RankerReuse bad;
  bad.boosters = {"not a booster"};
  EXPECT_EQ(TrainRanker(TrainInput{snapshot, {}}, config, std::move(bad)).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_TRUE(RankerBoosterBytes(*Train(ModelKind::kSar, TrainInput{snapshot, {}}, config).value())
                  .empty());
}

// Listed customers get the list ranked for them without the listing; the others none.
TEST(RankerTest, OnlyTheListedCustomersListsAreRanked) {
  const Snapshot snapshot = TasteBlocks();
  const RecommendConfig config = TasteBlocksConfig();
  auto all = TrainRanker(TrainInput{snapshot, {}}, config);
  RankerReuse reuse;
  reuse.listed = std::vector<int32_t>{3, 41, 99};  // 99: outside the 60 customers
  auto some = TrainRanker(TrainInput{snapshot, {}}, config, std::move(reuse));
  ASSERT_TRUE(all.ok() && some.ok()) << some.status().ToString();
  for (int32_t c : {3, 41}) {
    const auto x = all.value()->ForUser(c, 8), y = some.value()->ForUser(c, 8);
    ASSERT_EQ(x.size(), 8u);
    ASSERT_EQ(y.size(), x.size());
    for (size_t i = 0; i < x.size(); ++i) {
      EXPECT_EQ(x[i].item, y[i].item);
      EXPECT_EQ(x[i].score, y[i].score);
    }
  }
  EXPECT_TRUE(some.value()->ForUser(4, 8).empty());
}

// Stored lists come last in the bytes, as 7 vectors of n entries (a 64-bit length, then the
// values): items and scores (4 bytes each), reason kinds (1 byte), anchors, counts and delays
// (4 bytes each). A corrupt item id or reason kind, or cut bytes, is an error, never a crash.
TEST(RankerTest, CorruptOrCutStoredListsAreRefused) {
  const Snapshot snapshot = TasteBlocks();
  std::string bytes;
  TrainRanker(TrainInput{snapshot, {}}, TasteBlocksConfig()).value()->Serialize(bytes);
  auto model = Deserialize(bytes);
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  size_t n = 0;
  for (int32_t c = 0; c < 60; ++c) n += model.value()->ForUser(c, 1000).size();
  // From the end: delays, counts, anchors (8 + 4n each), kinds (8 + n), scores (8 + 4n).
  const size_t after_items = 4 * (8 + 4 * n) + (8 + n);
  const size_t first_item = bytes.size() - after_items - 4 * n;
  const size_t first_kind = bytes.size() - 3 * (8 + 4 * n) - n;
  std::string bad_item = bytes;
  const int32_t outside = 24;  // the catalog has items 0..23
  std::memcpy(bad_item.data() + first_item, &outside, sizeof outside);
  const auto item_status = Deserialize(bad_item).status();
  EXPECT_EQ(item_status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(item_status.message().find("stored lists: an item id"), std::string::npos)
      << item_status.ToString();
  std::string bad_kind = bytes;
  bad_kind[first_kind] = static_cast<char>(200);
  const auto kind_status = Deserialize(bad_kind).status();
  EXPECT_NE(kind_status.message().find("stored lists: a reason"), std::string::npos)
      << kind_status.ToString();
  for (size_t cut = 1; cut <= after_items + 4 * n + 16; cut += 61) {
    EXPECT_FALSE(Deserialize(bytes.substr(0, bytes.size() - cut)).ok()) << cut;
  }
}

// The stored list length is written beside the ranker's lists, not with the config every model
// writes: the other models' bytes, and their artifacts trained before it existed, stay the same.
TEST(RankerTest, TheStoredListLengthLeavesTheOtherModelsBytesAsTheyWere) {
  const Snapshot snapshot = TasteBlocks();
  RecommendConfig longer = TasteBlocksConfig();
  longer.ranker_stored_items = 7;
  for (ModelKind kind : {ModelKind::kPopularity, ModelKind::kSar, ModelKind::kEase}) {
    std::string a, b;
    Train(kind, TrainInput{snapshot, {}}, TasteBlocksConfig()).value()->Serialize(a);
    Train(kind, TrainInput{snapshot, {}}, longer).value()->Serialize(b);
    EXPECT_TRUE(a == b) << ModelKindName(kind);
  }
  std::string ranker;
  TrainRanker(TrainInput{snapshot, {}}, longer).value()->Serialize(ranker);
  auto loaded = Deserialize(ranker);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  std::string again;
  loaded.value()->Serialize(again);
  EXPECT_TRUE(again == ranker);  // the length read back, not the default 50
}

TEST(RankerTest, ABoosterCountOutsideOneToSixteenIsRefused) {
  const Snapshot snapshot = ShortHistory();
  for (int boosters : {0, RecommendConfig::kMaxRankerBoosters + 1}) {
    RecommendConfig config = testing::SmallConfig();
    config.ranker_boosters = boosters;
    const auto ranker = Train(ModelKind::kRanker, TrainInput{snapshot, {}}, config);
    EXPECT_EQ(ranker.status().code(), StatusCode::kInvalidArgument) << boosters;
  }
}

}  // namespace
}  // namespace mercato::recommend
