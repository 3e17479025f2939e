// A store's daily price panel from the dataset snapshot: per product (its variants pooled), the
// days since its first sale with units, the day's selling price and its temporary promotions,
// stock-out days left out, and the leaf category it is compared with.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "dataset/snapshot.h"
#include "pricing/price_panel.h"

namespace mercato::pricing {

struct DailyPricePanel {
  /// One series per product, grouped by top-level category (the shrinkage's groups); `period` is
  /// the day index (days since epoch), `promo` the share of the product's variants on a temporary
  /// promotion that day (0 or 1 for a single variant).
  PricePanel panel;
  /// Full category paths ("Home > Mugs"; "(uncategorized)" for none) and, per series, its index.
  std::vector<std::string> leaves;
  std::vector<int32_t> leaf;
};

/// Builds the panel over the snapshot's complete days: one series per product id (SKUs without
/// one are their own product), from its first sale. Per day: units = the variants' units sold;
/// price = the variants' prices averaged with their share of the product's units as weights,
/// where a variant's price is its quantity-weighted mean selling price when it sold that day,
/// else the promotional price of a temporary promotion (one with an end; it runs on the days
/// between its start and end instants) running that day, else its regular price: its last
/// selling price on a day without a temporary promotion or the price of a permanent price change
/// (a promotion without an end) starting since, carried forward, then backward, else the catalog
/// price. A day on which any variant was censored (no sales while out of stock,
/// forecast/demand_series.h) is left out and counted; so is one without any known price.
/// FailedPrecondition when the snapshot holds no complete day of sales.
Result<DailyPricePanel> BuildStoreDailyPanel(const Snapshot& snapshot);

}  // namespace mercato::pricing
