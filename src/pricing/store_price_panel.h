// A store's weekly price panel from the dataset snapshot: per product (its variants pooled), the
// weeks since its first sale with units, average selling price, promotion share and holidays,
// out-of-stock weeks left out.
#pragma once

#include "common/status.h"
#include "dataset/snapshot.h"
#include "pricing/price_panel.h"

namespace mercato::pricing {

/// Builds the panel: one series per product id (SKUs without one are their own product), grouped
/// by top-level category (products without one in "(uncategorized)"). Per week (Monday-based):
/// units = the variants' units sold; price = their quantity-weighted mean selling price, or, in a
/// week without a priced sale, the last observed regular price (price / (1 − promotion depth)),
/// else the next one, else the catalog price, times (1 − that week's promotion depth); promo =
/// the share of the week's days a temporary promotion (one with an end) runs, averaged over the
/// variants; the covariate "holidays" = holiday days in the week (the store's main country) when
/// it varies. Weeks in which any variant was censored (no sales while out of stock on at least
/// half of the days, forecast/demand_series.h) are left out and counted. FailedPrecondition when
/// the snapshot holds no complete week of sales.
Result<PricePanel> BuildStorePricePanel(const Snapshot& snapshot);

}  // namespace mercato::pricing
