// The CLV actions on the serving store: one fit per model asked for in the store's weeks, a
// holdout evaluation after a calibration end, one prediction per customer, and bad options
// refused with the option's name.
#include "app/clv_actions.h"

#include <gtest/gtest.h>

#include "ingest/import_test_util.h"
#include "recommend_serving/serving_test_util.h"

namespace mercato::app {
namespace {

TEST(FitClv, RefusesUnknownModelsAndPredictionsWithoutAHorizon) {
  ClvOptions options;
  options.db = "/nonexistent/store.db";
  options.models = {"bgnbd", "nbd"};
  EXPECT_EQ(FitClv(options).status().message(),
            "--models nbd: expected bgnbd, mbgnbd or pareto_nbd");
  PredictClvOptions predict;
  predict.fit.db = options.db;
  predict.horizon = 0;
  EXPECT_EQ(PredictClv(predict).status().message(), "--horizon must be a finite number > 0");
}

TEST(FitClv, FitsEachModelOnTheStoresWeeksAndPredictsEveryCustomer) {
  const std::string dir = mercato::testing::FreshDir();
  serving::testing::MakeServingStore(dir).reset();
  ClvOptions options;
  options.db = dir + "/store.db";
  options.models = {"pareto_nbd", "bgnbd"};
  auto fit = FitClv(options);
  ASSERT_TRUE(fit.ok()) << fit.status().ToString();
  EXPECT_EQ(fit->time_unit, "weeks");
  ASSERT_EQ(fit->btyd.size(), 2u);
  EXPECT_EQ(fit->btyd[0].model.kind, customers::BtydKind::kParetoNbd);
  EXPECT_FALSE(fit->btyd[0].holdout.has_value());  // no calibration end: no holdout
  ASSERT_TRUE(fit->store_summaries.has_value());

  PredictClvOptions predict;
  predict.fit = options;
  predict.horizon = 26;
  auto prediction = PredictClv(predict);
  ASSERT_TRUE(prediction.ok()) << prediction.status().ToString();
  ASSERT_EQ(prediction->customers.size(), fit->summaries.size());
  for (const CustomerClv& c : prediction->customers) {
    ASSERT_EQ(c.p_alive.size(), 2u) << c.id;
    EXPECT_GE(c.p_alive[0], 0.0);
    EXPECT_LE(c.p_alive[0], 1.0);
    EXPECT_GE(c.expected_purchases[1], 0.0);
    EXPECT_EQ(c.clv.has_value(), fit->gamma_gamma.has_value()) << c.id;
  }

  options.calibration_end = "2024-06-01";  // after the last order (February 2024)
  EXPECT_NE(FitClv(options).status().message().find("leaving no holdout period"),
            std::string::npos);
}

TEST(FitClv, ASmallStoreFailsTheGateSayingWhatIsMissingAndParetoIsNotDefault) {
  EXPECT_EQ(ClvOptions{}.models, (std::vector<std::string>{"bgnbd", "mbgnbd"}));
  const std::string dir = mercato::testing::FreshDir();
  serving::testing::MakeServingStore(dir).reset();
  ClvOptions options;
  options.db = dir + "/store.db";
  auto fit = FitClv(options);
  ASSERT_TRUE(fit.ok()) << fit.status().ToString();
  ASSERT_EQ(fit->btyd.size(), 2u);
  EXPECT_FALSE(fit->data_check.passed);
  EXPECT_NE(fit->data_check.Describe().find(std::to_string(fit->summaries.size()) +
                                            " customers with orders; at least 500 are needed"),
            std::string::npos)
      << fit->data_check.Describe();
  size_t degenerate = 0;
  for (const FittedBtyd& f : fit->btyd) {
    if (f.model.diagnostics.degenerate) {
      EXPECT_FALSE(f.model.diagnostics.converged);
      ++degenerate;
    }
  }

  // The prediction keeps the models' figures and says why they are not to be trusted.
  PredictClvOptions predict;
  predict.fit = options;
  auto prediction = PredictClv(predict);
  ASSERT_TRUE(prediction.ok()) << prediction.status().ToString();
  EXPECT_EQ(prediction->customers.size(), fit->summaries.size());
  ASSERT_EQ(prediction->warnings.size(), 1 + degenerate);
  EXPECT_NE(prediction->warnings[0].find("too little data for these models to be trusted: " +
                                         fit->data_check.Describe()),
            std::string::npos)
      << prediction->warnings[0];
}

}  // namespace
}  // namespace mercato::app
