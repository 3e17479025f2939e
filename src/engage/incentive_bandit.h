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
  /// n0, the weight in decisions of every (cell, incentive)'s prior: Beta(n0 p, n0 (1 − p)) for a
  /// prior recovery rate p. Small, so a cell's own decisions soon outweigh it. Must be > 0.
  double prior_strength = 2;
  /// p before any history is fitted, in (0, 1): with n0 = 2, 0.5 is the uniform Beta(1, 1), which
  /// favours no incentive over another except by its margin. SetPooledPrior replaces it with the
  /// store's pooled recovery rate, so an incentive the history never tried is not assumed to
  /// recover half its carts.
  double prior_rate = 0.5;
  IncentiveCosts costs;
  uint64_t seed = 1;
};

struct IncentiveDecision {
  Incentive incentive = Incentive::kNone;
  double propensity = 0;  // the probability the bandit had of choosing it, for OPE
};

/// A Beta distribution's parameters.
struct BetaPrior {
  double alpha = 1, beta = 1;
};

/// Thompson sampling with a Beta prior (BanditConfig's prior_strength and prior_rate, or the
/// pooled rate SetPooledPrior sets) on the conversion rate of every (context cell, incentive),
/// the same for all; a context's fields must lie in the configured ranges.
class IncentiveBandit {
 public:
  /// Throws std::invalid_argument unless prior_strength > 0 and prior_rate is in (0, 1).
  explicit IncentiveBandit(const BanditConfig& config);

  /// Centres every (cell, incentive)'s prior on the store's pooled recovery rate p̄ with the
  /// configured strength n0: Beta(n0 p̄, n0 (1 − p̄)), where `conversions` of `decisions` past
  /// decisions (all incentives, all cells) converted and
  ///   p̄ = (conversions + n0 prior_rate) / (decisions + n0),
  /// the pooled rate smoothed by the configured prior so that it lies in (0, 1) (no decisions
  /// leave prior_rate). The conversions and non-conversions learned so far are kept. Throws
  /// std::invalid_argument unless 0 <= conversions <= decisions.
  void SetPooledPrior(int64_t conversions, int64_t decisions);
  /// The prior every (cell, incentive) starts from.
  BetaPrior Prior() const { return prior_; }

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
  BetaPrior prior_;
  // Per cell: (conversions, non-conversions) per incentive; the posterior adds the prior.
  std::vector<std::array<double, 2 * kIncentives>> counts_;
  std::mt19937_64 rng_;
};

}  // namespace mercato::engage
