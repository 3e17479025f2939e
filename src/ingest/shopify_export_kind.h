// Which of Shopify's three standard exports a CSV file is, told from its header, so that
// `mercato import --format shopify` takes a folder or files in any order and any file names.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/csv_columns.h"
#include "common/status.h"

namespace mercato::shopify {

/// The exports, in the order they are imported: the customers export last, because it is the
/// most complete account of a customer and the orders export would otherwise overwrite it with
/// what a billing address says.
enum class ExportKind { kProducts = 0, kOrders = 1, kCustomers = 2 };

/// The export a header belongs to (current and legacy layouts), or nullopt:
/// - orders: `Name` and `Lineitem name`;
/// - products: `Handle` or `URL handle`, with `Title`;
/// - customers: `Customer ID`, or `Email` with `Accepts Email Marketing` / `Accepts Marketing`
///   and no line-item columns.
std::optional<ExportKind> DetectExportKind(const CsvColumns& header);

/// The import format of each export: "shopify-products", "shopify-orders", "shopify-customers".
std::string_view ImportFormatOf(ExportKind kind);

/// Reads the header of `path` (plain, .gz or .zst) and detects its export; an error when the file
/// cannot be read or its header is none of the three (naming the columns each one needs).
Result<ExportKind> DetectExportFile(const std::string& path);

}  // namespace mercato::shopify
