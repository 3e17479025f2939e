// The incentive bandit played online against a planted segment × incentive response.
#include "engage/incentive_simulation.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <string>

namespace mercato::engage {
namespace {

Status CheckSimulation(const PlantedResponse& planted, const SimulationOptions& options) {
  if (planted.carts.empty()) return InvalidArgument("simulation: no planted carts to draw from");
  for (const auto& row : planted.conversion) {
    for (const double p : row) {
      if (!(p >= 0 && p <= 1)) {
        return InvalidArgument("simulation: a conversion probability outside [0, 1]");
      }
    }
  }
  const int segments =
      std::min(static_cast<int>(planted.conversion.size()), options.bandit.segments);
  for (const PlantedCart& cart : planted.carts) {
    if (cart.segment < 0 || cart.segment >= segments) {
      return InvalidArgument("simulation: a cart of segment " + std::to_string(cart.segment) +
                             ", expected one in [0, " + std::to_string(segments) +
                             ") (the planted rows and the bandit's segments)");
    }
    if (!std::isfinite(cart.value) || cart.value < 0) {
      return InvalidArgument("simulation: a cart value that is negative or not finite");
    }
  }
  if (options.bandit.cart_bands < kCartBands) {
    return InvalidArgument("simulation: the bandit needs at least " + std::to_string(kCartBands) +
                           " cart bands");
  }
  if (options.rounds < 1) return InvalidArgument("simulation: rounds must be at least 1");
  for (size_t i = 0; i < options.checkpoints.size(); ++i) {
    const int64_t k = options.checkpoints[i];
    if (k < 1 || k > options.rounds || (i > 0 && k <= options.checkpoints[i - 1])) {
      return InvalidArgument("simulation: checkpoints must increase within [1, rounds]");
    }
  }
  return Status::Ok();
}

IncentiveContext SimulatedContext(const PlantedCart& cart) {
  IncentiveContext context;
  context.segment = cart.segment;
  context.cart_band = CartBand(cart.value);
  return context;
}

// The expected margin of `incentive` for `cart` under the planted response.
double PlantedMargin(const PlantedResponse& planted, const PlantedCart& cart, Incentive incentive,
                     const IncentiveCosts& costs) {
  return planted.conversion[static_cast<size_t>(cart.segment)][static_cast<int>(incentive)] *
         MarginAfter(incentive, cart.value, costs);
}

// The oracle's, each fixed incentive's and discount everyone's margin per planted cart.
PolicyValues PerCartValues(const PlantedResponse& planted, const IncentiveCosts& costs) {
  PolicyValues v;
  std::array<double, kIncentives> fixed{};
  for (const PlantedCart& cart : planted.carts) {
    double best = 0;
    for (int a = 0; a < kIncentives; ++a) {
      const double m = PlantedMargin(planted, cart, static_cast<Incentive>(a), costs);
      fixed[a] += m;
      best = a == 0 ? m : std::max(best, m);
    }
    v.oracle += best;
  }
  const double n = static_cast<double>(planted.carts.size());
  const auto top = std::max_element(fixed.begin(), fixed.end());
  v.oracle /= n;
  v.best_fixed = *top / n;
  v.best_fixed_incentive = static_cast<Incentive>(top - fixed.begin());
  v.discount_everyone = fixed[static_cast<int>(Incentive::kLargeDiscount)] / n;
  return v;
}

// The margin per planted cart of the bandit's greedy policy (Best).
double LearnedPolicyValue(const PlantedResponse& planted, const IncentiveBandit& bandit,
                          const IncentiveCosts& costs) {
  double total = 0;
  for (const PlantedCart& cart : planted.carts) {
    total += PlantedMargin(planted, cart, bandit.Best(SimulatedContext(cart), cart.value), costs);
  }
  return total / static_cast<double>(planted.carts.size());
}

}  // namespace

Result<SimulationResult> SimulateIncentives(const PlantedResponse& planted,
                                            const SimulationOptions& options) {
  RETURN_IF_ERROR(CheckSimulation(planted, options));
  std::vector<int64_t> checkpoints = options.checkpoints;
  if (checkpoints.empty() || checkpoints.back() != options.rounds) {
    checkpoints.push_back(options.rounds);
  }
  IncentiveBandit bandit(options.bandit);
  std::mt19937_64 rng(options.seed);
  std::uniform_int_distribution<size_t> draw_cart(0, planted.carts.size() - 1);
  std::uniform_real_distribution<double> unit(0, 1);
  const IncentiveCosts& costs = options.bandit.costs;

  SimulationResult result;
  result.per_cart = PerCartValues(planted, costs);
  double learned = 0, realized = 0, oracle = 0;
  std::array<double, kIncentives> fixed{};  // each incentive for every cart
  size_t next = 0;
  for (int64_t t = 1; t <= options.rounds; ++t) {
    const PlantedCart& cart = planted.carts[draw_cart(rng)];
    const auto& p = planted.conversion[static_cast<size_t>(cart.segment)];
    const IncentiveContext context = SimulatedContext(cart);
    double best = 0;
    for (int a = 0; a < kIncentives; ++a) {
      const double expected = p[a] * MarginAfter(static_cast<Incentive>(a), cart.value, costs);
      fixed[a] += expected;
      best = a == 0 ? expected : std::max(best, expected);
    }
    oracle += best;
    const Incentive chosen = bandit.Choose(context, cart.value).incentive;
    const double margin = MarginAfter(chosen, cart.value, costs);
    learned += p[static_cast<int>(chosen)] * margin;
    const bool converted = unit(rng) < p[static_cast<int>(chosen)];
    if (converted) realized += margin;
    bandit.Update(context, chosen, converted);
    if (t == checkpoints[next]) {
      SimulationCheckpoint c;
      c.rounds = t;
      c.learned = learned;
      c.learned_realized = realized;
      c.oracle = oracle;
      const auto top = std::max_element(fixed.begin(), fixed.end());
      c.best_fixed = *top;
      c.best_fixed_incentive = static_cast<Incentive>(top - fixed.begin());
      c.discount_everyone = fixed[static_cast<int>(Incentive::kLargeDiscount)];
      c.regret = oracle - learned;
      c.learned_policy_per_cart = LearnedPolicyValue(planted, bandit, costs);
      result.checkpoints.push_back(c);
      ++next;
    }
  }
  // The learned policy per segment and band, at the band's median planted cart value.
  std::array<std::vector<double>, kCartBands> values;
  for (const PlantedCart& cart : planted.carts) values[CartBand(cart.value)].push_back(cart.value);
  for (auto& v : values) std::sort(v.begin(), v.end());
  const int segments =
      std::min(static_cast<int>(planted.conversion.size()), options.bandit.segments);
  for (int s = 0; s < segments; ++s) {
    std::array<Incentive, kCartBands> row{};
    for (int b = 0; b < kCartBands; ++b) {
      const auto& v = values[b];
      IncentiveContext context;
      context.segment = s;
      context.cart_band = b;
      row[b] = bandit.Best(context, v.empty() ? 0 : v[v.size() / 2]);
    }
    result.learned_best.push_back(row);
  }
  return result;
}

}  // namespace mercato::engage
