// Lapse model: on a planted store where customers buy at their own pace until they churn, it
// ranks who lapses better than BG/NBD's and recency's figures allow for chance; nothing after
// the calibration end reaches training; lapse dates follow the threshold; bad input is refused.
#include "customers/lapse_model.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <random>

#include "customers/history_test_util.h"
#include "ingest/import_test_util.h"

namespace mercato::customers {
namespace {

using mercato::testing::FreshDir;
using mercato::testing::WriteFile;
using testing::LoadHistory;

const Timestamp kLapseBase = ParseTimestamp("2023-01-01").value();

/// `customers` customers, each first buying in the first 200 days, then re-buying after
/// exponential gaps with a mean of their own (5 to 120 days, log-uniform) until an exponential
/// lifetime (mean 150 days) ends; the data cover 500 days. `extra_orders` / `extra_lines` rows are
/// appended.
testing::LoadedHistory ChurningStore(int customers, uint64_t seed,
                                     const std::string& extra_orders = "",
                                     const std::string& extra_lines = "") {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  const Timestamp end = kLapseBase + 500 * kSecondsPerDay;
  std::string orders = "id,customer_id,ts,channel,country\n",
              lines = "order_id,line_no,sku,quantity,unit_price\n";
  int order_id = 0;
  char row[160];
  for (int c = 0; c < customers; ++c) {
    const double gap_days = 5.0 * std::exp(std::log(24.0) * u(rng));
    Timestamp t = kLapseBase + static_cast<Timestamp>(u(rng) * 200 * kSecondsPerDay);
    const Timestamp churn =
        t + static_cast<Timestamp>(-std::log(1.0 - u(rng)) * 150 * kSecondsPerDay);
    while (t < end && t < churn) {
      const int id = order_id++;
      std::snprintf(row, sizeof row, "o%d,c%d,%s,web,GB\n", id, c, FormatTimestamp(t).c_str());
      orders += row;
      std::snprintf(row, sizeof row, "o%d,1,S%d,1,%.2f\n", id, c % 5, 10.0 + 40.0 * u(rng));
      lines += row;
      t += static_cast<Timestamp>(-std::log(1.0 - u(rng)) * gap_days * kSecondsPerDay) + 3600;
    }
  }
  const std::string dir = FreshDir();
  WriteFile(dir, "products.csv",
            "sku,category,price\nS0,Home,10\nS1,Home,10\nS2,Garden,10\n"
            "S3,Garden,10\nS4,Toys,10\n");
  WriteFile(dir, "orders.csv", orders + extra_orders);
  WriteFile(dir, "order_lines.csv", lines + extra_lines);
  return LoadHistory(dir);
}

LapseOptions SmallOptions() {
  LapseOptions o;
  o.horizon_days = 60;
  o.stride_days = 14;
  o.max_cutoffs = 8;
  o.trees.rounds = 200;
  return o;
}

TEST(LapseModel, RanksWhoLapsesOnAPlantedStore) {
  const auto l = ChurningStore(400, 7);
  const Timestamp calibration_end = kLapseBase + 400 * kSecondsPerDay;
  auto ev = EvaluateLapse(l.history, calibration_end, SmallOptions());
  ASSERT_TRUE(ev.ok()) << ev.status().message();
  EXPECT_EQ(ev->horizon_days, 60);
  EXPECT_EQ(ev->holdout_end, calibration_end + 60 * kSecondsPerDay);
  // Cut-offs every 14 days back from day 340, as long as they are 14 days after day 0.
  ASSERT_EQ(ev->cutoffs.size(), 8u);
  EXPECT_EQ(ev->cutoffs.front(), calibration_end - 60 * kSecondsPerDay);
  EXPECT_EQ(ev->cutoffs.back(), calibration_end - (60 + 7 * 14) * kSecondsPerDay);
  EXPECT_GT(ev->lapsed, 0);
  EXPECT_LT(ev->lapsed, ev->customers);
  EXPECT_EQ(static_cast<int64_t>(ev->scores.size()), ev->customers);
  ASSERT_TRUE(ev->auc && ev->bgnbd_auc && ev->recency_auc);
  // Churned customers have been silent far longer than their own pace: the trees see recency
  // against the customer's gaps, which recency alone cannot.
  EXPECT_GE(*ev->auc, 0.85);
  EXPECT_GT(*ev->auc, *ev->recency_auc);
  EXPECT_GT(ev->brier, 0.0);
  EXPECT_LT(ev->brier, 0.2);
  ASSERT_FALSE(ev->feature_gain.empty());
  EXPECT_GE(ev->feature_gain.front().second, ev->feature_gain.back().second);
}

TEST(LapseModel, AShortLabelWindowAtLaterCutoffsRanksWhoLapsesOverALongerHorizon) {
  const auto l = ChurningStore(400, 7);
  const Timestamp calibration_end = kLapseBase + 400 * kSecondsPerDay;
  LapseOptions o = SmallOptions();
  o.horizon_days = 90;
  o.label_horizon_days = 30;
  auto ev = EvaluateLapse(l.history, calibration_end, o);
  ASSERT_TRUE(ev.ok()) << ev.status().message();
  EXPECT_EQ(ev->horizon_days, 90);
  EXPECT_EQ(ev->label_horizon_days, 30);
  // Labels are 30-day windows, so the latest cut-off is 30 days before the end, not 90.
  ASSERT_EQ(ev->cutoffs.size(), 8u);
  EXPECT_EQ(ev->cutoffs.front(), calibration_end - 30 * kSecondsPerDay);
  EXPECT_EQ(ev->holdout_end, calibration_end + 90 * kSecondsPerDay);
  ASSERT_TRUE(ev->auc && ev->recency_auc);
  EXPECT_GT(ev->lapsed, 0);
  EXPECT_LT(ev->lapsed, ev->customers);
  // Churned customers are silent far longer than their own pace, over 30 days as over 90.
  EXPECT_GE(*ev->auc, 0.85);
  EXPECT_GT(*ev->auc, *ev->recency_auc);
}

TEST(LapseModel, ALongerHorizonRaisesTheLabelWindowsRiskToTheRatioOfTheirLengths) {
  const auto l = ChurningStore(200, 13);
  const Timestamp as_of = kLapseBase + 400 * kSecondsPerDay;
  LapseOptions learned = SmallOptions();
  learned.horizon_days = 30;
  learned.label_horizon_days = 30;
  LapseOptions converted = learned;
  converted.horizon_days = 75;
  // Both learn the same 30-day labels at the same cut-offs with the same seed: one classifier.
  auto a = TrainLapse(l.history, as_of, learned);
  auto b = TrainLapse(l.history, as_of, converted);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->cutoffs, b->cutoffs);
  EXPECT_EQ(b->label_horizon_days, 30);
  auto sa = ScoreLapse(*a, l.history, as_of);
  auto sb = ScoreLapse(*b, l.history, as_of);
  ASSERT_TRUE(sa.ok() && sb.ok());
  ASSERT_EQ(sa->size(), sb->size());
  // A constant hazard λ gives P(none in 30 days) = q = exp(-30λ), so P(none in 75 days) =
  // exp(-75λ) = q^(75/30) = q^2.5; e.g. q = 0.8 gives 0.8^2.5 = 0.5724. The order is kept.
  for (size_t i = 0; i < sa->size(); ++i) {
    ASSERT_EQ((*sa)[i].customer_id, (*sb)[i].customer_id);
    EXPECT_NEAR((*sb)[i].p_lapse, std::pow((*sa)[i].p_lapse, 2.5), 1e-12);
    EXPECT_LE((*sb)[i].p_lapse, (*sa)[i].p_lapse);
  }
}

TEST(LapseModel, PurchasesAfterTheCalibrationEndChangeNothing) {
  const Timestamp calibration_end = kLapseBase + 400 * kSecondsPerDay;
  const auto before = ChurningStore(200, 11);
  // Two later orders of a customer (an existing product; the channel and country of all).
  const auto after = ChurningStore(200, 11,
                                   "x1,c3,2024-02-10T10:00:00Z,web,GB\n"
                                   "x2,c3,2024-02-20T10:00:00Z,web,GB\n",
                                   "x1,1,S4,1,20\nx2,1,S4,1,20\n");
  ASSERT_GE(after.history.end, calibration_end);
  auto a = TrainLapse(before.history, calibration_end, SmallOptions());
  auto b = TrainLapse(after.history, calibration_end, SmallOptions());
  ASSERT_TRUE(a.ok()) << a.status().message();
  ASSERT_TRUE(b.ok()) << b.status().message();
  EXPECT_EQ(a->cutoffs, b->cutoffs);
  EXPECT_EQ(a->training_rows, b->training_rows);
  EXPECT_EQ(a->training_lapsed, b->training_lapsed);
  auto sa = ScoreLapse(*a, before.history, calibration_end);
  auto sb = ScoreLapse(*b, after.history, calibration_end);
  ASSERT_TRUE(sa.ok() && sb.ok());
  ASSERT_EQ(sa->size(), sb->size());
  for (size_t i = 0; i < sa->size(); ++i) {
    EXPECT_EQ((*sa)[i].customer_id, (*sb)[i].customer_id);
    EXPECT_EQ((*sa)[i].p_lapse, (*sb)[i].p_lapse);
    EXPECT_EQ((*sa)[i].lapse_date, (*sb)[i].lapse_date);
  }
}

TEST(LapseModel, LapseDateIsWhereTheRiskReachesTheThreshold) {
  const auto l = ChurningStore(300, 5);
  const Timestamp as_of = kLapseBase + 400 * kSecondsPerDay;
  LapseOptions o = SmallOptions();
  auto model = TrainLapse(l.history, as_of, o);
  ASSERT_TRUE(model.ok()) << model.status().message();
  auto scores = ScoreLapse(*model, l.history, as_of);
  ASSERT_TRUE(scores.ok());
  int already = 0, later = 0;
  for (const LapseScore& s : *scores) {
    if (s.p_lapse >= o.lapse_threshold) {
      ASSERT_TRUE(s.lapse_date.has_value());
      EXPECT_EQ(*s.lapse_date, as_of);
      ++already;
    } else if (s.lapse_date) {
      EXPECT_GT(*s.lapse_date, as_of);
      EXPECT_EQ((*s.lapse_date - as_of) % (o.lapse_step_days * kSecondsPerDay), 0);
      EXPECT_LE(*s.lapse_date, as_of + o.lapse_search_days * kSecondsPerDay);
      ++later;
    }
  }
  EXPECT_GT(already, 0);
  EXPECT_GT(later, 0);
  for (size_t i = 1; i < scores->size(); ++i) {
    EXPECT_GE((*scores)[i - 1].p_lapse, (*scores)[i].p_lapse);
  }
}

TEST(LapseModel, RefusesTooShortDataAndBadOptions) {
  const auto l = ChurningStore(100, 3);
  // 30 days of data cannot hold 14 days of history and a 60-day label window.
  auto short_data = TrainLapse(l.history, kLapseBase + 30 * kSecondsPerDay, SmallOptions());
  ASSERT_FALSE(short_data.ok());
  EXPECT_EQ(short_data.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(short_data.status().message().find("label window (--label-horizon-days) <= 14"),
            std::string::npos)
      << short_data.status().message();
  // The horizon runs past the end of the data.
  auto past = EvaluateLapse(l.history, kLapseBase + 480 * kSecondsPerDay, SmallOptions());
  ASSERT_FALSE(past.ok());
  EXPECT_EQ(past.status().code(), StatusCode::kInvalidArgument);
  LapseOptions bad = SmallOptions();
  bad.lapse_threshold = 1.0;
  EXPECT_EQ(TrainLapse(l.history, kLapseBase + 400 * kSecondsPerDay, bad).status().code(),
            StatusCode::kInvalidArgument);
  bad = SmallOptions();
  bad.label_horizon_days = 0;
  EXPECT_EQ(TrainLapse(l.history, kLapseBase + 400 * kSecondsPerDay, bad).status().code(),
            StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace mercato::customers
