// The minimum-data gate names what is missing; fits on a parameter bound are flagged degenerate
// and never reported converged; CDNOW passes the gate with a regular fit.
#include "customers/model_gate.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "customers/btyd_model.h"
#include "customers/cdnow_test_util.h"

namespace mercato::customers {
namespace {

// A small store in weeks: 106 customers over 30 weeks whose repeat buyers all bought in the
// last week or two, so nothing in the data shows a customer leaving.
std::vector<CustomerSummary> SmallSteadyStore() {
  std::vector<CustomerSummary> s;
  for (int i = 0; i < 106; ++i) {
    CustomerSummary c;
    c.id = "c" + std::to_string(i);
    c.age = 2 + (i * 7) % 29;
    if (i % 3 == 0) {
      c.frequency = 1 + i % 4;
      c.recency = std::max(0.5, c.age - 1 - (i % 2));
      c.monetary = 30 + i % 20;
    }
    s.push_back(c);
  }
  return s;
}

TEST(ModelGate, NamesEveryMissingRequirement) {
  const std::vector<CustomerSummary> s = SmallSteadyStore();
  const ModelDataCheck check = CheckModelData(s, 7.0);
  EXPECT_FALSE(check.passed);
  // 30 weeks of history and an order last week are enough; the customers and repeat buyers
  // are not.
  ASSERT_EQ(check.missing.size(), 2u) << check.Describe();
  EXPECT_EQ(check.missing[0], "106 customers with orders; at least 500 are needed");
  EXPECT_EQ(check.missing[1], "27 customers with 3 or more purchases; at least 50 are needed");
}

TEST(ModelGate, NamesShortHistoryIdleStoreAndFewRepeatBuyers) {
  std::vector<CustomerSummary> s;
  for (int i = 0; i < 600; ++i) s.push_back({"c" + std::to_string(i), 0, 0, 10.0 + i % 5, 0});
  const ModelDataCheck check = CheckModelData(s, 7.0);
  EXPECT_FALSE(check.passed);
  ASSERT_EQ(check.missing.size(), 3u) << check.Describe();
  EXPECT_EQ(check.missing[0], "98 days of order history; at least 180 are needed");
  EXPECT_EQ(check.missing[1],
            "no order in the last 70 days; an order within the last 30 days is needed");
  EXPECT_EQ(check.missing[2], "0 customers with 3 or more purchases; at least 50 are needed");
  EXPECT_EQ(check.Describe(), check.missing[0] + "; " + check.missing[1] + "; " + check.missing[2]);
  // Without a known time unit only the counts are checked.
  EXPECT_EQ(CheckModelData(s, std::nullopt).missing.size(), 1u);
}

TEST(ModelGate, CdnowPassesAndItsFitsAreRegular) {
  const auto cdnow = testing::LoadCdnow();
  if (!cdnow) GTEST_SKIP() << "shared data absent: " << testing::CdnowPath("");
  const ModelDataCheck check = CheckModelData(cdnow->customers, 7.0);
  EXPECT_TRUE(check.passed) << check.Describe();
  EXPECT_EQ(check.Describe(), "enough data");
  for (BtydKind kind : {BtydKind::kBgNbd, BtydKind::kMbgNbd}) {
    auto model = FitBtyd(kind, cdnow->customers);
    ASSERT_TRUE(model.ok());
    EXPECT_FALSE(model->diagnostics.degenerate) << model->diagnostics.warning;
    EXPECT_TRUE(model->diagnostics.converged);
  }
}

TEST(DegenerateFit, ASmallSteadyStoreIsFlaggedAndNotConverged) {
  const std::vector<CustomerSummary> s = SmallSteadyStore();
  for (BtydKind kind : {BtydKind::kBgNbd, BtydKind::kMbgNbd}) {
    auto model = FitBtyd(kind, s);
    ASSERT_TRUE(model.ok());
    EXPECT_TRUE(model->diagnostics.degenerate)
        << BtydName(kind) << ": r " << model->params[0] << " alpha " << model->params[1] << " a "
        << model->params[2] << " b " << model->params[3];
    EXPECT_FALSE(model->diagnostics.converged);
    EXPECT_NE(model->diagnostics.warning.find("is on its"), std::string::npos)
        << model->diagnostics.warning;
  }
}

TEST(DegenerateFit, NamesTheParameterOnItsBound) {
  FitDiagnostics d;
  d.converged = true;
  d.log_likelihood = -100;
  const double params[] = {0.5, 3.0, 1.2e-6, 225081};
  const char* const names[] = {"r", "alpha", "a", "b"};
  CheckDegenerate(params, names, d);
  EXPECT_TRUE(d.degenerate);
  EXPECT_FALSE(d.converged);
  EXPECT_NE(d.warning.find("a = 1.2e-06 is on its lower bound (1e-06)"), std::string::npos)
      << d.warning;
  FitDiagnostics regular;
  regular.converged = true;
  const double cdnow[] = {0.243, 4.414, 0.793, 2.426};
  CheckDegenerate(cdnow, names, regular);
  EXPECT_FALSE(regular.degenerate);
  EXPECT_TRUE(regular.converged);
}

}  // namespace
}  // namespace mercato::customers
