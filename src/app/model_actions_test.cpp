// Training chooses each surface's model on the store's own history: on a planted store where
// the next purchase is an item named like the last one and never bought with it, the similar
// surface gets the content model, the choice is recorded beside the models and serving asks it
// first; too few held-out customers, or --holdout-days 0, keep the default order.
#include "app/model_actions.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "app/recommend_actions.h"
#include "artifact/artifact.h"
#include "ingest/import_test_util.h"
#include "recommend_serving/serving_test_util.h"
#include "recommend_serving/tuning_record.h"
#include "store/open_store.h"

namespace mercato::app {
namespace {

using recommend::ModelKind;

constexpr int kPairs = 12;
constexpr const char* kWords[kPairs] = {"kettle",  "lantern", "saddle",  "violin",
                                        "compass", "teapot",  "hammock", "anchor",
                                        "easel",   "bonsai",  "quill",   "marble"};

// 120 customers; customer c (pair i = c % 12) buys a{i+1} in January and a{i} in February, and
// b{i} ("<word i> refill", named like a{i} "<word i> original") late in March, the last 30 days
// the selection holds out. Two more customers per pair buy b{i} alone in January, so every b is
// known to training but never bought together with anything: item co-occurrence (SAR) cannot
// lead from a{i} to b{i}, while their shared rare word leads the content model there.
// `holdout_shift` moves each customer's March item to b{i + shift}: the held-out days differ,
// the history before them does not.
std::string PlantedStore(int holdout_shift = 0) {
  using mercato::testing::WriteFile;
  const std::string dir = mercato::testing::FreshDir();
  const std::string data = dir + "/data";
  std::filesystem::create_directories(data);
  std::string products = "sku,title,price\n";
  for (int i = 0; i < kPairs; ++i) {
    products += "a" + std::to_string(i) + "," + kWords[i] + " original,20\n";
    products += "b" + std::to_string(i) + "," + kWords[i] + " refill,5\n";
  }
  std::string customers = "id,email,country\n";
  std::string orders = "id,customer_id,ts\n";
  std::string lines = "order_id,line_no,sku,quantity,unit_price\n";
  int n = 0;
  auto order = [&](const std::string& customer, const std::string& date, const std::string& sku) {
    const std::string id = "o" + std::to_string(n++);
    orders += id + "," + customer + "," + date + "T12:00:00Z\n";
    lines += id + ",1," + sku + ",1,10\n";
  };
  auto day = [](int d) { return (d < 10 ? "0" : "") + std::to_string(d); };
  for (int c = 0; c < 120; ++c) {
    const std::string id = "c" + std::to_string(c);
    const int i = c % kPairs;
    customers += id + "," + id + "@example.com,US\n";
    order(id, "2024-01-" + day(1 + c % 20), "a" + std::to_string((i + 1) % kPairs));
    order(id, "2024-02-" + day(1 + c % 20), "a" + std::to_string(i));
    order(id, "2024-03-" + day(25 + c % 5), "b" + std::to_string((i + holdout_shift) % kPairs));
  }
  for (int g = 0; g < 2 * kPairs; ++g) {
    const std::string id = "g" + std::to_string(g);
    customers += id + "," + id + "@example.com,US\n";
    order(id, "2024-01-10", "b" + std::to_string(g % kPairs));
  }
  WriteFile(data, "products.csv", products);
  WriteFile(data, "customers.csv", customers);
  WriteFile(data, "orders.csv", orders);
  WriteFile(data, "order_lines.csv", lines);
  auto store = mercato::testing::FreshStore(dir);
  EXPECT_TRUE(mercato::testing::Import(*store, "generic", {data}).ok());
  return dir + "/store.db";
}

const serving::CandidateFigures* Figures(const serving::SurfaceChoice& choice, ModelKind model) {
  for (const auto& f : choice.candidates) {
    if (f.model == model) return &f;
  }
  return nullptr;
}

TEST(TrainRecommenders, ChoosesTheModelThatPredictsTheHeldOutPurchasesAndServesItFirst) {
  TrainRecommendOptions train;
  train.db = PlantedStore();
  train.threads = 1;
  auto report = TrainRecommenders(train);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  const serving::ModelSelection& selection = report->selection;
  ASSERT_TRUE(selection.skipped.empty()) << selection.skipped;
  // The evaluated customers are the 120 who bought in the last 30 days (the fillers did not).
  EXPECT_EQ(selection.held_out_users, 120);
  ASSERT_TRUE(selection.split_at.has_value());
  EXPECT_EQ(FormatTimestamp(*selection.split_at), "2024-02-28T12:00:00Z");  // 03-29 - 30 days
  ASSERT_EQ(selection.surfaces.size(), serving::kSurfaces.size());
  const serving::SurfaceChoice* similar = selection.Choice(serving::Surface::kSimilar);
  ASSERT_NE(similar, nullptr);
  EXPECT_EQ(similar->chosen, ModelKind::kContent);
  const auto* content = Figures(*similar, ModelKind::kContent);
  const auto* sar = Figures(*similar, ModelKind::kSar);
  ASSERT_NE(content, nullptr);
  ASSERT_NE(sar, nullptr);
  // Content's list for a{i} holds b{i} for every customer: recall 1; SAR never reaches it.
  EXPECT_DOUBLE_EQ(content->metrics.recall, 1.0);
  EXPECT_DOUBLE_EQ(sar->metrics.recall, 0.0);
  // Every surface's choice is its best-measured candidate.
  for (const serving::SurfaceChoice& choice : selection.surfaces) {
    const auto* chosen = Figures(choice, choice.chosen);
    ASSERT_NE(chosen, nullptr) << serving::SurfaceName(choice.surface);
    for (const auto& f : choice.candidates) EXPECT_LE(f.metrics.recall, chosen->metrics.recall);
  }
  // The record is an artifact beside the models, and serving asks the chosen model first.
  EXPECT_TRUE(std::filesystem::exists(ArtifactPath(report->dir, serving::kSelectionArtifact)));
  ServingOptions serving;
  serving.db = train.db;
  serving.k = 3;
  auto related = RecommendForItem({serving, "a3", serving::ItemRelation::kRelated, ""});
  ASSERT_TRUE(related.ok()) << related.status().ToString();
  ASSERT_FALSE(related->items.empty());
  EXPECT_EQ(related->items[0].sku, "b3");
  EXPECT_EQ(related->items[0].model, ModelKind::kContent);
}

// The tuning measures on the training window's last 30 days (January's last days to February
// 20th, the window ending at the selection's split on February 28th), never on the held-out
// March: two stores differing only in March tune alike, and the record is an artifact.
TEST(TrainRecommenders, TunesOnTheTrainingWindowNeverOnTheHeldOutDays) {
  TrainRecommendOptions train;
  train.threads = 1;
  train.db = PlantedStore();
  auto planted = TrainRecommendersInMemory(train);
  train.db = PlantedStore(/*holdout_shift=*/5);
  auto shifted = TrainRecommendersInMemory(train);
  ASSERT_TRUE(planted.ok()) << planted.status().ToString();
  ASSERT_TRUE(shifted.ok()) << shifted.status().ToString();
  const auto& a = planted->trained.report.tuning;
  const auto& b = shifted->trained.report.tuning;
  ASSERT_TRUE(a.has_value());
  ASSERT_TRUE(b.has_value());
  ASSERT_TRUE(a->skipped.empty()) << a->skipped;
  // The 120 customers: January's item before the cut-off (20 February - 30 days), February's
  // after it; the fillers bought once.
  EXPECT_EQ(a->validation_users, 120);
  ASSERT_TRUE(a->split_at.has_value());
  EXPECT_EQ(FormatTimestamp(*a->split_at), "2024-01-21T12:00:00Z");
  EXPECT_FALSE(a->budget_spent);
  ASSERT_FALSE(a->trials.empty());
  ASSERT_EQ(a->trials.size(), b->trials.size());
  for (size_t i = 0; i < a->trials.size(); ++i) {
    EXPECT_EQ(a->trials[i].model, b->trials[i].model) << i;
    EXPECT_EQ(a->trials[i].metrics.recall, b->trials[i].metrics.recall) << i;
    EXPECT_EQ(a->trials[i].metrics.ndcg, b->trials[i].metrics.ndcg) << i;
  }
  EXPECT_EQ(a->chosen, b->chosen);
  // The selection, measured on March, does see the difference: content's list for a{i} leads
  // to b{i}, bought in the planted March only.
  const auto* content_planted = Figures(
      *planted->trained.report.selection.Choice(serving::Surface::kSimilar), ModelKind::kContent);
  const auto* content_shifted = Figures(
      *shifted->trained.report.selection.Choice(serving::Surface::kSimilar), ModelKind::kContent);
  ASSERT_NE(content_planted, nullptr);
  ASSERT_NE(content_shifted, nullptr);
  EXPECT_DOUBLE_EQ(content_planted->metrics.recall, 1.0);
  EXPECT_LT(content_shifted->metrics.recall, 1.0);

  auto written = WritePendingTraining(*OpenStore(train.db).value(), std::move(shifted).value());
  ASSERT_TRUE(written.ok()) << written.status().ToString();
  EXPECT_TRUE(std::filesystem::exists(ArtifactPath(written->dir, serving::kTuningArtifact)));

  train.tune_seconds = 0;
  auto off = TrainRecommendersInMemory(train);
  ASSERT_TRUE(off.ok()) << off.status().ToString();
  EXPECT_NE(off->trained.report.tuning->skipped.find("turned off"), std::string::npos);
  EXPECT_TRUE(off->trained.report.tuning->trials.empty());
  train.tune_seconds = -1;
  EXPECT_EQ(TrainRecommendersInMemory(train).status().code(), StatusCode::kInvalidArgument);
}

TEST(TrainRecommenders, KeepsTheDefaultOrderWhenToldOrWhenTooFewCustomersAreHeldOut) {
  TrainRecommendOptions train;
  train.db = PlantedStore();
  train.threads = 1;
  ASSERT_TRUE(TrainRecommenders(train).ok());
  const std::string selection_file =
      ArtifactPath(DefaultArtifactDir(train.db), serving::kSelectionArtifact);
  ASSERT_TRUE(std::filesystem::exists(selection_file));

  train.holdout_days = 0;
  auto off = TrainRecommenders(train);
  ASSERT_TRUE(off.ok()) << off.status().ToString();
  EXPECT_EQ(off->selection.skipped, "selection turned off (--holdout-days 0)");
  EXPECT_TRUE(off->selection.surfaces.empty());
  EXPECT_FALSE(std::filesystem::exists(selection_file));  // the stale record is gone
  ServingOptions serving;
  serving.db = train.db;
  serving.k = 3;
  auto related = RecommendForItem({serving, "a3", serving::ItemRelation::kRelated, ""});
  ASSERT_TRUE(related.ok()) << related.status().ToString();
  ASSERT_FALSE(related->items.empty());
  EXPECT_EQ(related->items[0].model, ModelKind::kSar);  // the similar surface's default

  train.holdout_days = 30;
  train.min_eval_users = 121;
  auto few = TrainRecommenders(train);
  ASSERT_TRUE(few.ok()) << few.status().ToString();
  EXPECT_EQ(few->selection.skipped,
            "only 120 customers with a history bought new items in the last 30 days (at least 121 "
            "needed to compare models): every surface keeps its default order");
  EXPECT_FALSE(std::filesystem::exists(selection_file));

  train.min_eval_users = 50;
  train.holdout_days = 400;  // more than the store's three months
  auto short_history = TrainRecommenders(train);
  ASSERT_TRUE(short_history.ok()) << short_history.status().ToString();
  EXPECT_EQ(short_history->selection.skipped.rfind("no time split (--holdout-days 400 leaves no "
                                                   "training data",
                                                   0),
            0u)
      << short_history->selection.skipped;
}

TEST(TrainRecommenders, RefusesAStoredRankerListLengthOutsideZeroToAThousand) {
  TrainRecommendOptions train;
  train.db = PlantedStore();
  for (int items : {-1, 1001}) {
    train.ranker_stored_items = items;
    const Status status = TrainRecommenders(train).status();
    EXPECT_EQ(status.code(), StatusCode::kInvalidArgument) << items;
    EXPECT_EQ(status.message(), "--ranker-stored-items must be between 0 and 1000");
  }
  EXPECT_FALSE(std::filesystem::exists(DefaultArtifactDir(train.db)));  // nothing written
}

}  // namespace
}  // namespace mercato::app
