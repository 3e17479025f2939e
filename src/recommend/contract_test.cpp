// The contract every recommender passes: one parameterized suite over every model of the
// registry, so a newly registered model is covered without editing this file.
#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "recommend/model_registry.h"
#include "recommend/recommender.h"
#include "recommend/snapshot_test_util.h"

namespace mercato::recommend {
namespace {

// 30 customers over 12 items in 3 categories; customer 30 has no history; item 11 never sold.
Snapshot Store() { return testing::ThreeVisits(30, 31, 11, 12, 5, 3); }

RecommendConfig Config() { return testing::SmallConfig(); }

class ContractTest : public ::testing::TestWithParam<ModelKind> {
 protected:
  static std::vector<std::string> Texts() {
    std::vector<std::string> texts;
    for (int i = 0; i < 12; ++i) texts.push_back(i % 2 ? "red shirt" : "blue hose");
    return texts;
  }

  void SetUp() override {
    snapshot_ = Store();
    auto model = Train(GetParam(), TrainInput{snapshot_, Texts()}, Config());
    ASSERT_TRUE(model.ok()) << model.status().ToString();
    model_ = std::move(model).value();
  }

  // Ids in range, no duplicates, finite scores, sorted by score then id, at most k.
  void ExpectValid(const std::vector<ScoredItem>& list, int k) const {
    EXPECT_LE(list.size(), static_cast<size_t>(std::max(k, 0)));
    std::set<int32_t> seen;
    for (size_t i = 0; i < list.size(); ++i) {
      EXPECT_GE(list[i].item, 0);
      EXPECT_LT(list[i].item, model_->num_items());
      EXPECT_TRUE(seen.insert(list[i].item).second) << "duplicate item " << list[i].item;
      EXPECT_TRUE(std::isfinite(list[i].score)) << "item " << list[i].item;
      if (i > 0) {
        EXPECT_TRUE(list[i - 1].score > list[i].score ||
                    (list[i - 1].score == list[i].score && list[i - 1].item < list[i].item));
      }
      EXPECT_GE(list[i].reason.anchor, -1);
      EXPECT_LT(list[i].reason.anchor, model_->num_items());
    }
  }

