// The import warns about order lines without a SKU that no product's handle or title links to.
#include "ingest/title_line_links.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ingest/import_test_util.h"

namespace mercato {
namespace {

using namespace mercato::testing;

// The report's warnings about order lines without a SKU (the folder's other files are ignored,
// with warnings of their own).
std::vector<std::string> TitleWarnings(const ImportReport& report) {
  std::vector<std::string> out;
  for (const std::string& w : report.warnings) {
    if (w.find("no SKU") != std::string::npos) out.push_back(w);
  }
  return out;
}

TEST(TitleLineLinks, ImportWarnsAboutLinesNoProductNames) {
  const std::string dir = FreshDir();
  auto store = FreshStore(dir);
  WriteFile(dir, "products.csv", "sku,product_id,title\nGB-1,gift-box,Coffee Lover Gift Box\n");
  WriteFile(dir, "orders.csv",
            "id,customer_id,ts\no1,c1,2024-01-01T10:00:00Z\no2,c1,2024-01-02T10:00:00Z\n");
  WriteFile(dir, "order_lines.csv",
            "order_id,line_no,sku,quantity\no1,1,title:coffee-lover-gift-box,1\n"
            "o1,2,title:gift-wrapping,1\no2,1,title:gift-wrapping,1\no2,2,GB-1,1\n");
  const ImportReport report = Import(*store, "generic", {dir});
  ASSERT_TRUE(report.ok()) << report.aborted;
  EXPECT_EQ(report.details.at("order_lines.title_unlinked"), 2);
  const std::vector<std::string> warnings = TitleWarnings(report);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("2 order lines have no SKU"), std::string::npos) << warnings[0];
  EXPECT_NE(warnings[0].find("order o1 title:gift-wrapping"), std::string::npos);
  EXPECT_EQ(warnings[0].find("coffee-lover"), std::string::npos);  // that one links
}

TEST(TitleLineLinks, NoWarningWhenEveryLineLinks) {
  const std::string dir = FreshDir();
  auto store = FreshStore(dir);
  WriteFile(dir, "products.csv", "sku,product_id,title\nGB-1,gift-box,Coffee Lover Gift Box\n");
  WriteFile(dir, "orders.csv", "id,customer_id,ts\no1,c1,2024-01-01T10:00:00Z\n");
  WriteFile(dir, "order_lines.csv", "order_id,line_no,sku,quantity\no1,1,title:gift-box,1\n");
  const ImportReport report = Import(*store, "generic", {dir});
  ASSERT_TRUE(report.ok()) << report.aborted;
  EXPECT_TRUE(TitleWarnings(report).empty());
  EXPECT_EQ(report.details.count("order_lines.title_unlinked"), 0u);
}

}  // namespace
}  // namespace mercato
