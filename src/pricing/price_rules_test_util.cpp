// Random rule sets and products for the property tests.
#include "pricing/price_rules_test_util.h"

#include <optional>
#include <string>
#include <vector>

namespace mercato::pricing::testing {

std::pair<PriceRules, ProductPriceFacts> RandomRuleCase(std::mt19937& rng) {
  std::uniform_real_distribution<double> u(0, 1);
  const auto maybe = [&](double v) {
    return u(rng) < 0.5 ? std::optional<double>(v) : std::nullopt;
  };
  PriceRules rules;
  rules.limits.floor_price = maybe(1 + 30 * u(rng));
  rules.limits.min_margin_pct = 60 * u(rng);
  rules.limits.max_above_competitor_pct = maybe(-10 + 30 * u(rng));
  rules.limits.max_change_pct = 0.5 + 30 * u(rng);
  rules.limits.min_days_between_changes = static_cast<int>(20 * u(rng));
  const std::vector<std::vector<std::string>> endings = {{}, {".99"}, {".95", ".99"}, {".49"}};
  rules.price_endings = endings[static_cast<size_t>(4 * u(rng))];
  rules.clearance_min_margin_pct = 20 * u(rng);
  rules.clearance_max_change_pct = 50 * u(rng);
  if (u(rng) < 0.5) {
    ScopedRule r;
    r.key = "category";
    r.value = "Home";
    r.max_change_pct = 0.5 + 10 * u(rng);
    r.min_margin_pct = 40 * u(rng);
    rules.scoped.push_back(r);
  }
  ProductPriceFacts p;
  p.sku = "S";
  p.category = u(rng) < 0.5 ? "Home > Mugs" : "Garden";
  p.current_price = 1 + 40 * u(rng);
  p.cost = maybe(p.current_price * (0.3 + 0.8 * u(rng)));
  p.compare_at_price = maybe(p.current_price * (0.9 + 0.5 * u(rng)));
  p.lowest_competitor_price = maybe(p.current_price * (0.7 + 0.6 * u(rng)));
  if (u(rng) < 0.5) p.days_since_change = static_cast<int64_t>(30 * u(rng));
  p.excess_stock = u(rng) < 0.3;
  p.stockout_projected = u(rng) < 0.2;
  if (u(rng) < 0.2) {
    const auto starts_in = static_cast<int64_t>(20 * u(rng)) - 10;
    p.promotion =
        ProductPriceFacts::Promotion{starts_in, starts_in + 1 + static_cast<int64_t>(14 * u(rng))};
  }
  return {rules, p};
}

}  // namespace mercato::pricing::testing
