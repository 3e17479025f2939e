// Title SKUs of SKU-less order lines link to their product by handle, then by title.
#include "domain/title_sku_links.h"

#include <gtest/gtest.h>

namespace mercato {
namespace {

Product MakeProduct(std::string sku, std::string handle, std::string title) {
  Product p;
  p.sku = std::move(sku);
  p.product_id = std::move(handle);
  p.title = std::move(title);
  return p;
}

TEST(TitleSkuLinks, LinksByHandleThenTitleAndLeavesOthersAlone) {
  TitleSkuLinks links;
  links.Add(MakeProduct("GB-1", "gift-box", "Coffee Lover Gift Box"));
  links.Add(MakeProduct("GB-2", "gift-box", "Coffee Lover Gift Box"));
  links.Add(MakeProduct("MUG-1", "mug", "Gift Box"));  // its title slugs like GB's handle
  EXPECT_EQ(links.Link("title:coffee-lover-gift-box"), "GB-1");
  EXPECT_EQ(links.Link("title:gift-box"), "GB-1");  // the handle wins over MUG-1's title
  EXPECT_EQ(links.Link("title:mug"), "MUG-1");
  EXPECT_EQ(links.Link("title:gift-wrapping"), std::nullopt);
  EXPECT_EQ(links.Link("GB-2"), std::nullopt);  // not a title SKU
}

}  // namespace
}  // namespace mercato
