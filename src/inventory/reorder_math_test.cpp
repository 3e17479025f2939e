// Tests of the replenishment formulas against hand-computed values.
#include "inventory/reorder_math.h"

#include <gtest/gtest.h>

#include <cmath>

namespace mercato::inventory {
namespace {

TEST(NormalQuantileTest, MatchesTables) {
  EXPECT_NEAR(NormalQuantile(0.95), 1.6448536269514715, 1e-12);
  EXPECT_NEAR(NormalQuantile(0.975), 1.9599639845400536, 1e-12);
  EXPECT_NEAR(NormalQuantile(0.99), 2.3263478740408408, 1e-12);
  EXPECT_NEAR(NormalQuantile(0.001), -3.090232306167813, 1e-12);
  EXPECT_NEAR(NormalQuantile(0.5), 0.0, 1e-15);
  EXPECT_TRUE(std::isnan(NormalQuantile(1.0)));
  EXPECT_TRUE(std::isnan(NormalQuantile(0.0)));
}

TEST(ReorderMathTest, DemandOverLeadTimeAddsDemandAndLeadTimeVariance) {
  // μ_d = 10, σ_d = 3, L = 9 ± 2, R = 1: mean 100, variance 10·9 + 100·4 = 490.
  const IntervalDemand d = DemandOverLeadTime({10, 3}, {9, 2}, 1);
  EXPECT_DOUBLE_EQ(d.mean, 100.0);
  EXPECT_NEAR(d.sd, std::sqrt(490.0), 1e-12);
}

TEST(ReorderMathTest, EconomicOrderQuantity) {
  // D = 1000/yr, K = 50, h = 25% of 20 = 5: √(2·1000·50/5) = √20000.
  EXPECT_NEAR(EconomicOrderQuantity(1000, 50, 5), 141.42135623730951, 1e-9);
  EXPECT_EQ(EconomicOrderQuantity(0, 50, 5), 0.0);
  EXPECT_TRUE(std::isinf(EconomicOrderQuantity(1000, 50, 0)));
}

TEST(ReorderMathTest, RoundsToMinimumOrderAndCasePack) {
  EXPECT_EQ(RoundOrderQuantity(7, 10, 4), 12);    // MOQ 10, then up to a case of 4
  EXPECT_EQ(RoundOrderQuantity(13.2, 1, 6), 18);  // 14 rounded up to cases of 6
  EXPECT_EQ(RoundOrderQuantity(24, 5, 12), 24);   // already whole cases
  EXPECT_EQ(RoundOrderQuantity(3, 0, 0), 3);      // no constraints
  EXPECT_EQ(RoundOrderQuantity(0, 5, 5), 0);      // nothing needed: no order
  EXPECT_EQ(RoundOrderQuantity(-4, 5, 5), 0);
}

TEST(ReorderMathTest, PolicyFromHandComputedValues) {
  PolicyInputs in;
  in.demand = {10, 3};
  in.lead_time = {9, 2};
  in.review_days = 1;
  in.z = NormalQuantile(0.95);
  in.unit_cost = 20;
  in.holding_rate = 0.25;
  in.ordering_cost = 10;
  in.max_order_cover_days = 28;
  const ReorderPolicy p = ComputeReorderPolicy(in);
  EXPECT_NEAR(p.safety_stock, 36.410387151289, 1e-9);  // 1.64485 · √490
  EXPECT_NEAR(p.eoq, 120.83045973594572, 1e-9);        // √(2·3650·10/5)
  EXPECT_DOUBLE_EQ(p.lead_time_demand, 100.0);
  EXPECT_EQ(p.reorder_point, 136);  // ⌊136.41⌋
  EXPECT_EQ(p.order_up_to, 258);    // ⌈136.41 + 120.83⌉

  in.ordering_cost = 1000;  // EOQ 1208 is capped at 28 days = 280 units
  EXPECT_EQ(ComputeReorderPolicy(in).order_up_to, 417);  // ⌈136.41 + 280⌉

  in.unit_cost = std::nan("");  // unknown cost: the cover cap decides
  EXPECT_TRUE(std::isinf(ComputeReorderPolicy(in).eoq));
  EXPECT_EQ(ComputeReorderPolicy(in).order_up_to, 417);
}

TEST(ReorderMathTest, SlowMoverStillOrdersWhenItReachesTheReorderPoint) {
  PolicyInputs in;
  in.demand = {0.01, 0.1};
  in.lead_time = {10, 0};
  in.z = NormalQuantile(0.5);  // no safety stock
  in.unit_cost = 100;
  const ReorderPolicy p = ComputeReorderPolicy(in);
  EXPECT_EQ(p.reorder_point, 0);
  EXPECT_EQ(p.order_up_to, 1);  // 0.11 + 0.28 rounds to 1 > s

  in.demand = {0, 0};
  const ReorderPolicy none = ComputeReorderPolicy(in);
  EXPECT_EQ(none.reorder_point, 0);
  EXPECT_EQ(none.order_up_to, 0);
}

TEST(ReorderMathTest, NormalLossAndFillRateSafetyFactor) {
  EXPECT_NEAR(NormalLoss(0), 0.3989423, 1e-6);
  EXPECT_NEAR(NormalLoss(1), 0.0833155, 1e-6);
  EXPECT_NEAR(NormalLoss(-1), 1.0833155, 1e-6);  // G(−z) = G(z) + z
  // 99% fill rate, σ 10, cycle 100: expected shortage 1 unit per cycle, G(z) = 0.1.
  const double z = FillRateSafetyFactor(0.99, 10, 100);
  EXPECT_NEAR(NormalLoss(z), 0.1, 1e-9);
  EXPECT_NEAR(z, 0.9023, 1e-3);
  // A larger cycle tolerates more shortage per cycle, so less safety stock.
  EXPECT_LT(FillRateSafetyFactor(0.99, 10, 300), z);
  EXPECT_EQ(FillRateSafetyFactor(0.99, 0, 100), 0);   // no uncertainty
  EXPECT_EQ(FillRateSafetyFactor(0.50, 10, 100), 0);  // the target needs no safety stock
}

TEST(ReorderMathTest, FillRateTargetReplacesTheCycleServiceLevel) {
  PolicyInputs in;
  in.demand = {10, 5};
  in.lead_time = {9, 0};
  in.review_days = 1;
  in.z = NormalQuantile(0.95);
  in.unit_cost = 0;  // unknown: the cycle is the 28-day cover cap, 280 units
  const ReorderPolicy cycle = ComputeReorderPolicy(in);
  EXPECT_NEAR(cycle.safety_stock, NormalQuantile(0.95) * std::sqrt(10 * 25.0), 1e-9);
  in.fill_rate = 0.99;
  const ReorderPolicy fill = ComputeReorderPolicy(in);
  const double sd = std::sqrt(10 * 25.0);
  EXPECT_NEAR(fill.safety_stock, FillRateSafetyFactor(0.99, sd, 280) * sd, 1e-9);
  EXPECT_NEAR(NormalLoss(fill.safety_stock / sd) * sd, 0.01 * 280, 1e-6);
  EXPECT_LT(fill.safety_stock, cycle.safety_stock);
  // A minimum order of 1,000 units (100 days) tolerates 3.6 times the shortage per cycle.
  in.min_order_quantity = 1000;
  EXPECT_DOUBLE_EQ(ExpectedOrderQuantity(in), 1000.0);
  const ReorderPolicy moq = ComputeReorderPolicy(in);
  EXPECT_NEAR(moq.safety_stock, FillRateSafetyFactor(0.99, sd, 1000) * sd, 1e-9);
  EXPECT_LT(moq.safety_stock, fill.safety_stock);
}

TEST(ReorderMathTest, ExpectedOrderQuantityRoundsTheCycle) {
  PolicyInputs in;
  in.demand = {0.1, 0.3};
  in.unit_cost = 0;  // the cycle is the 28-day cover cap: 2.8 units
  EXPECT_DOUBLE_EQ(ExpectedOrderQuantity(in), 3.0);
  in.min_order_quantity = 5;
  in.case_pack = 4;
  EXPECT_DOUBLE_EQ(ExpectedOrderQuantity(in), 8.0);  // MOQ 5, in cases of 4
  in.demand = {0, 0};
  EXPECT_DOUBLE_EQ(ExpectedOrderQuantity(in), 0.0);
}

TEST(IntervalDemandDistributionTest, PoissonWhenNotOverdispersed) {
  // Mean 2, variance 2: P(X = 0) = e^-2, P(X = 1) = 2e^-2, P(X = 2) = 2e^-2.
  const IntervalDemandDistribution x({2.0, std::sqrt(2.0)});
  const double e = std::exp(-2.0);
  EXPECT_NEAR(x.Exceeds(-1), 1.0, 1e-15);
  EXPECT_NEAR(x.Exceeds(0), 1 - e, 1e-12);
  EXPECT_NEAR(x.Exceeds(2), 1 - 5 * e, 1e-12);
  // E[(X − s)⁺] = E[X] − s + Σ_{k≤s} (s − k)·P(X = k): s = 0 the mean; s = 1: 1 + e^-2;
  // s = 2: 2·e^-2 + 1·2e^-2.
  EXPECT_NEAR(x.ExpectedShortage(0), 2.0, 1e-12);
  EXPECT_NEAR(x.ExpectedShortage(1), 1 + e, 1e-12);
  EXPECT_NEAR(x.ExpectedShortage(2), 4 * e, 1e-12);
  EXPECT_NEAR(x.ExpectedShortage(-2), 4.0, 1e-12);
  EXPECT_LT(x.ExpectedShortage(30), 1e-9);
}

TEST(IntervalDemandDistributionTest, NegativeBinomialWhenOverdispersed) {
  // Mean 1, variance 3: q = 1/3, r = 1/2. P(X = 0) = q^r = 3^-0.5; P(X = 1) = r·q^r·(1 − q).
  const IntervalDemandDistribution x({1.0, std::sqrt(3.0)});
  const double p0 = 1 / std::sqrt(3.0);
  const double p1 = 0.5 * p0 * 2.0 / 3.0;
  EXPECT_NEAR(x.Exceeds(0), 1 - p0, 1e-12);
  EXPECT_NEAR(x.Exceeds(1), 1 - p0 - p1, 1e-12);
  EXPECT_NEAR(x.ExpectedShortage(1), 1 - 1 + p0, 1e-12);  // E[X] − 1 + P(X = 0)
  // A heavier tail than the Poisson of the same mean.
  EXPECT_GT(x.Exceeds(4), IntervalDemandDistribution({1.0, 1.0}).Exceeds(4));
  const IntervalDemandDistribution none({0, 0});
  EXPECT_EQ(none.Exceeds(0), 0.0);
  EXPECT_EQ(none.ExpectedShortage(0), 0.0);
}

// The binary search finds what a scan from s = 0 finds, for any limit.
TEST(IntervalDemandDistributionTest, SmallestLevelWithinATailLimitMatchesAScan) {
  for (const IntervalDemand& d : {IntervalDemand{0.3, 0.5}, IntervalDemand{4.0, 2.0},
                                  IntervalDemand{40.0, 30.0}, IntervalDemand{0, 0}}) {
    const IntervalDemandDistribution x(d);
    for (double limit : {1.0, 0.5, 0.1, 0.01, 1e-6, 0.0}) {
      int64_t scan = 0;
      while (x.Exceeds(scan) > limit) ++scan;
      EXPECT_EQ(x.SmallestWithExceedsAtMost(limit), scan) << d.mean << " " << limit;
    }
  }
}

// Two SKUs alike but for their cost: the store-wide allocation gives the cheap one more stock.
TEST(StoreFillRateTest, ReachesTheStoreFillRateWithServiceOnTheCheaperSku) {
  PolicyInputs cheap;
  cheap.demand = {2, 1.5};
  cheap.lead_time = {10, 2};
  cheap.unit_cost = 5;
  PolicyInputs dear = cheap;
  dear.unit_cost = 50;
  const std::vector<ReorderPolicy> p = StoreFillRatePolicies({cheap, dear}, 0.98);
  ASSERT_EQ(p.size(), 2u);
  EXPECT_GT(p[0].reorder_point, p[1].reorder_point);
  // The expected units short per day over both meet (1 − 0.98) of the 4 units a day, within the
  // last step of a reorder point.
  double short_per_day = 0;
  for (size_t i = 0; i < 2; ++i) {
    const PolicyInputs& in = i == 0 ? cheap : dear;
    const IntervalDemandDistribution x(DemandOverLeadTime(in.demand, in.lead_time, 1));
    short_per_day += 2.0 / ExpectedOrderQuantity(in) * x.ExpectedShortage(p[i].reorder_point);
  }
  EXPECT_LE(short_per_day, 0.02 * 4);
  EXPECT_GT(short_per_day, 0.02 * 4 * 0.5);
  // The rest of the policy is ComputeReorderPolicy's: S = s + the cycle (the 28-day cap, 56
  // units, below the EOQ of 108), safety stock s − mean.
  EXPECT_DOUBLE_EQ(p[0].lead_time_demand, 22.0);
  EXPECT_DOUBLE_EQ(p[0].safety_stock, static_cast<double>(p[0].reorder_point) - 22.0);
  EXPECT_EQ(p[0].order_up_to, p[0].reorder_point + 56);
  // A higher target raises every reorder point; no demand: reorder point 0.
  const std::vector<ReorderPolicy> higher = StoreFillRatePolicies({cheap, dear}, 0.995);
  EXPECT_GE(higher[0].reorder_point, p[0].reorder_point);
  EXPECT_GT(higher[1].reorder_point, p[1].reorder_point);
  // A target beyond reach with a heavy-tailed SKU still ends: at the end of its distribution.
  PolicyInputs lumpy = cheap;
  lumpy.demand = {0.05, 3};
  const std::vector<ReorderPolicy> far = StoreFillRatePolicies({lumpy}, 1 - 1e-12);
  EXPECT_GT(far[0].reorder_point, 10);
  EXPECT_LT(far[0].reorder_point, 10000);
  PolicyInputs idle = cheap;
  idle.demand = {0, 0};
  EXPECT_EQ(StoreFillRatePolicies({idle}, 0.98)[0].reorder_point, 0);
}

}  // namespace
}  // namespace mercato::inventory
