#include "recommend/evaluation.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <span>

#include "recommend/snapshot_test_util.h"

namespace mercato::recommend {
namespace {

using testing::MakeSnapshot;
using testing::Purchase;

TEST(EvaluationTest, MetricsFollowTheRecommendersDefinitions) {
  Metrics sum;
  const std::vector<int32_t> ranked = {5, 1, 7, 2}, relevant = {1, 2, 9};
  AccumulateMetrics(ranked, relevant, 4, sum);
  EXPECT_DOUBLE_EQ(sum.precision, 0.5);
  EXPECT_DOUBLE_EQ(sum.recall, 2.0 / 3);
  const double dcg = 1 / std::log2(3.0) + 1 / std::log2(5.0);
  const double idcg = 1 + 1 / std::log2(3.0) + 1 / std::log2(4.0);
  EXPECT_NEAR(sum.ndcg, dcg / idcg, 1e-12);
  EXPECT_NEAR(sum.map, (1.0 / 2 + 2.0 / 4) / 3, 1e-12);
  EXPECT_DOUBLE_EQ(sum.hit_rate, 1.0);
  // A short list still divides precision by k; map divides by min(|relevant|, k).
  Metrics short_list;
  AccumulateMetrics(std::vector<int32_t>{9}, relevant, 2, short_list);
  EXPECT_DOUBLE_EQ(short_list.precision, 0.5);
  EXPECT_DOUBLE_EQ(short_list.map, 1.0 / 2);
  EXPECT_DOUBLE_EQ(short_list.ndcg, 1.0 / (1 + 1 / std::log2(3.0)));
}

Snapshot TenItemsEach() {
  std::vector<Purchase> p;
  for (int c = 0; c < 20; ++c) {
    for (int i = 0; i < 10; ++i) p.push_back({c, (c + i) % 15, c * 10 + i, i});
  }
  p.push_back({20, 3, 999, 0});  // a customer with a single item keeps it in training
  return MakeSnapshot(21, 15, p);
}

TEST(EvaluationTest, RandomSplitIsStratifiedPerUserAndSeeded) {
  const Snapshot full = TenItemsEach();
  auto a = RandomSplit(full, 0.25, 7);
  ASSERT_TRUE(a.ok());
  for (int c = 0; c < 20; ++c) {
    const auto& rel = a->relevant[static_cast<size_t>(c)];
    EXPECT_EQ(rel.size(), 3u);  // round(0.25 * 10)
    EXPECT_EQ(a->train.interactions.ColsOf(c).size(), 7u);
    for (int32_t item : rel) {
      const auto seen = a->train.interactions.ColsOf(c);
      EXPECT_FALSE(std::binary_search(seen.begin(), seen.end(), int64_t{item}));
    }
  }
  EXPECT_TRUE(a->relevant[20].empty());
  EXPECT_EQ(a->train.interactions.ColsOf(20).size(), 1u);
  EXPECT_EQ(a->train.lines.size(), static_cast<size_t>(20 * 7 + 1));
  EXPECT_EQ(UsersEvaluated(a.value()), 20);
  auto b = RandomSplit(full, 0.25, 7), c = RandomSplit(full, 0.25, 8);
  EXPECT_EQ(a->relevant, b->relevant);
  EXPECT_NE(a->relevant, c->relevant);
  EXPECT_FALSE(RandomSplit(full, 1.0, 7).ok());
}

TEST(EvaluationTest, EvaluatesPopularityWithoutTrainingItems) {
  // Items 0..2 bought by everyone in training; each customer holds out one of items 3 or 4.
  std::vector<Purchase> p;
  for (int c = 0; c < 10; ++c) {
    for (int i = 0; i < 3; ++i) p.push_back({c, i, c, 0});
  }
  for (int c = 0; c < 6; ++c) p.push_back({c, 3, 100 + c, 0});  // item 3: six buyers
  EvalSplit split;
  split.train = MakeSnapshot(10, 6, p);
  split.relevant.resize(10);
  for (int c = 6; c < 10; ++c) split.relevant[static_cast<size_t>(c)] = {c < 8 ? 3 : 4};
  auto model = Train(ModelKind::kPopularity, {split.train, {}}, {});
  ASSERT_TRUE(model.ok());
  const Metrics m = Evaluate(*model.value(), split, 1);
  EXPECT_EQ(UsersEvaluated(split), 4);
  // Popularity's first unseen item is 3 for everyone: hits for customers 6 and 7.
  EXPECT_DOUBLE_EQ(m.precision, 0.5);
  EXPECT_DOUBLE_EQ(m.recall, 0.5);
  EXPECT_DOUBLE_EQ(m.hit_rate, 0.5);
  EXPECT_DOUBLE_EQ(m.coverage, 1.0 / 4);  // one of the four items with training interactions
}

// Answers each kind of query with one item that names what it was asked: a hit on item 4 only
// when the query came from customer 0's latest order (items 2 and 3, added to a cart for
// ForItems) or, for Related, from the first of them.
class QueryEcho : public Recommender {
 public:
  ModelKind kind() const override { return ModelKind::kPopularity; }
  int32_t num_items() const override { return 6; }
  std::vector<ScoredItem> ForUser(int32_t customer, int) const override {
    return {{customer + 4, 1.0f, {}}};
  }
  std::vector<ScoredItem> ForItems(std::span<const ContextItem> context, int) const override {
    int32_t top = 0;
    for (const ContextItem& c : context) {
      if (c.event != ContextEvent::kAddToCart) return {};
      top = std::max(top, c.item);
    }
    return {{top + static_cast<int32_t>(context.size()) - 1, 1.0f, {}}};
  }
  std::vector<ScoredItem> Related(int32_t item, int) const override {
    return {{item + 2, 1.0f, {}}};
  }
  std::vector<ScoredItem> AfterPurchase(std::span<const int32_t> items, int) const override {
    return {{static_cast<int32_t>(items.size()) * 2, 1.0f, {}}};
  }
  void Serialize(std::string&) const override {}
};

TEST(EvaluationTest, EachSurfacesQueryStartsFromTheCustomersLatestOrder) {
  // Customer 0 bought item 0 on day 0, then items 2 and 3 together on day 5; item 4 is held out.
  EvalSplit split;
  split.train = MakeSnapshot(1, 6, {{0, 0, 0, 0}, {0, 2, 1, 5}, {0, 3, 1, 5}});
  split.relevant = {{4}};
  const QueryEcho model;
  for (EvalQuery query :
       {EvalQuery::kUser, EvalQuery::kRelated, EvalQuery::kItems, EvalQuery::kAfterPurchase}) {
    EXPECT_DOUBLE_EQ(Evaluate(model, split, 3, query).recall, 1.0) << static_cast<int>(query);
  }
  // What a query from all three items would have found instead.
  split.relevant = {{5}};
  EXPECT_DOUBLE_EQ(Evaluate(model, split, 3, EvalQuery::kItems).recall, 0.0);
  split.relevant = {{6}};
  EXPECT_DOUBLE_EQ(Evaluate(model, split, 3, EvalQuery::kAfterPurchase).recall, 0.0);
}

TEST(EvaluationTest, TimeSplitCutoffLeavesTrainingDataOrSaysWhy) {
  const Snapshot s = TenItemsEach();  // days 0 to 9
  EXPECT_EQ(TimeSplitCutoff(s, 2).value(), *s.last_ts - 2 * 86400);
  EXPECT_EQ(TimeSplitCutoff(s, 0).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(TimeSplitCutoff(s, 9).status().code(), StatusCode::kInvalidArgument);  // day 0 left
  EXPECT_EQ(TimeSplitCutoff(Snapshot{}, 2).status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(TimeSplit(s, s).status().code(), StatusCode::kInvalidArgument);  // train: no until
}

TEST(EvaluationTest, TimeSplitOnTheSyntheticStoreAlsBeatsPopularity) {
  const auto synthetic = testing::MakeSyntheticStore(3000, 365);
  const Snapshot full = LoadSnapshot(*synthetic.store).value();
  const Timestamp cutoff = TimeSplitCutoff(full, 30).value();
  auto split = TimeSplit(full, LoadSnapshot(*synthetic.store, {.until = cutoff}).value());
  ASSERT_TRUE(split.ok()) << split.status().ToString();
  const Snapshot& train = split->train;
  ASSERT_TRUE(train.last_ts.has_value());
  EXPECT_LT(*train.last_ts, *train.until);  // nothing from the holdout in training
  EXPECT_EQ(split->item_texts.size(), static_cast<size_t>(train.items.size()));
  EXPECT_FALSE(split->item_texts[0].empty());  // product titles and categories
  const int64_t users = UsersEvaluated(split.value());
  EXPECT_GT(users, 200);
  const std::vector<ModelKind> kinds = {ModelKind::kPopularity, ModelKind::kAls};
  RecommendConfig config;
  config.als_factors = 32;
  auto reports = EvaluateModels(split.value(), kinds, config, 10);
  ASSERT_TRUE(reports.ok()) << reports.status().ToString();
  const Metrics& popularity = reports.value()[0].metrics;
  const Metrics& als = reports.value()[1].metrics;
  std::printf("users %lld, recall@10 popularity %.4f, als %.4f\n", static_cast<long long>(users),
              popularity.recall, als.recall);
  EXPECT_GT(als.recall, 2 * popularity.recall);
  EXPECT_GT(als.ndcg, 2 * popularity.ndcg);
}

// Cutting a snapshot in memory gives what loading it with `until` gives (the synthetic store
// imports no interaction events, so every interaction is an order line and nothing is lost).
TEST(EvaluationTest, InMemoryTimeSplitMatchesLoadingBeforeTheCutoff) {
  const auto synthetic = testing::MakeSyntheticStore(500, 200);
  const Snapshot full = LoadSnapshot(*synthetic.store).value();
  const Timestamp cutoff = TimeSplitCutoff(full, 30).value();
  auto loaded = TimeSplit(full, LoadSnapshot(*synthetic.store, {.until = cutoff}).value());
  auto cut = InMemoryTimeSplit(full, 30);
  ASSERT_TRUE(loaded.ok() && cut.ok()) << cut.status().ToString();
  const Snapshot &a = loaded->train, &b = cut->train;
  EXPECT_EQ(b.until, cutoff);
  EXPECT_EQ(b.last_ts, a.last_ts);
  EXPECT_LT(b.orders.size(), full.orders.size());
  EXPECT_EQ(b.orders.size(), a.orders.size());
  EXPECT_EQ(b.order_ts, a.order_ts);
  EXPECT_EQ(b.order_customer, a.order_customer);
  EXPECT_EQ(b.lines.order, a.lines.order);
  EXPECT_EQ(b.lines.item, a.lines.item);
  EXPECT_EQ(b.lines.ts, a.lines.ts);
  EXPECT_EQ(b.interactions.row_start, a.interactions.row_start);
  EXPECT_EQ(b.interactions.col, a.interactions.col);
  EXPECT_EQ(b.interactions.value, a.interactions.value);
  EXPECT_EQ(b.interactions.last_ts, a.interactions.last_ts);
  EXPECT_EQ(b.daily_demand.col, a.daily_demand.col);
  EXPECT_EQ(b.daily_demand.value, a.daily_demand.value);
  EXPECT_EQ(cut->relevant, loaded->relevant);
  EXPECT_GT(UsersEvaluated(cut.value()), 0);
  EXPECT_EQ(InMemoryTimeSplit(full, 300).status().code(), StatusCode::kInvalidArgument);
}

// An interaction entry on both sides of the cut-off keeps only its lines before it.
TEST(EvaluationTest, InMemoryTimeSplitKeepsTheLinesBeforeTheCutoffOfAStraddlingEntry) {
  // Customer 0 buys item 1 on days 0 and 9 and item 2 on day 9; customer 1 buys item 0 on day 0
  // and item 2 on day 8. Cut-off at day 9 - 2 = day 7.
  const Snapshot full = testing::MakeSnapshot(
      2, 3, {{0, 1, 0, 0}, {0, 1, 1, 9}, {0, 2, 1, 9}, {1, 0, 2, 0}, {1, 2, 3, 8}});
  auto split = InMemoryTimeSplit(full, 2);
  ASSERT_TRUE(split.ok()) << split.status().ToString();
  const SparseRows& m = split->train.interactions;
  EXPECT_EQ(m.col, (std::vector<int64_t>{1, 0}));       // customer 0: item 1; customer 1: item 0
  EXPECT_EQ(m.value, (std::vector<double>{1.0, 1.0}));  // one line each before the cut-off
  EXPECT_EQ(m.last_ts[0], full.lines.ts[0]);
  EXPECT_EQ(split->train.orders.size(), 2);  // orders 0 and 2
  EXPECT_EQ(split->train.lines.order, (std::vector<int32_t>{0, 1}));
  // Held out: item 2 for both (item 1 was in customer 0's training history).
  EXPECT_EQ(split->relevant, (std::vector<std::vector<int32_t>>{{2}, {2}}));
}

}  // namespace
}  // namespace mercato::recommend
