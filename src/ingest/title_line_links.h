// The check after an import that order lines without a SKU ("title:<slug>") name a product: the
// snapshot joins each to the product whose handle or title matches (domain/title_sku_links.h);
// the lines no product matches stay apart from the catalog, and the import report says so.
#pragma once

#include "common/status.h"
#include "ingest/import_report.h"
#include "store/store.h"

namespace mercato {

/// Counts the stored order lines whose title SKU no stored product links to and, when there are
/// any, adds to `report` the detail "order_lines.title_unlinked" and one warning with the count
/// and up to three examples (order id and SKU). Store errors are returned.
Status WarnUnlinkedTitleLines(Store& store, ImportReport& report);

}  // namespace mercato
