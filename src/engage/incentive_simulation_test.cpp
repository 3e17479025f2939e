// The planted-truth simulation: its baselines' figures by hand, the learned policy near the
// oracle with a regret that grows sublinearly, and its checks of bad input.
#include "engage/incentive_simulation.h"

#include <gtest/gtest.h>

namespace mercato::engage {
namespace {

TEST(SimulateIncentives, BaselinesAreTheirExpectedMarginsPerRound) {
  // One segment, every cart worth 100 (40% margin = 40). Expected margin per cart:
  //   none 0.1 × 40 = 4, free shipping 0.2 × (40 − 6) = 6.8, small 0.3 × (40 − 10) = 9,
  //   large 0.4 × (40 − 20) = 8, urgency 0.1 × 40 = 4.
  // Oracle and best fixed (the small discount): 9 per round; discount everyone: 8 per round.
  PlantedResponse planted;
  planted.conversion = {{0.1, 0.2, 0.3, 0.4, 0.1}};
  planted.carts = {{0, 100}};
  SimulationOptions options;
  options.rounds = 1000;
  options.checkpoints = {100, 400};
  options.bandit.propensity_draws = 0;
  const auto result = SimulateIncentives(planted, options);
  ASSERT_TRUE(result.ok()) << result.status().message();
  ASSERT_EQ(result->checkpoints.size(), 3u);  // the checkpoints, then every round
  const int64_t rounds[] = {100, 400, 1000};
  for (size_t i = 0; i < 3; ++i) {
    const SimulationCheckpoint& c = result->checkpoints[i];
    const double n = static_cast<double>(rounds[i]);
    EXPECT_EQ(c.rounds, rounds[i]);
    EXPECT_NEAR(c.oracle, 9 * n, 1e-6 * n);
    EXPECT_NEAR(c.best_fixed, 9 * n, 1e-6 * n);
    EXPECT_EQ(c.best_fixed_incentive, Incentive::kSmallDiscount);
    EXPECT_NEAR(c.discount_everyone, 8 * n, 1e-6 * n);
    EXPECT_NEAR(c.regret, c.oracle - c.learned, 1e-9 * n);
    EXPECT_GE(c.regret, 0);
    // Each round's expected margin is between the worst incentive's (4) and the best's (9).
    EXPECT_GE(c.learned, 4 * n);
    EXPECT_GE(c.learned_policy_per_cart, 4);
    EXPECT_LE(c.learned_policy_per_cart, 9 + 1e-9);
  }
  EXPECT_NEAR(result->per_cart.oracle, 9, 1e-9);
  EXPECT_NEAR(result->per_cart.best_fixed, 9, 1e-9);
  EXPECT_EQ(result->per_cart.best_fixed_incentive, Incentive::kSmallDiscount);
  EXPECT_NEAR(result->per_cart.discount_everyone, 8, 1e-9);
  EXPECT_EQ(result->learned_best[0][CartBand(100)], Incentive::kSmallDiscount);
}

// Two segments that want different incentives, carts of 30, 80 and 200:
//   segment 0 converts 0.05 with none and urgency, 0.35 with free shipping, 0.10 / 0.12 with
//   the discounts: free shipping pays on carts of 80 and 200 (0.35 × 26 = 9.1 vs 0.05 × 32 =
//   1.6 at 80) and on 30 too (0.35 × (12 − 6) = 2.1 vs 0.05 × 12 = 0.6);
//   segment 1 converts 0.30 with urgency and 0.10 with the others: urgency (0.30 × 32 = 9.6
//   at 80) — so no single incentive is best for both.
PlantedResponse TwoSegments() {
  PlantedResponse planted;
  planted.conversion = {{0.05, 0.35, 0.10, 0.12, 0.05}, {0.10, 0.10, 0.10, 0.10, 0.30}};
  for (int s = 0; s < 2; ++s) {
    for (const double v : {30.0, 80.0, 200.0}) planted.carts.push_back({s, v});
  }
  return planted;
}

TEST(SimulateIncentives, LearnsNearTheOracleWithRegretGrowingSublinearly) {
  SimulationOptions options;
  options.rounds = 20000;
  options.checkpoints = {10000};
  options.bandit.propensity_draws = 0;
  const auto result = SimulateIncentives(TwoSegments(), options);
  ASSERT_TRUE(result.ok()) << result.status().message();
  const SimulationCheckpoint& half = result->checkpoints[0];
  const SimulationCheckpoint& all = result->checkpoints[1];
  // Learning: the second half's regret is below the first half's.
  EXPECT_LT(all.regret - half.regret, half.regret);
  // The policy learned: at least 95% of the oracle per cart. Online, exploring (5% of carts
  // get a random incentive) and learning cost more, yet beat every fixed incentive.
  EXPECT_GE(all.learned_policy_per_cart, 0.95 * result->per_cart.oracle);
  EXPECT_GT(all.learned, all.best_fixed);
  EXPECT_GT(all.learned, all.discount_everyone);
  // The realized margin is the expected one up to conversion noise (a few percent here).
  EXPECT_NEAR(all.learned_realized, all.learned, 0.05 * all.learned);
  for (int b = 0; b < kCartBands; ++b) {
    EXPECT_EQ(result->learned_best[0][b], Incentive::kFreeShipping) << "band " << b;
    EXPECT_EQ(result->learned_best[1][b], Incentive::kUrgency) << "band " << b;
  }
}

TEST(SimulateIncentives, IsDeterministicForGivenSeeds) {
  SimulationOptions options;
  options.rounds = 500;
  options.bandit.propensity_draws = 0;
  const auto a = SimulateIncentives(TwoSegments(), options);
  const auto b = SimulateIncentives(TwoSegments(), options);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->checkpoints[0].learned, b->checkpoints[0].learned);
  options.seed = 2;
  const auto c = SimulateIncentives(TwoSegments(), options);
  ASSERT_TRUE(c.ok());
  EXPECT_NE(a->checkpoints[0].learned_realized, c->checkpoints[0].learned_realized);
}

TEST(SimulateIncentives, RejectsBadInputWithAClearError) {
  SimulationOptions options;
  options.rounds = 10;
  auto error = [&](const PlantedResponse& planted) {
    const auto r = SimulateIncentives(planted, options);
    EXPECT_FALSE(r.ok());
    return r.ok() ? std::string() : r.status().message();
  };
  PlantedResponse none = TwoSegments();
  none.carts.clear();
  EXPECT_NE(error(none).find("no planted carts"), std::string::npos);
  PlantedResponse bad_p = TwoSegments();
  bad_p.conversion[1][2] = 1.5;
  EXPECT_NE(error(bad_p).find("outside [0, 1]"), std::string::npos);
  PlantedResponse bad_segment = TwoSegments();
  bad_segment.carts.push_back({2, 10});  // no third conversion row
  EXPECT_NE(error(bad_segment).find("segment 2"), std::string::npos);
  PlantedResponse bad_value = TwoSegments();
  bad_value.carts.push_back({0, -1});
  EXPECT_NE(error(bad_value).find("negative"), std::string::npos);
  options.checkpoints = {5, 5};
  EXPECT_NE(error(TwoSegments()).find("checkpoints"), std::string::npos);
  options.checkpoints = {11};
  EXPECT_NE(error(TwoSegments()).find("checkpoints"), std::string::npos);
  options.checkpoints.clear();
  options.rounds = 0;
  EXPECT_NE(error(TwoSegments()).find("rounds"), std::string::npos);
}

}  // namespace
}  // namespace mercato::engage
