// Random rule sets and products for the property tests of the price rules and the price search.
#pragma once

#include <random>
#include <utility>

#include "pricing/price_rules.h"

namespace mercato::pricing::testing {

/// A valid random rule set (floors, margins, competitor positions, changes, days between
/// changes, endings, clearance, sometimes a scoped rule for "Home") and a random product (cost,
/// compare-at, competitor price, last change and inventory flags each sometimes set); the same
/// generator state gives the same pair.
std::pair<PriceRules, ProductPriceFacts> RandomRuleCase(std::mt19937& rng);

}  // namespace mercato::pricing::testing
