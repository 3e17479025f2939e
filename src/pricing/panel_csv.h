// Reading a long price panel CSV
// (`sku,store,period,units,price[,promo][,feature][,category][,<covariate>…]`),
// e.g. public scanner data, into a price panel.
#pragma once

#include <string>

#include "common/status.h"
#include "pricing/price_panel.h"

namespace mercato::pricing {

/// Reads the panel (plain, .gz or .zst). The header names the columns in any order: sku, store,
/// period (an integer week number), units (a finite number >= 0) and price (a finite number > 0)
/// are required; promo and feature (finite numbers: a 0/1 flag or a share) are optional, and so
/// is category (text, the same on every row of a sku in a store: the series whose prices its
/// cross-price index averages, pricing/cross_price.h; without it a store's SKUs are one
/// category); every other column is a named covariate (a finite number). One series per (sku,
/// store), grouped by sku; its rows in period order. Errors are InvalidArgument naming the file,
/// line, field and what was expected: a missing required column, a duplicate column, a row with the
/// wrong number of fields, a bad value, a (sku, store, period) given twice, a sku and store whose
/// rows name different categories, or a file without rows.
Result<PricePanel> ReadPanelCsv(const std::string& path);

}  // namespace mercato::pricing