  Snapshot snapshot_;
  std::unique_ptr<Recommender> model_;
};

TEST_P(ContractTest, KnownUserGetsRecommendations) {
  EXPECT_EQ(model_->kind(), GetParam());
  EXPECT_EQ(model_->num_items(), 12);
  const auto list = model_->ForUser(3, 5);
  ExpectValid(list, 5);
  EXPECT_FALSE(list.empty());
}

TEST_P(ContractTest, EmptyHistory) {
  ExpectValid(model_->ForUser(30, 5), 5);
  ExpectValid(model_->ForItems({}, 5), 5);
  ExpectValid(model_->AfterPurchase({}, 5), 5);
  ExpectValid(model_->Related(11, 5), 5);  // never sold
}

TEST_P(ContractTest, UnknownUserAndItem) {
  for (int32_t user : {-1, 31, 1 << 30}) ExpectValid(model_->ForUser(user, 5), 5);
  for (int32_t item : {-7, 12, 1 << 30}) {
    ExpectValid(model_->Related(item, 5), 5);
    const std::vector<ContextItem> context = {{item, ContextEvent::kView}};
    ExpectValid(model_->ForItems(context, 5), 5);
    const std::vector<int32_t> order = {item};
    ExpectValid(model_->AfterPurchase(order, 5), 5);
  }
}

TEST_P(ContractTest, KLargerThanTheCatalogAndZero) {
  for (int k : {0, 12, 1000}) {
    ExpectValid(model_->ForUser(4, k), k);
    ExpectValid(model_->Related(2, k), k);
    const std::vector<ContextItem> cart = {{2, ContextEvent::kAddToCart}, {5, ContextEvent::kView}};
    ExpectValid(model_->ForItems(cart, k), k);
  }
  EXPECT_TRUE(model_->ForUser(4, 0).empty());
}

TEST_P(ContractTest, DeterministicBySeedAndRoundTrips) {
  auto first = Train(GetParam(), TrainInput{snapshot_, Texts()}, Config());
  auto second = Train(GetParam(), TrainInput{snapshot_, Texts()}, Config());
  ASSERT_TRUE(first.ok() && second.ok());
  std::string a, b;
  first.value()->Serialize(a);
  second.value()->Serialize(b);
  EXPECT_TRUE(a == b) << "two trainings with one seed differ";
  std::string bytes;
  model_->Serialize(bytes);
  auto loaded = Deserialize(bytes);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  for (int32_t user = 0; user < 31; ++user) {
    const auto x = model_->ForUser(user, 6), y = loaded.value()->ForUser(user, 6);
    ASSERT_EQ(x.size(), y.size());
    for (size_t i = 0; i < x.size(); ++i) {
      EXPECT_EQ(x[i].item, y[i].item);
      EXPECT_EQ(x[i].score, y[i].score);
      EXPECT_EQ(x[i].reason.kind, y[i].reason.kind);
    }
  }
  EXPECT_FALSE(Deserialize(bytes.substr(0, bytes.size() - 1)).ok());
}

// A model with per-customer rows keeps one per snapshot customer and drops the erased ones, the
// later customers moving down with their lists; a model without any answers as before.
TEST_P(ContractTest, ErasingCustomersMovesTheLaterOnesDown) {
  const int32_t rows = model_->num_customers();
  EXPECT_TRUE(rows == 0 || rows == 31) << rows;
  const auto before = model_->ForUser(9, 6);
  model_->EraseCustomers(RowErasure({2, 5}));
  EXPECT_EQ(model_->num_customers(), rows == 0 ? 0 : 29);
  const auto after = model_->ForUser(rows == 0 ? 9 : 7, 6);  // customer 9 is 7 now
  ASSERT_EQ(after.size(), before.size());
  for (size_t i = 0; i < after.size(); ++i) {
    EXPECT_EQ(after[i].item, before[i].item);
    EXPECT_EQ(after[i].score, before[i].score);
  }
}

std::vector<ModelKind> RegisteredKinds() {
  std::vector<ModelKind> kinds;
  for (const RecommendModel& model : kRecommendModels) kinds.push_back(model.kind);
  return kinds;
}

INSTANTIATE_TEST_SUITE_P(EveryModel, ContractTest, ::testing::ValuesIn(RegisteredKinds()),
                         [](const auto& p) { return std::string(ModelKindName(p.param)); });

// The registry's names are distinct, parse back to their kind, and every model is described.
TEST(ModelRegistryTest, NamesParseBackAndEveryModelIsDescribed) {
  std::set<std::string_view> names;
  for (const RecommendModel& model : kRecommendModels) {
    EXPECT_TRUE(names.insert(model.name).second) << model.name;
    EXPECT_FALSE(model.doc.empty()) << model.name;
    auto parsed = ParseModelKind(model.name);
    ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
    EXPECT_EQ(parsed.value(), model.kind);
    EXPECT_EQ(ModelKindName(model.kind), model.name);
  }
  EXPECT_EQ(names.size(), kModelKinds);
  const auto unknown = ParseModelKind("arima");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().message(),
            "unknown recommendation model 'arima' (known: popularity, trending, sar, als, "
            "complementary, content, session, ease, bpr, ranker, item_ranker)");
}

TEST(ModelRegistryTest, ForeignKindsAreRejected) {
  const std::string bytes(1, static_cast<char>(kModelKinds));
  const auto loaded = Deserialize(bytes);
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.status().message().find("unknown model kind"), std::string::npos);
  const Snapshot snapshot = Store();
  EXPECT_EQ(Train(static_cast<ModelKind>(kModelKinds), TrainInput{snapshot, {}}, Config())
                .status()
                .code(),
            StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace mercato::recommend
