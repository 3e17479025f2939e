// Choosing a cart's incentive (none, free shipping, a small or a large discount, an urgency
// message) by Thompson sampling on each context cell's conversion rates, valuing each incentive
// by the margin a conversion leaves after its cost, and logging every decision's propensity.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <random>
#include <string_view>
#include <vector>

namespace mercato::engage {

enum class Incentive { kNone, kFreeShipping, kSmallDiscount, kLargeDiscount, kUrgency };
inline constexpr int kIncentives = 5;

/// "none", "free_shipping", "small_discount", "large_discount", "urgency".
std::string_view IncentiveName(Incentive incentive);
/// The incentive named `name`: a name above, or "pct_discount" (the synthetic store's and a
/// typical ESP export's 10% discount) for the small discount; nullopt for any other name.
std::optional<Incentive> ParseIncentive(std::string_view name);

/// What an incentive costs when the cart converts, and the margin before it.
struct IncentiveCosts {
  double margin_rate = 0.40;     // share of the cart's value that is margin
  double shipping = 6.0;         // free shipping's cost per order
  double small_discount = 0.10;  // share of the cart's value
  double large_discount = 0.20;
};

/// The margin a converted cart of `cart_value` leaves after `incentive`'s cost (may be < 0).
double MarginAfter(Incentive incentive, double cart_value, const IncentiveCosts& costs);

/// The features a decision sees; each field is a small category index.
struct IncentiveContext {
  int segment = 0;  // in [0, segments)
  bool returning = false;
  int cart_band = 0;  // in [0, cart_bands)
  int device = 0;     // in [0, devices)
};

struct BanditConfig {
  int segments = 4, cart_bands = 3, devices = 2;
  /// Share of decisions taken uniformly at random whatever the posterior says (bounded
  /// exploration); every incentive's propensity is at least exploration / kIncentives.
  double exploration = 0.05;
  int propensity_draws = 200;  // posterior draws estimating the chosen incentive's propensity
  IncentiveCosts costs;
  uint64_t seed = 1;
};

struct IncentiveDecision {
  Incentive incentive = Incentive::kNone;
  double propensity = 0;  // the probability the bandit had of choosing it, for OPE
};

/// Thompson sampling with a Beta(1, 1) prior on the conversion rate of every (context cell,
/// incentive); a context's fields must lie in the configured ranges.
class IncentiveBandit {
 public:
  explicit IncentiveBandit(const BanditConfig& config);

  /// Samples a conversion rate per incentive from the posterior, values each by the margin
  /// after its cost, and picks the best (or, with probability `exploration`, one uniformly).
  /// The propensity is (1 − exploration) P(best | posterior) + exploration / kIncentives, with
  /// P(best) estimated from `propensity_draws` further draws and the one that decided.
  IncentiveDecision Choose(const IncentiveContext& context, double cart_value);
  /// Records whether the cart converted after `incentive`.
  void Update(const IncentiveContext& context, Incentive incentive, bool converted);
  /// The incentive with the best posterior-mean margin: the policy learned so far.
  Incentive Best(const IncentiveContext& context, double cart_value) const;

 private:
  int Cell(const IncentiveContext& context) const;
  // One Thompson draw: the incentive whose sampled rate times margin is largest.
  Incentive Draw(int cell, double cart_value);

  BanditConfig config_;
  std::vector<std::array<double, 2 * kIncentives>> posterior_;  // per cell: (α, β) per incentive
  std::mt19937_64 rng_;
};

}  // namespace mercato::engage
