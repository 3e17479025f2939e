// The incentive bandit on the synthetic store's planted truth: `mercato_incentive_bench ROUNDS
// SEEDS` reads the store's abandoned carts ("<segment name>\t<cart value>" lines on stdin, the
// emailed carts of `mercato generate`), plays ROUNDS rounds drawn from them with the planted
// P(recovery | segment, incentive) of synth/recovery.h for each of SEEDS seeds, and prints JSON
// with the learned policy's cumulative expected margin against the oracle's, the best single
// fixed incentive's and "discount everyone" (the large discount) at each checkpoint, averaged
// over the seeds, the regret curve, and the expected margin per cart of the policy learned so far
// beside the baselines'.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engage/incentive_simulation.h"
#include "synth/recovery.h"

namespace {

namespace engage = mercato::engage;
namespace synth = mercato::synth;
using engage::Incentive;

// The planted store's incentives are free shipping, a 10% discount, urgency and none; the large
// discount (twice the percentage) has no planted response, so it is assumed to double the
// small discount's lift over no incentive: p_large = min(1, 2 p_pct − p_none). An assumption
// that favours "discount everyone": it makes the large discount the best incentive for the
// price-sensitive segment.
std::vector<std::array<double, engage::kIncentives>> PlantedConversion() {
  std::vector<std::array<double, engage::kIncentives>> out;
  for (const auto& p : synth::kRecoveryProb) {
    const auto at = [&](synth::Incentive i) { return p[static_cast<size_t>(i)]; };
    std::array<double, engage::kIncentives> row{};
    row[static_cast<int>(Incentive::kNone)] = at(synth::Incentive::kNone);
    row[static_cast<int>(Incentive::kFreeShipping)] = at(synth::Incentive::kFreeShipping);
    row[static_cast<int>(Incentive::kSmallDiscount)] = at(synth::Incentive::kPctDiscount);
    row[static_cast<int>(Incentive::kLargeDiscount)] =
        std::min(1.0, 2 * at(synth::Incentive::kPctDiscount) - at(synth::Incentive::kNone));
    row[static_cast<int>(Incentive::kUrgency)] = at(synth::Incentive::kUrgency);
    out.push_back(row);
  }
  return out;
}

// The costs of the planted store's incentives: its shipping fee, its 10% discount and twice it.
engage::IncentiveCosts PlantedCosts() {
  engage::IncentiveCosts costs;
  costs.shipping = static_cast<double>(synth::kShippingCents) / 100;
  costs.small_discount = synth::kIncentivePct / 100;
  costs.large_discount = 2 * synth::kIncentivePct / 100;
  return costs;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: mercato_incentive_bench ROUNDS SEEDS < carts.tsv\n");
    return 2;
  }
  const int64_t rounds = std::stoll(argv[1]);
  const int seeds = std::stoi(argv[2]);
  std::map<std::string, int> segment_of;
  for (size_t s = 0; s < synth::kSegmentCount; ++s) {
    segment_of[std::string(synth::SegmentName(static_cast<synth::Segment>(s)))] =
        static_cast<int>(s);
  }
  engage::PlantedResponse planted;
  planted.conversion = PlantedConversion();
  std::string name;
  double value = 0;
  while (std::cin >> name >> value) {
    const auto s = segment_of.find(name);
    if (s == segment_of.end()) {
      std::fprintf(stderr, "unknown segment '%s'\n", name.c_str());
      return 1;
    }
    planted.carts.push_back({s->second, value});
  }
  engage::SimulationOptions options;
  options.rounds = rounds;
  for (int64_t k = 250; k < rounds; k *= 2) options.checkpoints.push_back(k);
  options.bandit.costs = PlantedCosts();
  options.bandit.propensity_draws = 0;  // the simulation does not log propensities

  std::vector<engage::SimulationCheckpoint> mean;
  engage::PolicyValues per_cart;
  double worst_share = 1;
  nlohmann::json learned_best = nlohmann::json::object();
  for (int seed = 1; seed <= seeds; ++seed) {
    options.seed = static_cast<uint64_t>(seed);
    options.bandit.seed = static_cast<uint64_t>(1000 + seed);
    const auto result = engage::SimulateIncentives(planted, options);
    if (!result.ok()) {
      std::fprintf(stderr, "%s\n", result.status().message().c_str());
      return 1;
    }
    if (mean.empty()) mean.resize(result->checkpoints.size());
    for (size_t i = 0; i < mean.size(); ++i) {
      const auto& c = result->checkpoints[i];
      mean[i].rounds = c.rounds;
      mean[i].learned += c.learned / seeds;
      mean[i].learned_realized += c.learned_realized / seeds;
      mean[i].oracle += c.oracle / seeds;
      mean[i].best_fixed += c.best_fixed / seeds;
      mean[i].discount_everyone += c.discount_everyone / seeds;
      mean[i].regret += c.regret / seeds;
      mean[i].best_fixed_incentive = c.best_fixed_incentive;
      mean[i].learned_policy_per_cart += c.learned_policy_per_cart / seeds;
    }
    per_cart = result->per_cart;  // the same for every seed: a function of the planted carts
    worst_share =
        std::min(worst_share, result->checkpoints.back().learned_policy_per_cart / per_cart.oracle);
    if (seed == 1) {
      for (size_t s = 0; s < result->learned_best.size(); ++s) {
        nlohmann::json bands = nlohmann::json::array();
        for (const Incentive i : result->learned_best[s]) bands.push_back(IncentiveName(i));
        learned_best[std::string(synth::SegmentName(static_cast<synth::Segment>(s)))] = bands;
      }
    }
  }
  nlohmann::json checkpoints = nlohmann::json::array();
  for (const auto& c : mean) {
    checkpoints.push_back(
        {{"rounds", c.rounds},
         {"learned", c.learned},
         {"learned_realized", c.learned_realized},
         {"oracle", c.oracle},
         {"best_fixed", c.best_fixed},
         {"best_fixed_incentive", IncentiveName(c.best_fixed_incentive)},
         {"discount_everyone", c.discount_everyone},
         {"regret", c.regret},
         {"learned_share_of_oracle", c.learned / c.oracle},
         {"learned_policy_per_cart", c.learned_policy_per_cart},
         {"learned_policy_share_of_oracle", c.learned_policy_per_cart / per_cart.oracle}});
  }
  nlohmann::json conversion = nlohmann::json::object();
  for (size_t s = 0; s < planted.conversion.size(); ++s) {
    nlohmann::json row = nlohmann::json::object();
    for (int a = 0; a < engage::kIncentives; ++a) {
      row[std::string(IncentiveName(static_cast<Incentive>(a)))] = planted.conversion[s][a];
    }
    conversion[std::string(synth::SegmentName(static_cast<synth::Segment>(s)))] = row;
  }
  const nlohmann::json out = {
      {"rounds", rounds},
      {"seeds", seeds},
      {"carts", planted.carts.size()},
      {"planted_conversion", conversion},
      {"checkpoints", checkpoints},
      {"per_cart",
       {{"oracle", per_cart.oracle},
        {"best_fixed", per_cart.best_fixed},
        {"best_fixed_incentive", IncentiveName(per_cart.best_fixed_incentive)},
        {"discount_everyone", per_cart.discount_everyone}}},
      {"worst_seed_policy_share_of_oracle", worst_share},
      {"learned_best_seed_1", learned_best}};
  std::cout << out.dump(2) << "\n";
  return 0;
}
