// Choosing the uncertain products to explore and their test prices within the rules.
#include "pricing/price_exploration.h"

#include <algorithm>
#include <cmath>

namespace mercato::pricing {

std::optional<double> TestPrice(const PriceRules& rules, const ProductPriceFacts& product,
                                double step_pct, bool up_first) {
  const PriceBounds bounds = AllowedRange(rules, product);
  if (!bounds.frozen.empty()) return std::nullopt;
  const double p0 = product.current_price;
  const std::vector<double> prices = CandidatePrices(bounds, rules.price_endings, 201);
  for (const int sign : {up_first ? 1 : -1, up_first ? -1 : 1}) {
    const double target = p0 * (1 + sign * step_pct / 100);
    std::optional<double> best;
    for (const double p : prices) {
      if (sign * (p - p0) < 0.005) continue;  // the other way, or the current price
      if (!BrokenRules(rules, product, p).empty()) continue;
      if (!best || std::abs(p - target) < std::abs(*best - target)) best = p;
    }
    if (best) return best;
  }
  return std::nullopt;
}

std::vector<ExplorationCell> ChooseExplorationCells(const PriceRules& rules,
                                                    const std::vector<ExplorationProduct>& products,
                                                    const ExplorationOptions& options) {
  struct Ranked {
    ExplorationCell cell;
    double worth = 0;
  };
  std::vector<Ranked> ranked;
  for (size_t i = 0; i < products.size(); ++i) {
    const ExplorationProduct& p = products[i];
    const double width = p.ci_high - p.ci_low;
    if (!(p.weekly_units > 0) || !(width >= options.min_interval_width)) continue;
    const bool up = p.recommended_price >= p.facts.current_price;
    const std::optional<double> test = TestPrice(rules, p.facts, options.step_pct, up);
    if (!test) continue;
    ranked.push_back({{i, *test, width}, width * p.weekly_units * p.facts.current_price});
  }
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const Ranked& a, const Ranked& b) { return a.worth > b.worth; });
  const auto most = static_cast<size_t>(
      std::ceil(options.fraction * static_cast<double>(products.size()) - 1e-9));
  if (ranked.size() > most) ranked.resize(most);
  std::vector<ExplorationCell> cells;
  cells.reserve(ranked.size());
  for (const Ranked& r : ranked) cells.push_back(r.cell);
  return cells;
}

Status CheckExplorationOptions(const ExplorationOptions& options) {
  if (!(options.fraction > 0 && options.fraction <= 1)) {
    return InvalidArgument("--fraction must be in (0, 1] (the share of products explored), got " +
                           std::to_string(options.fraction));
  }
  if (!(options.step_pct > 0 && options.step_pct <= 50)) {
    return InvalidArgument("--step-pct must be in (0, 50] (the test price's move), got " +
                           std::to_string(options.step_pct));
  }
  if (!(options.min_interval_width > 0) || !std::isfinite(options.min_interval_width)) {
    return InvalidArgument("--min-interval-width must be a positive number, got " +
                           std::to_string(options.min_interval_width));
  }
  return Status::Ok();
}

}  // namespace mercato::pricing
