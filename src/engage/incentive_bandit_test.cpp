// The incentive bandit: margins after each incentive's cost, logged propensities that match the
// choices, and learning on a simulated store with a planted segment × incentive response.
#include "engage/incentive_bandit.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

namespace mercato::engage {
namespace {

TEST(MarginAfter, SubtractsEachIncentivesCost) {
  const IncentiveCosts costs;  // margin 40%, shipping 6, discounts 10% and 20%
  EXPECT_DOUBLE_EQ(MarginAfter(Incentive::kNone, 100, costs), 40);
  EXPECT_DOUBLE_EQ(MarginAfter(Incentive::kUrgency, 100, costs), 40);
  EXPECT_DOUBLE_EQ(MarginAfter(Incentive::kFreeShipping, 100, costs), 34);
  EXPECT_DOUBLE_EQ(MarginAfter(Incentive::kSmallDiscount, 100, costs), 30);
  EXPECT_DOUBLE_EQ(MarginAfter(Incentive::kLargeDiscount, 100, costs), 20);
  EXPECT_DOUBLE_EQ(MarginAfter(Incentive::kFreeShipping, 10, costs), -2);  // 4 − 6
}

TEST(IncentiveBandit, LoggedPropensitiesMatchHowOftenEachIncentiveIsChosen) {
  // A fixed posterior (no updates): the logged propensity of an incentive must be the share of
  // decisions that choose it, up to Monte Carlo noise.
  BanditConfig config;
  config.exploration = 0.2;
  config.propensity_draws = 100;
  IncentiveBandit bandit(config);
  const IncentiveContext context{1, true, 2, 0};
  for (int i = 0; i < 30; ++i) bandit.Update(context, Incentive::kFreeShipping, i % 3 == 0);
  for (int i = 0; i < 30; ++i) bandit.Update(context, Incentive::kNone, i % 4 == 0);
  std::map<Incentive, int> chosen;
  std::map<Incentive, double> propensity;
  const int n = 4000;
  for (int i = 0; i < n; ++i) {
    const IncentiveDecision d = bandit.Choose(context, 80);
    ASSERT_GE(d.propensity, config.exploration / kIncentives);
    ASSERT_LE(d.propensity, 1);
    ++chosen[d.incentive];
    propensity[d.incentive] += d.propensity;
  }
  for (const auto& [incentive, count] : chosen) {
    const double share = static_cast<double>(count) / n;
    EXPECT_NEAR(propensity[incentive] / count, share, 0.03) << IncentiveName(incentive);
  }
}

// The planted store: a segment's conversion rate under each incentive (none, free shipping,
// small discount, large discount, urgency); returning customers and devices convert alike.
//   0 price-sensitive: discounts work, the large one best for big carts
//   1 loyal: converts anyway, so every incentive only costs margin
//   2 shipping-sensitive: free shipping pays except on small carts
//   3 impulsive: urgency works and costs nothing
constexpr double kConversion[4][kIncentives] = {{0.04, 0.06, 0.12, 0.20, 0.05},
                                                {0.30, 0.31, 0.32, 0.33, 0.30},
                                                {0.06, 0.20, 0.09, 0.11, 0.07},
                                                {0.08, 0.09, 0.10, 0.11, 0.16}};
constexpr double kCartValue[3] = {25, 80, 200};

double ExpectedMargin(const IncentiveContext& c, Incentive a, const IncentiveCosts& costs) {
  return kConversion[c.segment][static_cast<int>(a)] *
         MarginAfter(a, kCartValue[c.cart_band], costs);
}

// Every context, equally likely.
std::vector<IncentiveContext> AllContexts(const BanditConfig& config) {
  std::vector<IncentiveContext> all;
  for (int s = 0; s < config.segments; ++s) {
    for (int r = 0; r < 2; ++r) {
      for (int b = 0; b < config.cart_bands; ++b) {
        for (int d = 0; d < config.devices; ++d) all.push_back({s, r == 1, b, d});
      }
    }
  }
  return all;
}

// The mean expected margin per cart of choosing `policy(context)` in every context.
template <class Policy>
double PolicyMargin(const BanditConfig& config, Policy policy) {
  const auto all = AllContexts(config);
  double total = 0;
  for (const IncentiveContext& c : all) total += ExpectedMargin(c, policy(c), config.costs);
  return total / static_cast<double>(all.size());
}

TEST(IncentiveBandit, LearnsThePlantedResponseNearTheOracleAndBeatsFixedIncentives) {
  BanditConfig config;
  config.propensity_draws = 20;
  IncentiveBandit bandit(config);
  std::mt19937_64 world(99);
  const auto all = AllContexts(config);
  for (int t = 0; t < 30000; ++t) {
    const IncentiveContext c = all[world() % all.size()];
    const IncentiveDecision d = bandit.Choose(c, kCartValue[c.cart_band]);
    const bool converted = std::uniform_real_distribution<double>(0, 1)(world) <
                           kConversion[c.segment][static_cast<int>(d.incentive)];
    bandit.Update(c, d.incentive, converted);
  }
  const auto oracle_choice = [&](const IncentiveContext& c) {
    Incentive best = Incentive::kNone;
    for (int a = 1; a < kIncentives; ++a) {
      const auto incentive = static_cast<Incentive>(a);
      if (ExpectedMargin(c, incentive, config.costs) > ExpectedMargin(c, best, config.costs)) {
        best = incentive;
      }
    }
    return best;
  };
  const double oracle = PolicyMargin(config, oracle_choice);
  const double learned = PolicyMargin(
      config, [&](const IncentiveContext& c) { return bandit.Best(c, kCartValue[c.cart_band]); });
  double best_fixed = 0;
  for (int a = 0; a < kIncentives; ++a) {
    best_fixed = std::max(best_fixed, PolicyMargin(config, [a](const IncentiveContext&) {
                            return static_cast<Incentive>(a);
                          }));
  }
  const double discount_everyone =
      PolicyMargin(config, [](const IncentiveContext&) { return Incentive::kLargeDiscount; });
  EXPECT_GE(learned, 0.95 * oracle) << "learned " << learned << ", oracle " << oracle;
  EXPECT_GT(learned, best_fixed) << "best fixed incentive " << best_fixed;
  EXPECT_GT(learned, discount_everyone) << "discount everyone " << discount_everyone;
  // The planted response makes targeting worth it: the oracle beats every fixed incentive.
  EXPECT_GT(oracle, 1.1 * best_fixed);
}

}  // namespace
}  // namespace mercato::engage
