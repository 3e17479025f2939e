// Thompson sampling over incentives with Beta posteriors on conversion and margin-after-cost
// values; propensities by Monte Carlo over the posterior.
#include "engage/incentive_bandit.h"

#include <stdexcept>

namespace mercato::engage {

std::string_view IncentiveName(Incentive incentive) {
  switch (incentive) {
    case Incentive::kNone:
      return "none";
    case Incentive::kFreeShipping:
      return "free_shipping";
    case Incentive::kSmallDiscount:
      return "small_discount";
    case Incentive::kLargeDiscount:
      return "large_discount";
    case Incentive::kUrgency:
      return "urgency";
  }
  return "none";
}

std::optional<Incentive> ParseIncentive(std::string_view name) {
  for (int a = 0; a < kIncentives; ++a) {
    if (IncentiveName(static_cast<Incentive>(a)) == name) return static_cast<Incentive>(a);
  }
  if (name == "pct_discount") return Incentive::kSmallDiscount;
  return std::nullopt;
}

double MarginAfter(Incentive incentive, double cart_value, const IncentiveCosts& costs) {
  const double margin = costs.margin_rate * cart_value;
  switch (incentive) {
    case Incentive::kFreeShipping:
      return margin - costs.shipping;
    case Incentive::kSmallDiscount:
      return margin - costs.small_discount * cart_value;
    case Incentive::kLargeDiscount:
      return margin - costs.large_discount * cart_value;
    case Incentive::kNone:
    case Incentive::kUrgency:
      return margin;
  }
  return margin;
}

IncentiveBandit::IncentiveBandit(const BanditConfig& config) : config_(config), rng_(config.seed) {
  if (!(config.prior_strength > 0) || !(config.prior_rate > 0 && config.prior_rate < 1)) {
    throw std::invalid_argument(
        "IncentiveBandit: prior_strength must be above 0 and prior_rate in (0, 1)");
  }
  SetPooledPrior(0, 0);
  counts_.assign(static_cast<size_t>(config.segments) * 2 * config.cart_bands * config.devices, {});
}

void IncentiveBandit::SetPooledPrior(int64_t conversions, int64_t decisions) {
  if (conversions < 0 || conversions > decisions) {
    throw std::invalid_argument("IncentiveBandit: pooled conversions outside [0, decisions]");
  }
  const double n0 = config_.prior_strength;
  const double rate = (static_cast<double>(conversions) + n0 * config_.prior_rate) /
                      (static_cast<double>(decisions) + n0);
  prior_ = {n0 * rate, n0 * (1 - rate)};
}

int IncentiveBandit::Cell(const IncentiveContext& c) const {
  if (c.segment < 0 || c.segment >= config_.segments || c.cart_band < 0 ||
      c.cart_band >= config_.cart_bands || c.device < 0 || c.device >= config_.devices) {
    throw std::out_of_range("IncentiveBandit: a context field outside its configured range");
  }
  return ((c.segment * 2 + (c.returning ? 1 : 0)) * config_.cart_bands + c.cart_band) *
             config_.devices +
         c.device;
}

Incentive IncentiveBandit::Draw(int cell, double cart_value) {
  const auto& counts = counts_[cell];
  int best = 0;
  double best_value = 0;
  for (int a = 0; a < kIncentives; ++a) {
    const double x = std::gamma_distribution<double>(prior_.alpha + counts[2 * a], 1)(rng_);
    const double y = std::gamma_distribution<double>(prior_.beta + counts[2 * a + 1], 1)(rng_);
    const double value =
        x / (x + y) * MarginAfter(static_cast<Incentive>(a), cart_value, config_.costs);
    if (a == 0 || value > best_value) {
      best = a;
      best_value = value;
    }
  }
  return static_cast<Incentive>(best);
}

IncentiveDecision IncentiveBandit::Choose(const IncentiveContext& context, double cart_value) {
  const int cell = Cell(context);
  const Incentive thompson = Draw(cell, cart_value);
  IncentiveDecision decision;
  decision.incentive = std::uniform_real_distribution<double>(0, 1)(rng_) < config_.exploration
                           ? static_cast<Incentive>(rng_() % kIncentives)
                           : thompson;
  // P(Thompson picks the chosen incentive): the share of the decisive draw and further ones
  // that pick it (at least one in propensity_draws + 1 when Thompson chose it).
  int wins = thompson == decision.incentive ? 1 : 0;
  for (int k = 0; k < config_.propensity_draws; ++k) {
    if (Draw(cell, cart_value) == decision.incentive) ++wins;
  }
  const double thompson_share = static_cast<double>(wins) / (config_.propensity_draws + 1);
  decision.propensity =
      (1 - config_.exploration) * thompson_share + config_.exploration / kIncentives;
  return decision;
}

void IncentiveBandit::Update(const IncentiveContext& context, Incentive incentive, bool converted) {
  counts_[Cell(context)][2 * static_cast<int>(incentive) + (converted ? 0 : 1)] += 1;
}

Incentive IncentiveBandit::Best(const IncentiveContext& context, double cart_value) const {
  const auto& counts = counts_[Cell(context)];
  int best = 0;
  double best_value = 0;
  for (int a = 0; a < kIncentives; ++a) {
    const double alpha = prior_.alpha + counts[2 * a];
    const double mean = alpha / (alpha + prior_.beta + counts[2 * a + 1]);
    const double value = mean * MarginAfter(static_cast<Incentive>(a), cart_value, config_.costs);
    if (a == 0 || value > best_value) {
      best = a;
      best_value = value;
    }
  }
  return static_cast<Incentive>(best);
}

}  // namespace mercato::engage
