// The synthetic store written as Shopify's three standard exports (products, orders, customers),
// with what a real Shopify store adds planted on top and written down as truth: products with
// size variants, a product sold without a SKU, archived and draft products, guest checkouts,
// POS orders, refunds, HTML descriptions, image-only rows, local times with US Eastern offsets.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"

namespace mercato::synth {

/// The store's time zone in the exports: US Eastern (America/New_York).
inline constexpr std::string_view kShopifyTimeZone = "America/New_York";

/// UTC offset in seconds of US Eastern time at `ts`: −4 h from the second Sunday of March, 2:00
/// local, to the first Sunday of November, 2:00 local (the US rule since 2007), else −5 h.
int64_t UsEasternOffset(int64_t ts);

/// `ts` as Shopify writes it: "2024-04-28 07:43:12 -0400", in US Eastern time.
std::string FormatShopifyTime(int64_t ts);

struct ShopifyExportSummary {
  std::vector<std::pair<std::string, int64_t>> rows;  // file name → data rows
};

/// Reads the generic-format store in `generic_dir` (as GenerateStore writes it) and writes into
/// `out_dir`: products_export.csv (legacy layout, one row per variant plus image-only rows),
/// orders_export.csv (one row per line item, newest order first, names #1001…),
/// customers_export.csv (current layout), and into `out_dir`/truth the truth of the Shopify
/// layer: truth_shopify_customers.csv (synthetic id, email, Shopify customer id, guest, size),
/// truth_shopify_orders.csv (synthetic id, name, Shopify order id, customer's email) and
/// truth_shopify.json (time zone, archived, draft and SKU-less products, variant SKUs per
/// product; a draft product is added, never sold). The same input gives byte-identical files.
Status WriteShopifyExports(const std::string& generic_dir, const std::string& out_dir,
                           ShopifyExportSummary* summary);

}  // namespace mercato::synth
