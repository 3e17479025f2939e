// The lapse action: how it chooses the horizon and the point in time, its errors, and on UCI
// Online Retail (calibration to 2011-06-30) the evaluation beside BG/NBD's figure there.
#include "app/lapse_actions.h"

#include <gtest/gtest.h>

#include <cstdio>

#include "ingest/import_test_util.h"

namespace mercato::app {
namespace {

using mercato::testing::FreshDir;
using mercato::testing::FreshStore;
using mercato::testing::Import;
using mercato::testing::WriteFile;

/// 40 customers over 2024: customer i first buys on day i and then every 5 + i days until day
/// 100 + 5i (so the later ones stay longer). The last order of all is on day 275 = 2024-10-02:
/// customer 35's 35 + 6 x 40 (customers 36..39 stop at 241, 247, 253, 259).
std::string PacedStore() {
  const std::string dir = FreshDir();
  std::string orders = "id,customer_id,ts\n", lines = "order_id,line_no,sku,quantity,unit_price\n";
  const Timestamp base = ParseTimestamp("2024-01-01T12:00:00Z").value();
  char row[120];
  int id = 0;
  for (int i = 0; i < 40; ++i) {
    for (int day = i; day <= 100 + 5 * i; day += 5 + i) {
      std::snprintf(row, sizeof row, "o%d,c%d,%s\n", id, i,
                    FormatTimestamp(base + int64_t{day} * kSecondsPerDay).c_str());
      orders += row;
      std::snprintf(row, sizeof row, "o%d,1,A,1,10\n", id++);
      lines += row;
    }
  }
  WriteFile(dir, "products.csv", "sku,category,price\nA,Home,10\n");
  WriteFile(dir, "orders.csv", orders);
  WriteFile(dir, "order_lines.csv", lines);
  auto store = FreshStore(dir);
  EXPECT_TRUE(Import(*store, "generic", {dir}).ok());
  return dir + "/store.db";
}

TEST(PredictLapse, WithoutACalibrationEndScoresAtTheEndOfTheDataOver90Days) {
  LapseActionOptions options;
  options.db = PacedStore();
  auto report = PredictLapse(options);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_FALSE(report->evaluation.has_value());
  EXPECT_EQ(report->horizon_days, kDefaultLapseHorizonDays);
  EXPECT_EQ(report->horizon_basis, "default");
  // The last order is on 2024-10-02, so scores are as of the start of 2024-10-03.
  EXPECT_EQ(FormatTimestamp(report->as_of), "2024-10-03T00:00:00Z");
  EXPECT_EQ(report->scores.size(), 40u);
  // The classifier learns a 60-day window (the default label horizon, shorter than 90), so the
  // latest cut-off is 60 days before the scoring point.
  EXPECT_EQ(report->label_horizon_days, 60);
  ASSERT_FALSE(report->cutoffs.empty());
  EXPECT_EQ(report->cutoffs.front(), report->as_of - 60 * kSecondsPerDay);
  EXPECT_GT(report->training_rows, report->training_lapsed);
}

TEST(PredictLapse, WithACalibrationEndEvaluatesToTheEndOfTheData) {
  LapseActionOptions options;
  options.db = PacedStore();
  options.calibration_end = "2024-08-31";
  auto report = PredictLapse(options);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_TRUE(report->evaluation.has_value());
  EXPECT_EQ(report->horizon_basis, "to the end of the data");
  // From 2024-09-01 to 2024-10-03 (exclusive): 30 + 2 days.
  EXPECT_EQ(report->horizon_days, 32);
  // A horizon shorter than the label window is learned directly: min(32, 60).
  EXPECT_EQ(report->label_horizon_days, 32);
  EXPECT_EQ(FormatTimestamp(report->as_of), "2024-09-01T00:00:00Z");
  EXPECT_EQ(report->evaluation->customers, 40);
  EXPECT_EQ(static_cast<int64_t>(report->scores.size()), report->evaluation->customers);
  options.horizon_days = 10;
  report = PredictLapse(options);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->horizon_basis, "given");
  EXPECT_EQ(FormatTimestamp(report->evaluation->holdout_end), "2024-09-11T00:00:00Z");
}

TEST(PredictLapse, BadDatesAndHorizonsSayWhichOption) {
  LapseActionOptions options;
  options.db = PacedStore();
  options.calibration_end = "soon";
  auto report = PredictLapse(options);
  EXPECT_EQ(report.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(report.status().message().find("--calibration-end soon"), std::string::npos);
  options.calibration_end = "2024-12-31";
  report = PredictLapse(options);
  EXPECT_EQ(report.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(report.status().message().find("the data ends on 2024-10-02"), std::string::npos)
      << report.status().message();
  options.calibration_end = "2024-08-31";
  options.horizon_days = 60;  // past the end of the data
  EXPECT_EQ(PredictLapse(options).status().code(), StatusCode::kInvalidArgument);
  options.horizon_days = -1;
  EXPECT_EQ(PredictLapse(options).status().message(), "--horizon-days must be >= 0");
  options.horizon_days = 0;
  options.label_horizon_days = 0;
  EXPECT_EQ(PredictLapse(options).status().message(), "--label-horizon-days must be >= 1");
}

// UCI Online Retail, calibration to 2011-06-30: the BG/NBD holdout's population (2,958
// customers with a purchase by then) and horizon (to 2011-12-09, 162 days). BG/NBD's AUC there
// is 0.7335 (bench/REPORT.md); the model, trained on 60-day windows at weekly cut-offs
// 2010-12-12 .. 2011-05-01, ranks better (0.7477 measured), and better than recency. (Issue
// 18's target of 0.80 is not reached: bench/REPORT.md says why.)
TEST(PredictLapse, OnlineRetailBeatsBgNbdAndRecency) {
  const std::string path = mercato::testing::SharedData("uci-online-retail/online_retail.csv.zst");
  if (path.empty()) GTEST_SKIP() << "../shared/data/uci-online-retail absent; skipping";
  const std::string dir = FreshDir();
  {
    auto store = FreshStore(dir);
    ASSERT_TRUE(Import(*store, "online-retail", {path}).ok());
  }
  LapseActionOptions options;
  options.db = dir + "/store.db";
  options.calibration_end = "2011-06-30";
  auto report = PredictLapse(options);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  const customers::LapseEvaluation& e = *report->evaluation;
  EXPECT_EQ(e.customers, 2958);
  EXPECT_EQ(report->horizon_days, 162);
  EXPECT_EQ(FormatTimestamp(e.holdout_end), "2011-12-10T00:00:00Z");
  EXPECT_EQ(e.label_horizon_days, 60);
  // Weekly from 2011-07-01 - 60 days = 2011-05-02 (printed as the day before, 2011-05-01) back
  // to the last one at least 7 days after the first order (2010-12-01): 21 cut-offs.
  ASSERT_EQ(e.cutoffs.size(), 21u);
  EXPECT_EQ(FormatTimestamp(e.cutoffs.front()), "2011-05-02T00:00:00Z");
  EXPECT_EQ(FormatTimestamp(e.cutoffs.back()), "2010-12-13T00:00:00Z");
  ASSERT_TRUE(e.auc && e.bgnbd_auc && e.recency_auc);
  EXPECT_NEAR(*e.bgnbd_auc, 0.7335, 5e-4);
  EXPECT_GT(*e.auc, *e.bgnbd_auc);
  EXPECT_GT(*e.auc, *e.recency_auc);
  EXPECT_GE(*e.auc, 0.745);
}

}  // namespace
}  // namespace mercato::app
