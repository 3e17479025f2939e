// The offline evaluations: bad options refused before any read, the holdout backtest's MASE on
// a hand-made series, and the recommenders measured on a random split of the serving store.
#include "app/evaluation_actions.h"

#include <gtest/gtest.h>

#include "ingest/import_test_util.h"
#include "recommend_serving/serving_test_util.h"

namespace mercato::app {
namespace {

TEST(EvaluateRecommenders, RefusesUnknownModelsAndSplitsWithoutTheirData) {
  EvaluateRecommendersOptions options;
  options.db = "/nonexistent/store.db";
  options.split = "time";
  options.models = {"popularity", "crystal-ball"};
  EXPECT_EQ(EvaluateRecommenders(options).status().code(), StatusCode::kInvalidArgument);
  options.models = {"popularity"};
  options.db.clear();
  EXPECT_EQ(EvaluateRecommenders(options).status().message(),
            "--split time needs --db (a store with order times)");
  options.split = "random";
  EXPECT_EQ(EvaluateRecommenders(options).status().message(), "give --db or --interactions");
}

TEST(EvaluateRecommenders, MeasuresEachModelAskedForOnARandomSplit) {
  const std::string dir = mercato::testing::FreshDir();
  serving::testing::MakeServingStore(dir).reset();
  EvaluateRecommendersOptions options;
  options.db = dir + "/store.db";
  options.split = "random";
  options.test_fraction = 0.5;
  options.k = 3;
  options.models = {"popularity", "sar"};
  auto evaluation = EvaluateRecommenders(options);
  ASSERT_TRUE(evaluation.ok()) << evaluation.status().ToString();
  ASSERT_EQ(evaluation->reports.size(), 2u);
  EXPECT_EQ(recommend::ModelKindName(evaluation->reports[0].kind), "popularity");
  EXPECT_GT(evaluation->users, 0);
  for (const auto& r : evaluation->reports) {
    EXPECT_GE(r.metrics.hit_rate, 0.0);
    EXPECT_LE(r.metrics.hit_rate, 1.0);
  }
}

TEST(BacktestSeriesForecasts, HoldsOutTheHorizonAndScoresEachModel) {
  const std::string dir = mercato::testing::FreshDir();
  // One series 1, 2, ..., 15: the last 5 points held out; naive forecasts 10 for each, errors
  // 1..5 (mean 3), and the in-sample naive error is 1, so MASE = 3.
  std::string csv = "series_id,t,value\n";
  for (int t = 1; t <= 15; ++t) csv += "s," + std::to_string(t) + "," + std::to_string(t) + "\n";
  const std::string path = mercato::testing::WriteFile(dir, "series.csv", csv);
  auto backtest = BacktestSeriesForecasts({path, "5", 1, {"naive"}, 1});
  ASSERT_TRUE(backtest.ok()) << backtest.status().ToString();
  EXPECT_EQ(backtest->horizon, 5);
  EXPECT_EQ(backtest->result.series, 1u);
  EXPECT_NEAR(backtest->result.models.at("naive").mase, 3.0, 1e-9);

  EXPECT_EQ(BacktestSeriesForecasts({path, "5w", 1, {"naive"}, 1}).status().message(),
            "--horizon with --series: expected a positive number of points, got '5w'");
}

TEST(BacktestStoreForecasts, ABadHorizonIsAnError) {
  const std::string dir = mercato::testing::FreshDir();
  serving::testing::MakeServingStore(dir).reset();
  BacktestStoreOptions options;
  options.db = dir + "/store.db";
  options.store.horizon = "soon";
  EXPECT_EQ(BacktestStoreForecasts(options).status().code(), StatusCode::kInvalidArgument);
}

TEST(EvaluateVipIdentification, TakesTheCutoffAndValueWindowItsMessagesName) {
  const std::string dir = mercato::testing::FreshDir();
  serving::testing::MakeServingStore(dir).reset();
  EvaluateVipOptions options;
  options.db = dir + "/store.db";
  options.value_days = 5000;
  auto vip = EvaluateVipIdentification(options);
  ASSERT_FALSE(vip.ok());
  EXPECT_NE(vip.status().message().find("5000-day value window"), std::string::npos)
      << vip.status().message();
  EXPECT_NE(vip.status().message().find("--value-days"), std::string::npos)
      << vip.status().message();
  options.value_days = 1;
  options.cutoff = "2001-02-03";
  vip = EvaluateVipIdentification(options);
  ASSERT_FALSE(vip.ok());
  EXPECT_NE(vip.status().message().find("2001-02-04"), std::string::npos) << vip.status().message();
  options.cutoff = "someday";
  EXPECT_EQ(EvaluateVipIdentification(options).status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(EvaluateVipIdentification(options).status().message().find("--cutoff"),
            std::string::npos);
}

}  // namespace
}  // namespace mercato::app
