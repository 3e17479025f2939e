// Tells Shopify's products, orders and customers exports apart by their header.
#include "ingest/shopify_export_kind.h"

#include "common/csv_reader.h"

namespace mercato::shopify {

std::optional<ExportKind> DetectExportKind(const CsvColumns& header) {
  const bool line_items = header.Find("Lineitem name") >= 0;
  if (line_items && header.Find("Name") >= 0) return ExportKind::kOrders;
  if (line_items) return std::nullopt;
  if (header.Find({"Handle", "URL handle"}) >= 0 && header.Find("Title") >= 0) {
    return ExportKind::kProducts;
  }
  if (header.Find("Customer ID") >= 0) return ExportKind::kCustomers;
  if (header.Find("Email") >= 0 &&
      header.Find({"Accepts Email Marketing", "Accepts Marketing"}) >= 0) {
    return ExportKind::kCustomers;
  }
  return std::nullopt;
}

std::string_view ImportFormatOf(ExportKind kind) {
  switch (kind) {
    case ExportKind::kProducts:
      return "shopify-products";
    case ExportKind::kOrders:
      return "shopify-orders";
    case ExportKind::kCustomers:
      return "shopify-customers";
  }
  return "";
}

Result<ExportKind> DetectExportFile(const std::string& path) {
  ASSIGN_OR_RETURN(auto reader, CsvReader::Open(path));
  ASSIGN_OR_RETURN(const bool has_header, reader->Next());
  if (!has_header) return InvalidArgument("the file is empty; expected a Shopify export's header");
  const auto kind = DetectExportKind(CsvColumns(reader->fields()));
  if (!kind) {
    return InvalidArgument(
        "not one of Shopify's exports: expected the orders export (columns Name, Lineitem name, "
        "...), the products export (Handle or URL handle, Title, ...) or the customers export "
        "(Customer ID, or Email with Accepts Email Marketing, ...)");
  }
  return *kind;
}

}  // namespace mercato::shopify
