// Off-policy estimators on a hand-computed log, the reward model's shrinkage, the target
// policy's distribution, and unbiasedness on a simulated bandit whose value is known exactly.
#include "engage/ope_estimators.h"

#include <gtest/gtest.h>

#include <random>

namespace mercato::engage {
namespace {

LoggedRound Round(std::string action, double reward, double propensity, int position = 0,
                  std::string context = "") {
  return {std::move(context), std::move(action), position, reward, propensity};
}

// Behaviour rounds (one position, one context), with w = π_e(a) / π_b for the target below
// (π_e(A) = 0.25, π_e(B) = 0.75):
//   A r=1 π_b=0.5  -> w = 0.5,  w r = 0.5
//   A r=0 π_b=0.2  -> w = 1.25, w r = 0
//   B r=1 π_b=0.5  -> w = 1.5,  w r = 1.5
//   B r=1 π_b=0.75 -> w = 1,    w r = 1
// With no shrinkage, q̂(A) = 1/2 and q̂(B) = 2/2 = 1.
std::vector<LoggedRound> HandBehaviour() {
  return {Round("A", 1, 0.5), Round("A", 0, 0.2), Round("B", 1, 0.5), Round("B", 1, 0.75)};
}
// A stationary target: each action always logged with one propensity, so π_e is read from it.
// Its on-policy value is the mean of its rewards, (0 + 1) / 2 = 0.5.
std::vector<LoggedRound> HandTarget() { return {Round("A", 0, 0.25), Round("B", 1, 0.75)}; }

TEST(EvaluateOffPolicy, HandComputedEstimates) {
  OffPolicyOptions options;
  options.prior_rounds = 0;
  auto e = EvaluateOffPolicy(HandBehaviour(), HandTarget(), options);
  ASSERT_TRUE(e.ok()) << e.status().message();
  // DM: every round's Σ_a π_e(a) q̂(a) = 0.25 * 0.5 + 0.75 * 1 = 0.875.
  EXPECT_DOUBLE_EQ(e->dm.value, 0.875);
  // IPW: (0.5 + 0 + 1.5 + 1) / 4 = 0.75.
  EXPECT_DOUBLE_EQ(e->ipw.value, 0.75);
  // SNIPW: 3 / (0.5 + 1.25 + 1.5 + 1) = 3 / 4.25.
  EXPECT_DOUBLE_EQ(e->snipw.value, 3 / 4.25);
  // DR: 0.875 + mean of w (r − q̂): (0.5 * 0.5 + 1.25 * (−0.5) + 1.5 * 0 + 1 * 0) / 4
  //   = 0.875 − 0.375 / 4 = 0.78125.
  EXPECT_DOUBLE_EQ(e->dr.value, 0.78125);
  EXPECT_DOUBLE_EQ(e->on_policy.value, 0.5);
  EXPECT_DOUBLE_EQ(e->mean_weight, 4.25 / 4);
  EXPECT_EQ(e->rounds, 4);
  EXPECT_EQ(e->target_rounds, 2);
  EXPECT_EQ(e->actions, 2);
  EXPECT_EQ(e->positions, 1);
  EXPECT_EQ(e->target_distribution, "logged");
  EXPECT_EQ(e->unsupported_mass, 0);
  for (const Estimate* x : {&e->dm, &e->ipw, &e->snipw, &e->dr, &e->on_policy}) {
    EXPECT_LE(x->ci_low, x->value);
    EXPECT_GE(x->ci_high, x->value);
  }
  // The reward model is refitted on every resample, so DM's interval is wider than the point
  // (a resample without A's click has q̂(A) = 0) and within the rewards' range.
  EXPECT_LT(e->dm.ci_low, e->dm.ci_high);
  EXPECT_GE(e->dm.ci_low, 0);
  EXPECT_LE(e->dm.ci_high, 1);
  // IPW's resamples range between all-zero-reward rounds and all-1.5 rounds.
  EXPECT_LT(e->ipw.ci_low, e->ipw.ci_high);
  EXPECT_GE(e->ipw.ci_low, 0);
  EXPECT_LE(e->ipw.ci_high, 1.5);
}

TEST(EvaluateOffPolicy, TheBootstrapIsDeterministicPerSeed) {
  OffPolicyOptions options;
  auto a = EvaluateOffPolicy(HandBehaviour(), HandTarget(), options);
  auto b = EvaluateOffPolicy(HandBehaviour(), HandTarget(), options);
  options.seed = 2;
  auto c = EvaluateOffPolicy(HandBehaviour(), HandTarget(), options);
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_EQ(a->ipw.ci_low, b->ipw.ci_low);
  EXPECT_EQ(a->ipw.ci_high, b->ipw.ci_high);
  EXPECT_EQ(a->dr.ci_low, b->dr.ci_low);
  EXPECT_EQ(a->ipw.value, c->ipw.value);
  EXPECT_TRUE(a->ipw.ci_low != c->ipw.ci_low || a->ipw.ci_high != c->ipw.ci_high ||
              a->snipw.ci_low != c->snipw.ci_low || a->dr.ci_low != c->dr.ci_low);
}

TEST(EvaluateOffPolicy, ActionsTheBehaviourNeverTookAreUnsupportedMass) {
  // The target puts 0.5 on C, which the behaviour never logged: IPW sees only A's half.
  const std::vector<LoggedRound> behaviour = {Round("A", 1, 1), Round("A", 1, 1)};
  const std::vector<LoggedRound> target = {Round("A", 1, 0.5), Round("C", 0, 0.5)};
  auto e = EvaluateOffPolicy(behaviour, target, {});
  ASSERT_TRUE(e.ok());
  EXPECT_DOUBLE_EQ(e->unsupported_mass, 0.5);
  EXPECT_DOUBLE_EQ(e->ipw.value, 0.5);  // w = 0.5 / 1, r = 1
  EXPECT_EQ(e->actions, 2);
}

TEST(EvaluateOffPolicy, OptionsOutOfRangeAreRefused) {
  OffPolicyOptions options;
  options.resamples = 0;
  EXPECT_EQ(EvaluateOffPolicy(HandBehaviour(), HandTarget(), options).status().message(),
            "resamples: expected at least 1, got 0");
  options = {};
  options.confidence = 1;
  EXPECT_FALSE(EvaluateOffPolicy(HandBehaviour(), HandTarget(), options).ok());
  options = {};
  options.prior_rounds = -1;
  EXPECT_FALSE(EvaluateOffPolicy(HandBehaviour(), HandTarget(), options).ok());
  EXPECT_EQ(EvaluateOffPolicy({}, HandTarget(), {}).status().message(),
            "the behaviour log has no rounds");
  EXPECT_EQ(EvaluateOffPolicy(HandBehaviour(), {}, {}).status().message(),
            "the target log has no rounds");
}

TEST(EvaluateOffPolicy, TheRewardModelShrinksContextToActionToPositionToOverall) {
  // Rewards 1, 0, 1, 1 at position 0: overall mean 3/4. With a prior of 2 rounds:
  //   position 0:  (3 + 2 * 0.75) / (4 + 2) = 0.75
  //   (A, 0):      (1 + 2 * 0.75) / (2 + 2) = 0.625   -> ("", A, 0): (1 + 2 * 0.625) / 4 = 0.5625
  //   (B, 0):      (2 + 2 * 0.75) / (2 + 2) = 0.875   -> ("", B, 0): (2 + 2 * 0.875) / 4 = 0.9375
  // DM = 0.25 * 0.5625 + 0.75 * 0.9375 = 0.84375.
  OffPolicyOptions options;
  options.prior_rounds = 2;
  auto e = EvaluateOffPolicy(HandBehaviour(), HandTarget(), options);
  ASSERT_TRUE(e.ok());
  EXPECT_DOUBLE_EQ(e->dm.value, 0.84375);
  // DR = DM + mean of w (r − q̂): (0.5 * 0.4375 + 1.25 * (−0.5625) + 1.5 * 0.0625 + 1 * 0.0625) / 4
  //    = 0.84375 + (0.21875 − 0.703125 + 0.09375 + 0.0625) / 4 = 0.84375 − 0.08203125.
  EXPECT_DOUBLE_EQ(e->dr.value, 0.76171875);
  // A target action never logged in a round's context falls back to its (action, position)
  // rate: the same rounds in context "x" except one A in context "y", whose cell sees
  // q̂("y", A) = (0 + 2 * q̂(A)) / 3 and q̂(B) from (B, 0) alone.
  std::vector<LoggedRound> split = HandBehaviour();
  for (LoggedRound& r : split) r.context = "x";
  split[1].context = "y";
  auto f = EvaluateOffPolicy(split, HandTarget(), options);
  ASSERT_TRUE(f.ok());
  // q̂(A) = 0.625, q̂(B) = 0.875 as above; q̂("x", A) = (1 + 1.25) / 3 = 0.75,
  // q̂("y", A) = (0 + 1.25) / 3 = 5/12, q̂("x", B) = 0.9375, q̂("y", B) = 0.875 (never logged).
  // DM = (3 rounds in x: 0.25 * 0.75 + 0.75 * 0.9375) + (1 in y: 0.25 * 5/12 + 0.75 * 0.875),
  //    / 4 = (3 * 0.890625 + 0.7604166...) / 4.
  EXPECT_DOUBLE_EQ(f->dm.value, (3 * 0.890625 + (0.25 * 5.0 / 12 + 0.75 * 0.875)) / 4);
}

TEST(TargetPolicyFromLog, MovingPropensitiesGiveEmpiricalShares) {
  // A's propensity changes between its rounds (a moving posterior): π_e is each action's share
  // of its position's rounds.
  const std::vector<LoggedRound> target = {Round("A", 0, 0.3, 1), Round("A", 0, 0.5, 1),
                                           Round("B", 0, 0.2, 1), Round("B", 0, 0.6, 2)};
  const TargetPolicy policy = TargetPolicyFromLog(target);
  EXPECT_EQ(policy.source, "empirical");
  EXPECT_DOUBLE_EQ(policy.Probability(1, "A"), 2.0 / 3);
  EXPECT_DOUBLE_EQ(policy.Probability(1, "B"), 1.0 / 3);
  EXPECT_DOUBLE_EQ(policy.Probability(2, "B"), 1);
  EXPECT_EQ(policy.Probability(2, "A"), 0);
  EXPECT_EQ(policy.Probability(3, "A"), 0);
}

TEST(TargetPolicyFromLog, ConstantPropensitiesAreTheDistributionScaledToOne) {
  // Uniform over four actions, only three of which appear: 0.25 each, scaled to 1/3.
  const std::vector<LoggedRound> target = {Round("A", 0, 0.25), Round("B", 0, 0.25),
                                           Round("C", 1, 0.25), Round("A", 0, 0.25)};
  const TargetPolicy policy = TargetPolicyFromLog(target);
  EXPECT_EQ(policy.source, "logged");
  EXPECT_DOUBLE_EQ(policy.Probability(0, "A"), 1.0 / 3);
  EXPECT_DOUBLE_EQ(policy.Probability(0, "C"), 1.0 / 3);
}

// A simulated bandit: 3 contexts (equally likely), 4 actions, 2 positions (equally likely),
// click probability p(x, a, pos). Both policies are stationary and not contextual; the target's
// value is Σ_pos Σ_x Σ_a P(pos) P(x) π_e(a) p(x, a, pos), known exactly.
struct Simulation {
  static constexpr int kContexts = 3, kActions = 4, kPositions = 2;
  double click[kContexts][kActions][kPositions] = {
      {{0.10, 0.05}, {0.30, 0.20}, {0.05, 0.02}, {0.50, 0.40}},
      {{0.40, 0.30}, {0.10, 0.05}, {0.20, 0.10}, {0.05, 0.02}},
      {{0.05, 0.05}, {0.20, 0.15}, {0.60, 0.50}, {0.10, 0.10}}};
  double behaviour[kActions] = {0.4, 0.35, 0.15, 0.1};
  double target[kActions] = {0.05, 0.05, 0.8, 0.1};

