// Tests of demand classification and the intermittent-demand models.
#include "forecast/intermittent.h"

#include <gtest/gtest.h>

namespace mercato::forecast {
namespace {

TEST(ClassifyDemand, SyntetosBoylanQuadrants) {
  DemandProfile p = ClassifyDemand({5, 5, 5, 5});
  EXPECT_EQ(p.demand_class, DemandClass::kSmooth);
  EXPECT_DOUBLE_EQ(p.adi, 1.0);
  EXPECT_DOUBLE_EQ(p.cv2, 0.0);
  p = ClassifyDemand({1, 10, 1, 10});
  EXPECT_EQ(p.demand_class, DemandClass::kErratic);
  EXPECT_NEAR(p.cv2, 27.0 / 30.25, 1e-12);
  p = ClassifyDemand({0, 2, 0, 0, 4, 0});
  EXPECT_EQ(p.demand_class, DemandClass::kIntermittent);
  EXPECT_DOUBLE_EQ(p.adi, 3.0);
  EXPECT_NEAR(p.cv2, 2.0 / 9.0, 1e-12);
  p = ClassifyDemand({0, 1, 0, 0, 10, 0});
  EXPECT_EQ(p.demand_class, DemandClass::kLumpy);
  EXPECT_EQ(ClassifyDemand({0, 0}).demand_class, DemandClass::kLumpy);
  EXPECT_EQ(DemandClassName(DemandClass::kLumpy), "lumpy");
}

TEST(MovingAverage, LastWindowOrAll) {
  EXPECT_EQ(ForecastMovingAverage({1, 2, 3, 4, 5}, 2, 4), (std::vector<double>{3.5, 3.5}));
  EXPECT_EQ(ForecastMovingAverage({1, 2, 3, 4, 5}, 1, 10), (std::vector<double>{3}));
}

TEST(MovingMedian, OddAndEvenWindows) {
  EXPECT_EQ(ForecastMovingMedian({9, 1, 100, 2, 3}, 1, 3), (std::vector<double>{3}));
  EXPECT_EQ(ForecastMovingMedian({9, 1, 100, 2, 3}, 2, 4), (std::vector<double>{2.5, 2.5}));
}

TEST(Croston, RegularIntervalsAndDebiasing) {
  const std::vector<double> y = {0, 4, 0, 4, 0, 4};
  EXPECT_DOUBLE_EQ(ForecastCroston(y, 3)[2], 2.0);  // size 4 every 2 periods
  // SBA picks the smallest α, whose factor 1 − α/2 is nearest the unbiased 2.
  EXPECT_DOUBLE_EQ(ForecastSba(y, 1)[0], 1.95);
  EXPECT_EQ(ForecastCroston({0, 0, 0}, 1)[0], 0.0);
}

TEST(Tsb, ConstantDemandAndDecayAfterZeros) {
  EXPECT_NEAR(ForecastTsb({3, 3, 3, 3}, 1)[0], 3.0, 1e-12);
  EXPECT_EQ(ForecastTsb({0, 0, 0}, 1)[0], 0.0);
  // The probability decays over trailing zeros, unlike Croston.
  const std::vector<double> y = {5, 5, 5, 5, 0, 0, 0, 0, 0, 0};
  EXPECT_LT(ForecastTsb(y, 1)[0], ForecastCroston(y, 1)[0]);
}

}  // namespace
}  // namespace mercato::forecast
