// Planted-truth simulation of the incentive bandit: rounds of abandoned carts whose conversion
// under each incentive is known, the bandit choosing and learning online, against the oracle, the
// best single fixed incentive and "discount everyone" (the large discount).
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "common/status.h"
#include "engage/incentive_bandit.h"
#include "engage/incentive_context.h"

namespace mercato::engage {

/// An abandoned cart the rounds are drawn from: the customer's segment and the cart's value.
struct PlantedCart {
  int segment = 0;
  double value = 0;
};

/// The planted truth: each segment's conversion probability under each incentive (indexed by
/// Incentive), and the carts rounds are drawn from (uniformly, with replacement).
struct PlantedResponse {
  std::vector<std::array<double, kIncentives>> conversion;  // per segment
  std::vector<PlantedCart> carts;
};

struct SimulationOptions {
  int64_t rounds = 20000;
  /// Round counts at which the cumulative figures are reported, increasing, each in
  /// [1, rounds]; `rounds` itself is always reported last.
  std::vector<int64_t> checkpoints;
  /// The bandit under test. Its context in round t is {cart's segment, not returning,
  /// CartBand(cart's value), device 0}; `segments` must cover every cart's segment and
  /// `cart_bands` CartBand's three.
  BanditConfig bandit;
  uint64_t seed = 1;  // the carts' draws and the conversions (the bandit has its own seed)
};

/// The cumulative figures after `rounds` rounds. Margins are expected margins (the planted
/// conversion probability times MarginAfter) of what each policy chooses for the same carts,
/// so they carry no conversion noise; `learned_realized` is what the learned policy's carts
/// actually converted to.
struct SimulationCheckpoint {
  int64_t rounds = 0;
  double learned = 0;            // the bandit choosing and learning online
  double learned_realized = 0;   // its realized margin (the conversions it learned from)
  double oracle = 0;             // the incentive with the best planted expected margin per cart
  double best_fixed = 0;         // the single incentive best over these rounds, for every cart
  double discount_everyone = 0;  // the large discount for every cart
  double regret = 0;             // oracle − learned
  Incentive best_fixed_incentive = Incentive::kNone;
  /// The policy learned so far (IncentiveBandit::Best, no exploration): its expected margin per
  /// cart over the planted carts, each equally likely.
  double learned_policy_per_cart = 0;
};

/// Each policy's expected margin per cart over the planted carts, each equally likely.
struct PolicyValues {
  double oracle = 0;
  double best_fixed = 0;
  Incentive best_fixed_incentive = Incentive::kNone;
  double discount_everyone = 0;
};

struct SimulationResult {
  std::vector<SimulationCheckpoint> checkpoints;
  PolicyValues per_cart;
  /// The learned policy at the end (IncentiveBandit::Best) per segment and cart band, for a
  /// cart of the band's median value among the planted carts (0 when the band has none).
  std::vector<std::array<Incentive, kCartBands>> learned_best;
};

/// Plays `rounds` rounds: draws a cart, lets the bandit choose (Choose), draws the conversion
/// from the planted probability, updates the bandit (Update), and accumulates every policy's
/// expected margin; at each checkpoint also values the policy learned so far on every planted
/// cart. InvalidArgument for no carts, a probability outside [0, 1], a cart whose
/// segment has no conversion row or lies outside the bandit's segments, a negative or non-finite
/// value, the bandit's cart_bands below 3, rounds < 1, or checkpoints not increasing in
/// [1, rounds]. Deterministic for given options.
Result<SimulationResult> SimulateIncentives(const PlantedResponse& planted,
                                            const SimulationOptions& options);

}  // namespace mercato::engage
