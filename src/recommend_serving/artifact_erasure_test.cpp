// Erasing a customer from trained artifacts: the customer is unknown afterwards, no artifact
// holds their id, everyone else's recommendations are unchanged, and reruns are harmless.
#include "recommend_serving/artifact_erasure.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "artifact/artifact.h"
#include "ingest/import_test_util.h"
#include "recommend_serving/serving_test_util.h"

namespace mercato::serving {
namespace {

using recommend::ModelKind;

std::string Bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Every artifact file of `dir` by name, with its bytes.
std::map<std::string, std::string> Files(const std::string& dir) {
  std::map<std::string, std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    files[e.path().filename().string()] = Bytes(e.path());
  }
  return files;
}

// SKU, score and reason of every item, for comparing lists.
std::vector<std::string> Fingerprint(const RecommendationList& list) {
  std::vector<std::string> out;
  for (const auto& r : list.items) {
    out.push_back(r.sku + " " + std::to_string(r.score) + " " + r.reason_text);
  }
  out.push_back(list.fallback);
  return out;
}

// What every surface gives for other customers, per model.
std::vector<std::vector<std::string>> OthersLists(const RecommendationService& s) {
  std::vector<std::vector<std::string>> all;
  for (size_t k = 0; k < kModelKinds; ++k) {
    const auto kind = static_cast<ModelKind>(k);
    if (!s.HasModel(kind)) continue;
    Query q;
    q.k = 5;
    q.model = kind;
    q.filters.exclude_purchased = true;
    for (const char* who : {"de2", "f0", "f3", "f10", "f25", "new1"}) {
      all.push_back(Fingerprint(s.ForUser(who, q).value()));
    }
    q.customer_id = "de2";
    all.push_back(Fingerprint(s.ForItem("p1", ItemRelation::kRelated, q).value()));
    all.push_back(Fingerprint(s.AfterOrder("o-de2", q).value()));
  }
  return all;
}

TEST(ForgetCustomer, TheCustomerBecomesUnknownAndNoArtifactHoldsTheirId) {
  const std::string dir = mercato::testing::FreshDir();
  auto store = testing::MakeServingStore(dir);
  auto service = testing::TrainAndLoad(*store, dir);
  ASSERT_NE(service, nullptr);
  const std::string artifacts = dir + "/artifacts";
  Query q;
  q.k = 4;
  ASSERT_TRUE(service->ForUser("us1", q).value().personalized);
  const auto before = OthersLists(*service);
  bool held = false;  // the id is there before, so the check below can fail
  for (const auto& [name, bytes] : Files(artifacts)) held |= bytes.find("us1") != std::string::npos;
  ASSERT_TRUE(held);

  ASSERT_TRUE(ForgetCustomer(artifacts, "us1").ok());

  for (const auto& [name, bytes] : Files(artifacts)) {
    EXPECT_EQ(bytes.find("us1"), std::string::npos) << name;
  }
  auto after = testing::LoadService(*store, artifacts);
  ASSERT_TRUE(after.ok()) << after.status().ToString();
  const RecommendationList us1 = (*after)->ForUser("us1", q).value();
  EXPECT_FALSE(us1.personalized);
  EXPECT_EQ(us1.fallback, "unknown customer: trending items");
  EXPECT_EQ((*after)->AfterOrder("o-us1", q).status().code(), StatusCode::kNotFound);
  EXPECT_EQ((*after)->index().customers.size(), service->index().customers.size() - 1);
  EXPECT_EQ((*after)->index().orders.size(), service->index().orders.size() - 1);
  EXPECT_EQ(OthersLists(**after), before);
}

// The ranker's lists ranked at training per customer: the erased customer's row goes, every
// other customer keeps theirs under their new dense id.
TEST(ForgetCustomer, TheRankersStoredListLeavesWithTheCustomer) {
  const std::string dir = mercato::testing::FreshDir();
  auto store = testing::MakeServingStore(dir);
  auto service = testing::TrainAndLoad(*store, dir);
  ASSERT_NE(service, nullptr);
  const std::string artifacts = dir + "/artifacts";
  const std::string kind = ModelArtifactKind(ModelKind::kRanker);
  auto lists = [&](const RecommendationService& s) {
    auto ranker = recommend::Deserialize(ReadArtifact(artifacts, kind).value().payload).value();
    std::map<std::string, std::vector<std::pair<int32_t, float>>> by_customer;
    for (int32_t c = 0; c < s.index().customers.size(); ++c) {
      for (const recommend::ScoredItem& item : ranker->ForUser(c, 1000)) {
        by_customer[std::string(s.index().customers.Key(c))].emplace_back(item.item, item.score);
      }
    }
    return by_customer;
  };
  auto before = lists(*service);
  ASSERT_FALSE(before["us1"].empty());  // the customer had a stored list
  ASSERT_TRUE(ForgetCustomer(artifacts, "us1").ok());
  auto after_service = testing::LoadService(*store, artifacts);
  ASSERT_TRUE(after_service.ok()) << after_service.status().ToString();
  before.erase("us1");
  EXPECT_EQ(lists(**after_service), before);
}

TEST(ForgetCustomer, UnknownCustomersMissingArtifactsAndRerunsChangeNothing) {
  const std::string dir = mercato::testing::FreshDir();
  auto store = testing::MakeServingStore(dir);
  ASSERT_NE(testing::TrainAndLoad(*store, dir), nullptr);
  const std::string artifacts = dir + "/artifacts";
  const auto files = Files(artifacts);
  EXPECT_TRUE(ForgetCustomer(artifacts, "nobody").ok());
  EXPECT_EQ(Files(artifacts), files);
  EXPECT_TRUE(ForgetCustomer(dir + "/nowhere", "us1").ok());

  ASSERT_TRUE(ForgetCustomer(artifacts, "de2").ok());
  const auto once = Files(artifacts);
  EXPECT_NE(once, files);
  EXPECT_TRUE(ForgetCustomer(artifacts, "de2").ok());
  EXPECT_EQ(Files(artifacts), once);
}

// Regression (issue 14 item 9): a corrupt model artifact made every erasure fail. It cannot be
// rewritten without the customer and may hold them, so it is removed; the rest is erased.
TEST(ForgetCustomer, RemovesACorruptModelArtifactAndErasesTheRest) {
  const std::string dir = mercato::testing::FreshDir();
  auto store = testing::MakeServingStore(dir);
  ASSERT_NE(testing::TrainAndLoad(*store, dir), nullptr);
  const std::string artifacts = dir + "/artifacts";
  testing::CorruptArtifact(artifacts, "recommend.sar");
  const Status erased = ForgetCustomer(artifacts, "us1");
  ASSERT_TRUE(erased.ok()) << erased.ToString();
  EXPECT_FALSE(std::filesystem::exists(ArtifactPath(artifacts, "recommend.sar")));
  for (const auto& [name, bytes] : Files(artifacts)) {
    EXPECT_EQ(bytes.find("us1"), std::string::npos) << name;
  }
  auto after = testing::LoadService(*store, artifacts);
  ASSERT_TRUE(after.ok()) << after.status().ToString();
  EXPECT_FALSE((*after)->HasModel(ModelKind::kSar));
  EXPECT_TRUE((*after)->HasModel(ModelKind::kPopularity));
}

TEST(ForgetCustomer, ARunInterruptedBeforeTheIndexIsCompletedByRunningAgain) {
  const std::string dir = mercato::testing::FreshDir();
  auto store = testing::MakeServingStore(dir);
  ASSERT_NE(testing::TrainAndLoad(*store, dir), nullptr);
  const std::string artifacts = dir + "/artifacts";
  const std::string index_kind(kServingIndexArtifact);
  const std::string index_before = ReadArtifact(artifacts, index_kind).value().payload;
  ASSERT_TRUE(ForgetCustomer(artifacts, "f3").ok());
  const auto done = Files(artifacts);
  // Put the old index back: the models are erased, the index is not (a crash between files).
  Artifact index = ReadArtifact(artifacts, index_kind).value();
  index.payload = index_before;
  ASSERT_TRUE(WriteArtifact(artifacts, index).ok());
  EXPECT_EQ(testing::LoadService(*store, artifacts).status().code(),
            StatusCode::kFailedPrecondition);  // models and index disagree: refused, not misread
  ASSERT_TRUE(ForgetCustomer(artifacts, "f3").ok());
  EXPECT_EQ(Files(artifacts), done);
  EXPECT_TRUE(testing::LoadService(*store, artifacts).ok());
}

TEST(ForgetCustomer, ServingIndexRowsAndIdsMoveDownTogether) {
  ServingIndex index;
  for (const char* c : {"a", "b", "c"}) index.customers.Add(c);
  for (const char* o : {"o1", "o2", "o3"}) index.orders.Add(o);
  for (const char* i : {"x", "y"}) index.items.Add(i);
  index.order_customer = {0, 1, 2};
  index.purchase_start = {0, 1, 2, 4};
  index.purchase_item = {0, 1, 0, 1};
  index.order_start = {0, 1, 2, 4};
  index.order_item = {0, 1, 0, 1};
  EraseFromServingIndex(index, 1);
  EXPECT_EQ(index.customers.size(), 2);
  EXPECT_EQ(index.customers.Find("c"), 1);
  EXPECT_EQ(index.customers.Find("b"), IdIndex::kNone);
  EXPECT_EQ(index.orders.Find("o3"), 1);
  EXPECT_EQ(index.orders.Find("o2"), IdIndex::kNone);
  EXPECT_EQ(index.order_customer, (std::vector<int32_t>{0, 1}));
  EXPECT_EQ(index.purchase_start, (std::vector<int64_t>{0, 1, 3}));
  EXPECT_EQ(index.purchase_item, (std::vector<int32_t>{0, 0, 1}));
  EXPECT_EQ(index.order_start, (std::vector<int64_t>{0, 1, 3}));
  EXPECT_EQ(index.order_item, (std::vector<int32_t>{0, 0, 1}));
}

}  // namespace
}  // namespace mercato::serving
