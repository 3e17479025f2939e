// Customer insights on a small generated store (about 110 customers and 300 orders over a year,
// with planted dropouts): the minimum-data gate fails and says why, the empirical fallback
// scores everyone, no date lies past the horizon, and the stages tell RFM's and the truth's story.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "customers/history_test_util.h"
#include "customers/insights.h"
#include "ingest/import_test_util.h"
#include "synth/generator.h"

namespace mercato::customers {
namespace {

struct SmallStore {
  testing::LoadedHistory loaded;
  std::map<std::string, bool> alive_at_end;  // truth, by customer id
  std::map<std::string, std::string> dropout_at;
};

SmallStore Generate() {
  const std::string dir = mercato::testing::FreshDir();
  synth::SynthConfig config;
  config.customers = 110;
  config.days = 365;
  config.seed = 7;
  synth::SynthSummary summary;
  EXPECT_TRUE(synth::GenerateStore(config, dir + "/files", &summary).ok());
  SmallStore s{testing::LoadHistory(dir + "/files"), {}, {}};
  std::ifstream truth(dir + "/files/truth_customers.csv");
  std::string line;
  std::getline(truth, line);  // customer_id,acquired_at,alive_at_end,dropout_at,...
  while (std::getline(truth, line)) {
    std::stringstream row(line);
    std::string id, acquired, alive, dropout;
    std::getline(row, id, ',');
    std::getline(row, acquired, ',');
    std::getline(row, alive, ',');
    std::getline(row, dropout, ',');
    s.alive_at_end[id] = alive == "true";
    s.dropout_at[id] = dropout;
  }
  return s;
}

bool Leaving(const CustomerInsight& c) {
  return c.stage == LifecycleStage::kLapsed || c.stage == LifecycleStage::kAtRisk;
}

TEST(SmallStore, GateFailsFallbackScoresAndStagesAgreeWithTruthAndRfm) {
  const SmallStore store = Generate();
  const OrderHistory& h = store.loaded.history;
  ASSERT_GT(h.num_customers(), 80);
  ASSERT_LT(h.ts.size(), 600u);
  auto insights = ComputeInsights(h);
  ASSERT_TRUE(insights.ok()) << insights.status().message();
  const Timestamp now = insights->as_of;

  // The gate names what is missing, and the fallback is used and said so.
  EXPECT_FALSE(insights->data_check.passed);
  EXPECT_NE(insights->data_check.Describe().find("customers with orders; at least 500 are needed"),
            std::string::npos)
      << insights->data_check.Describe();
  EXPECT_EQ(insights->basis, InsightBasis::kEmpirical);
  ASSERT_FALSE(insights->warnings.empty());

  std::array<int, kLifecycleStageCount> stages{};
  int dropped = 0, dropped_leaving = 0, lost = 0, lost_leaving = 0;
  for (const CustomerInsight& c : insights->customers) {
    ++stages[static_cast<size_t>(c.stage)];
    // No date past the two-year horizon; win-back only with a lapse date.
    for (const auto& date : {c.next_order_date, c.lapse_date, c.winback_start}) {
      if (date) {
        EXPECT_LE(*date, now + 730 * kSecondsPerDay) << c.id;
      }
    }
    if (c.next_order_date) {
      EXPECT_GE(*c.next_order_date, c.last_purchase) << c.id;
    }
    EXPECT_GE(c.p_alive, 0.0);
    EXPECT_LE(c.p_alive, 1.0);
    EXPECT_GE(c.clv, 0.0);
    // Customers the truth says dropped out at least two months before the end.
    const auto alive = store.alive_at_end.find(c.id);
    ASSERT_NE(alive, store.alive_at_end.end()) << c.id;
    if (!alive->second && c.stage != LifecycleStage::kNew) {
      auto dropout = ParseTimestamp(store.dropout_at.at(c.id));
      ASSERT_TRUE(dropout.ok()) << store.dropout_at.at(c.id);
      if (*dropout <= now - 60 * kSecondsPerDay) {
        ++dropped;
        dropped_leaving += Leaving(c) ? 1 : 0;
      }
    }
    if (c.rfm.segment == RfmSegment::kLost) {
      ++lost;
      lost_leaving += Leaving(c) ? 1 : 0;
    }
  }
  EXPECT_GT(stages[static_cast<size_t>(LifecycleStage::kAtRisk)], 0)
      << ::testing::PrintToString(stages);
  EXPECT_GT(stages[static_cast<size_t>(LifecycleStage::kLapsed)], 0)
      << ::testing::PrintToString(stages);
  EXPECT_GT(stages[static_cast<size_t>(LifecycleStage::kActive)] +
                stages[static_cast<size_t>(LifecycleStage::kVip)],
            0)
      << ::testing::PrintToString(stages);
  ASSERT_GE(dropped, 5);
  EXPECT_GE(dropped_leaving, 0.8 * dropped) << dropped_leaving << " of " << dropped;
  ASSERT_GT(lost, 0);
  EXPECT_EQ(lost_leaving, lost) << "RFM Lost customers must be lapsed or at risk";
}

}  // namespace
}  // namespace mercato::customers
