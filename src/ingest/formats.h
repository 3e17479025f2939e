// Factories of the importers, one per source format (each defined in its own file).
#pragma once

#include <memory>

#include "ingest/importer.h"

namespace mercato {

std::unique_ptr<Importer> MakeGenericImporter();
std::unique_ptr<Importer> MakeOnlineRetailImporter();
std::unique_ptr<Importer> MakeInteractionsImporter();
/// "shopify-orders": Shopify's order export, one row per line item.
std::unique_ptr<Importer> MakeShopifyOrdersImporter();
/// "shopify-products": Shopify's product CSV, legacy and current layouts, one row per variant.
std::unique_ptr<Importer> MakeShopifyProductsImporter();
/// "shopify-customers": Shopify's customer export, legacy and current layouts.
std::unique_ptr<Importer> MakeShopifyCustomersImporter();
/// "shopify": any of Shopify's three exports, each told by its header; folders are searched for
/// them; products are imported first and customers last, whatever the order given.
std::unique_ptr<Importer> MakeShopifyImporter();

}  // namespace mercato
