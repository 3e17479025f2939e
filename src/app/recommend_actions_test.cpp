// The training and recommendation actions on the small serving store: training writes the
// artifacts beside the store, every surface answers from them, campaigns leave out whom consent
// or the segment excludes, and bad options are refused before anything is read.
#include "app/recommend_actions.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "app/model_actions.h"
#include "ingest/import_test_util.h"
#include "recommend_serving/serving_test_util.h"

namespace mercato::app {
namespace {

// The serving store in a fresh folder, trained into <db>.artifacts; returns the db path.
std::string TrainedServingStore() {
  const std::string dir = mercato::testing::FreshDir();
  serving::testing::MakeServingStore(dir).reset();
  TrainRecommendOptions train;
  train.db = dir + "/store.db";
  auto report = TrainRecommenders(train);
  EXPECT_TRUE(report.ok()) << report.status().ToString();
  if (report.ok()) {
    EXPECT_EQ(report->dir, train.db + ".artifacts");
    EXPECT_EQ(report->data.items, 10);  // p0..p9
    EXPECT_GT(report->models.size(), 1u);
  }
  return train.db;
}

TEST(TrainRecommenders, NamesTheMissingStore) {
  TrainRecommendOptions train;
  train.db = "/nonexistent/folder/store.db";
  EXPECT_FALSE(TrainRecommenders(train).ok());
  EXPECT_FALSE(std::filesystem::exists("/nonexistent/folder/store.db.artifacts"));
}

TEST(RecommendActions, EverySurfaceAnswersFromTheTrainedArtifacts) {
  const std::string db = TrainedServingStore();
  ServingOptions serving;
  serving.db = db;
  serving.k = 3;
  auto user = RecommendForUser({serving, "f0"});
  ASSERT_TRUE(user.ok()) << user.status().ToString();
  EXPECT_EQ(user->items.size(), 3u);
  for (const auto& item : user->items) EXPECT_FALSE(item.reason_text.empty()) << item.sku;

  auto item = RecommendForItem({serving, "p0", serving::ItemRelation::kRelated, ""});
  ASSERT_TRUE(item.ok()) << item.status().ToString();
  ASSERT_FALSE(item->items.empty());
  for (const auto& i : item->items) EXPECT_NE(i.sku, "p0");

  // us1 bought p0 and p2: with exclude_purchased and their consent, neither comes back.
  ServingOptions excluding = serving;
  excluding.filters.exclude_purchased = true;
  auto cart = RecommendForCart({excluding, {"p1"}, "US1@example.com"});  // us1, by email
  ASSERT_TRUE(cart.ok()) << cart.status().ToString();
  for (const auto& i : cart->items) {
    EXPECT_NE(i.sku, "p0");
    EXPECT_NE(i.sku, "p2");
  }

  auto after = RecommendAfterOrder({serving, "o-us1"});
  ASSERT_TRUE(after.ok()) << after.status().ToString();
  EXPECT_FALSE(after->items.empty());
  EXPECT_FALSE(RecommendAfterOrder({serving, "no-such-order"}).ok());
}

// Customers are named by email in any case too, and orders by name with or without '#'; an
// unknown customer is an error, not a trending list, unless the anonymous fallback is asked for.
TEST(RecommendActions, NamesAreResolvedAndAnUnknownCustomerIsAnError) {
  const std::string db = TrainedServingStore();
  ServingOptions serving;
  serving.db = db;
  serving.k = 3;
  auto by_id = RecommendForUser({serving, "us1"});
  auto by_email = RecommendForUser({serving, "US1@Example.com"});
  ASSERT_TRUE(by_id.ok()) << by_id.status().ToString();
  ASSERT_TRUE(by_email.ok()) << by_email.status().ToString();
  EXPECT_EQ(by_email->fallback, by_id->fallback);
  ASSERT_EQ(by_email->items.size(), by_id->items.size());
  for (size_t i = 0; i < by_id->items.size(); ++i) {
    EXPECT_EQ(by_email->items[i].sku, by_id->items[i].sku);
  }

  const auto unknown = RecommendForUser({serving, "nora.patel@yahoo.com"});
  EXPECT_EQ(unknown.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(unknown.status().message(),
            "unknown customer 'nora.patel@yahoo.com' (not an id, email or Shopify customer id in "
            "this store)");
  RecommendForUserOptions fallback{serving, "nora.patel@yahoo.com"};
  fallback.anonymous_fallback = true;
  const auto trending = RecommendForUser(fallback);
  ASSERT_TRUE(trending.ok()) << trending.status().ToString();
  EXPECT_EQ(trending->fallback, "unknown customer: trending items");

  // The serving store's order ids have no '#': "#o-us1" names "o-us1".
  auto after = RecommendAfterOrder({serving, "#o-us1"});
  ASSERT_TRUE(after.ok()) << after.status().ToString();
  EXPECT_FALSE(after->items.empty());
}

TEST(RecommendActions, BadOptionsAreRefusedBeforeTheStoreIsRead) {
  ServingOptions serving;
  serving.db = "/nonexistent/store.db";
  serving.model = "crystal-ball";
  EXPECT_EQ(RecommendForUser({serving, "u"}).status().code(), StatusCode::kInvalidArgument);
  serving.model.clear();
  serving.filters.min_price = 50;
  serving.filters.max_price = 10;
  EXPECT_EQ(RecommendForItem({serving, "p0", serving::ItemRelation::kRelated, ""}).status().code(),
            StatusCode::kInvalidArgument);
}

TEST(BuildCampaign, LeavesOutWhomConsentOrTheSegmentExcludes) {
  const std::string db = TrainedServingStore();
  CampaignOptions options;
  options.serving.db = db;
  options.out = db + ".campaign.csv";
  auto everyone = BuildCampaign(options);
  ASSERT_TRUE(everyone.ok()) << everyone.status().ToString();
  // de1 (DE, no opt-in) and us2 (revoked) may not be emailed; everyone else has an address.
  EXPECT_EQ(everyone->no_consent, 2);
  EXPECT_EQ(everyone->not_selected, 0);
  EXPECT_EQ(everyone->recipients + everyone->no_consent + everyone->no_email, everyone->customers);
  EXPECT_TRUE(std::filesystem::exists(options.out));

  options.segment = customers::ParseCustomerSegment("new");
  auto segment = BuildCampaign(options);
  ASSERT_TRUE(segment.ok()) << segment.status().ToString();
  EXPECT_GT(segment->not_selected, 0);
  EXPECT_LT(segment->recipients, everyone->recipients);
}

}  // namespace
}  // namespace mercato::app
