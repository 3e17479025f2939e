// Tuning on a planted window: SAR's half-life that ranks the validation purchase first is chosen
// over the defaults, every tried setting is recorded with its figures, and a spent budget, a
// switched-off tuning or too few validation customers keep the defaults.
#include "recommend/tuning.h"

#include <gtest/gtest.h>

#include "recommend/snapshot_test_util.h"

namespace mercato::recommend {
namespace {

using testing::MakeSnapshot;
using testing::Purchase;

// 200 customers over items 0..9. Customers 0..59 (the only ones with validation purchases) buy
// items 0 and 1 on day 0, item 5 on day 4 and item 6 on day 40; customers 60..99 buy {0, 2},
// 100..139 buy {1, 2} and 140..199 buy {5, 6}, all on day 1. With 20 validation days the
// window's last day 40 cuts at day 20: training ends on day 4, and each of the 60 customers has
// item 6 as their one validation item.
Snapshot PlantedWindow() {
  std::vector<Purchase> purchases;
  int order = 0;
  for (int c = 0; c < 60; ++c) {
    purchases.push_back({c, 0, order, 0});
    purchases.push_back({c, 1, order++, 0});
    purchases.push_back({c, 5, order++, 4});
    purchases.push_back({c, 6, order++, 40});
  }
  for (int c = 60; c < 200; ++c) {
    const int first = c < 100 ? 0 : c < 140 ? 1 : 5;
    purchases.push_back({c, first, order, 1});
    purchases.push_back({c, first == 5 ? 6 : 2, order++, 1});
  }
  return MakeSnapshot(200, 10, purchases);
}

TuneOptions PlantedOptions() {
  TuneOptions options;
  options.validation_days = 20;
  options.k = 1;
  options.min_users = 50;
  options.seconds = 1e9;  // never spent: every setting is tried
  return options;
}

std::string ValueOf(const TuningTrial& trial, std::string_view name) {
  for (const TunedValue& v : trial.values) {
    if (v.name == name) return v.value;
  }
  return "";
}

// SAR scores a customer's unbought item j as sum over their items i of affinity(i) * sim(i, j);
// affinity = 2^(-age / half-life), ages 4 days (items 0, 1) and 0 (item 5) at the training end.
// Item supports (customers): n0 = n1 = 60 + 40 = 100, n2 = 80, n5 = 60 + 60 = 120, n6 = 60;
// both(0,2) = both(1,2) = 40, both(5,6) = 60; no customer of items 0 or 1 bought 6 in training,
// nor one of 5 item 2. So score(2) / score(6) = 2 sim(0,2) / sim(5,6) * 2^(-4 / half-life):
//   jaccard 2 * (40/140) / (60/120) = 1.143, lift 2 * (40/8000) / (60/7200) = 1.2,
//   cosine 2 * (40/sqrt(8000)) / (60/sqrt(7200)) = 1.265, co-occurrence 80/60 = 1.333;
// times 2^(-4/30) = 0.912 at the default 30 days every one stays above 1 (item 2 first: recall@1
// 0), while 2^(-4/7) = 0.673 brings jaccard to 0.769 (item 6 first: recall@1 1); 90 and 365 days
// decay less than 30. The similarities tie at 0 (jaccard, tried first, stays), then half-life 7
// wins.
TEST(TuningTest, ChoosesTheSettingBestOnTheValidationDays) {
  const RecommendConfig base = testing::SmallConfig();
  auto tuning = Tune(PlantedWindow(), base, PlantedOptions());
  ASSERT_TRUE(tuning.ok()) << tuning.status().ToString();
  EXPECT_TRUE(tuning->skipped.empty());
  EXPECT_EQ(tuning->validation_users, 60);
  EXPECT_FALSE(tuning->budget_spent);
  EXPECT_EQ(tuning->config.sar_similarity, Similarity::kJaccard);
  EXPECT_EQ(tuning->config.sar_half_life_days, 7.0);

  std::vector<const TuningTrial*> sar;
  for (const TuningTrial& t : tuning->trials) {
    if (t.model == ModelKind::kSar) sar.push_back(&t);
  }
  // Defaults, three other similarities, three other half-lives.
  ASSERT_EQ(sar.size(), 7u);
  const char* expected[][2] = {{"jaccard", "30"},      {"lift", "30"},   {"cosine", "30"},
                               {"cooccurrence", "30"}, {"jaccard", "7"}, {"jaccard", "90"},
                               {"jaccard", "365"}};
  for (size_t i = 0; i < sar.size(); ++i) {
    EXPECT_EQ(ValueOf(*sar[i], "sar_similarity"), expected[i][0]) << i;
    EXPECT_EQ(ValueOf(*sar[i], "sar_half_life_days"), expected[i][1]) << i;
    EXPECT_DOUBLE_EQ(sar[i]->metrics.recall, i == 4 ? 1.0 : 0.0) << i;
  }
  // One choice per tuned model, SAR's being its fifth trial (the first of the list); each
  // choice is its model's best trial and its values are in the configuration.
  ASSERT_EQ(tuning->chosen.size(), TunedModels().size());
  EXPECT_EQ(&tuning->trials[tuning->chosen[0]], sar[4]);
  for (size_t c : tuning->chosen) {
    const TuningTrial& chosen = tuning->trials[c];
    for (const TuningTrial& t : tuning->trials) {
      if (t.model != chosen.model) continue;
      EXPECT_LE(t.metrics.recall, chosen.metrics.recall);
    }
  }
  // Fields outside the grids keep the base values.
  EXPECT_EQ(tuning->config.seed, base.seed);
  EXPECT_EQ(tuning->config.sar_neighbours, base.sar_neighbours);

  // The same window tunes the same way (every model takes the seed).
  auto again = Tune(PlantedWindow(), base, PlantedOptions());
  ASSERT_TRUE(again.ok());
  ASSERT_EQ(again->trials.size(), tuning->trials.size());
  for (size_t i = 0; i < again->trials.size(); ++i) {
    EXPECT_EQ(again->trials[i].metrics.ndcg, tuning->trials[i].metrics.ndcg) << i;
  }
}

TEST(TuningTest, ASpentBudgetOrTooFewCustomersKeepTheDefaults) {
  const RecommendConfig base = testing::SmallConfig();
  TuneOptions options = PlantedOptions();
  options.seconds = 1e-12;  // spent by the split, before the first setting
  auto spent = Tune(PlantedWindow(), base, options);
  ASSERT_TRUE(spent.ok());
  EXPECT_TRUE(spent->budget_spent);
  EXPECT_TRUE(spent->trials.empty());
  EXPECT_TRUE(spent->chosen.empty());
  EXPECT_EQ(spent->config.sar_half_life_days, base.sar_half_life_days);
  EXPECT_EQ(spent->config.als_factors, base.als_factors);

  options.seconds = 0;
  auto off = Tune(PlantedWindow(), base, options);
  ASSERT_TRUE(off.ok());
  EXPECT_NE(off->skipped.find("turned off"), std::string::npos) << off->skipped;
  EXPECT_TRUE(off->trials.empty());

  options = PlantedOptions();
  options.min_users = 61;  // the window has 60
  auto few = Tune(PlantedWindow(), base, options);
  ASSERT_TRUE(few.ok());
  EXPECT_NE(few->skipped.find("only 60 customers"), std::string::npos) << few->skipped;
  EXPECT_EQ(few->config.sar_half_life_days, base.sar_half_life_days);

  options.validation_days = 400;  // longer than the window's 40 days
  auto unsplit = Tune(PlantedWindow(), base, options);
  ASSERT_TRUE(unsplit.ok());
  EXPECT_NE(unsplit->skipped.find("no validation split"), std::string::npos) << unsplit->skipped;

  options.validation_days = 0;
  EXPECT_EQ(Tune(PlantedWindow(), base, options).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace mercato::recommend
