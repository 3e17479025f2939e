// Tests of the M4 metrics on hand-computed cases.
#include "forecast/metrics.h"

#include <gtest/gtest.h>

#include <cmath>

namespace mercato::forecast {
namespace {

TEST(MetricsTest, SmapeHandComputed) {
  // 200·10/210 = 9.5238…, 200·20/380 = 10.5263…
  EXPECT_NEAR(Smape({100, 200}, {110, 180}), (2000.0 / 210 + 4000.0 / 380) / 2, 1e-12);
  EXPECT_DOUBLE_EQ(Smape({0, 0}, {0, 0}), 0.0);
  EXPECT_DOUBLE_EQ(Smape({0}, {5}), 200.0);
}

TEST(MetricsTest, MaseScaleUsesTheSeason) {
  EXPECT_DOUBLE_EQ(MaseScale({1, 3, 2, 5}, 1), 2.0);  // (2 + 1 + 3) / 3
  EXPECT_DOUBLE_EQ(MaseScale({1, 3, 2, 5}, 2), 1.5);  // (1 + 2) / 2
  EXPECT_DOUBLE_EQ(MaseScale({1, 3}, 2), 0.0);        // too short
}

TEST(MetricsTest, MaseHandComputed) {
  EXPECT_DOUBLE_EQ(Mase({1, 3, 2, 5}, {6, 4}, {5, 5}, 1), 0.5);  // mean error 1 / scale 2
  EXPECT_DOUBLE_EQ(Mase({2, 2}, {2}, {2}, 1), 0.0);
  EXPECT_TRUE(std::isinf(Mase({2, 2}, {3}, {2}, 1)));
}

TEST(MetricsTest, OwaIsTheMeanOfRelativeErrors) {
  EXPECT_DOUBLE_EQ(Owa(10, 2, 20, 4), 0.5);
  EXPECT_DOUBLE_EQ(Owa(9.161, 2.777, 9.161, 2.777), 1.0);
}

}  // namespace
}  // namespace mercato::forecast