  double Value(const double (&policy)[kActions]) const {
    double v = 0;
    for (int x = 0; x < kContexts; ++x) {
      for (int a = 0; a < kActions; ++a) {
        for (int p = 0; p < kPositions; ++p) v += policy[a] * click[x][a][p];
      }
    }
    return v / (kContexts * kPositions);
  }

  std::vector<LoggedRound> Log(const double (&policy)[kActions], int rounds, uint64_t seed) const {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u(0, 1);
    std::vector<LoggedRound> log;
    for (int i = 0; i < rounds; ++i) {
      const int x = static_cast<int>(rng() % kContexts), p = static_cast<int>(rng() % kPositions);
      double draw = u(rng);
      int a = 0;
      while (a < kActions - 1 && draw >= policy[a]) draw -= policy[a++];
      const double r = u(rng) < click[x][a][p] ? 1 : 0;
      log.push_back(Round("a" + std::to_string(a), r, policy[a], p, "x" + std::to_string(x)));
    }
    return log;
  }
};

TEST(EvaluateOffPolicy, UnbiasedOnASimulatedBanditWithKnownValue) {
  const Simulation sim;
  const double truth = sim.Value(sim.target);      // 0.23175
  const double logged = sim.Value(sim.behaviour);  // 0.17792: what naive averaging would report
  ASSERT_GT(truth - logged, 0.05);
  OffPolicyOptions options;
  options.resamples = 400;  // enough for 95% intervals, and quick under the sanitizers
  auto e =
      EvaluateOffPolicy(sim.Log(sim.behaviour, 20000, 7), sim.Log(sim.target, 20000, 8), options);
  ASSERT_TRUE(e.ok()) << e.status().message();
  EXPECT_EQ(e->target_distribution, "logged");
  for (const auto& [name, x] :
       {std::pair{"dm", e->dm}, std::pair{"ipw", e->ipw}, std::pair{"snipw", e->snipw},
        std::pair{"dr", e->dr}, std::pair{"on_policy", e->on_policy}}) {
    EXPECT_LE(x.ci_low, truth) << name;
    EXPECT_GE(x.ci_high, truth) << name;
    EXPECT_GT(x.ci_low, logged) << name << ": the interval must exclude the behaviour's value";
    EXPECT_NEAR(x.value, truth, 0.01) << name;
  }
  EXPECT_NEAR(e->mean_weight, 1, 0.03);
}

}  // namespace
}  // namespace mercato::engage
