// Planted return behaviour: department base rates scaled by a per-customer propensity, and two
// abuse patterns, wardrobing and serial returning.
#pragma once

#include <optional>
#include <string_view>

#include "synth/catalog.h"
#include "synth/customers.h"
#include "synth/random.h"

namespace mercato::synth {

/// Wardrobing: apparel or footwear lines at or above the department's median price are returned
/// with this probability, within kWardrobeMaxDays days, in condition "worn".
constexpr double kWardrobeReturnProb = 0.8;
constexpr double kWardrobeMaxDays = 4.0;
/// Serial returners return every non-grocery line with at least this probability.
constexpr double kSerialReturnProb = 0.6;
/// Delay of an ordinary return: gamma with this mean and sd (days).
constexpr double kReturnDelayMean = 10.0;
constexpr double kReturnDelaySd = 5.0;

struct ReturnDecision {
  double delay_days = 0;
  std::string_view reason;
  std::string_view condition;
};

/// Whether customer `c` returns a line of `sku` sold at `unit_cents`, and how.
std::optional<ReturnDecision> DecideReturn(const CustomerState& c, const Catalog& catalog,
                                           uint32_t sku, int64_t unit_cents, Rng& rng);

}  // namespace mercato::synth
