// One scan of products and one of order lines, after the import's commit.
#include "ingest/title_line_links.h"

#include <string>
#include <vector>

#include "domain/title_sku_links.h"

namespace mercato {

Status WarnUnlinkedTitleLines(Store& store, ImportReport& report) {
  constexpr size_t kExamples = 3;
  TitleSkuLinks links;
  RETURN_IF_ERROR(ScanAll<Product>(store, [&](const Product& p) {
    links.Add(p);
    return Status::Ok();
  }));
  int64_t unlinked = 0;
  std::vector<std::string> examples;
  RETURN_IF_ERROR(ScanAll<OrderLine>(store, [&](const OrderLine& l) {
    if (!TitleSkuLinks::IsTitleSku(l.sku) || links.Link(l.sku)) return Status::Ok();
    ++unlinked;
    if (examples.size() < kExamples) examples.push_back("order " + l.order_id + " " + l.sku);
    return Status::Ok();
  }));
  if (unlinked == 0) return Status::Ok();
  report.details["order_lines.title_unlinked"] = unlinked;
  std::string warning = std::to_string(unlinked) +
                        (unlinked == 1 ? " order line has" : " order lines have") +
                        " no SKU and no product whose handle or title matches its title, so it "
                        "joins no product (e.g. ";
  for (size_t i = 0; i < examples.size(); ++i) warning += (i > 0 ? ", " : "") + examples[i];
  warning += "); give the line a SKU, or import the product with that title or handle";
  report.warnings.push_back(std::move(warning));
  return Status::Ok();
}

}  // namespace mercato
