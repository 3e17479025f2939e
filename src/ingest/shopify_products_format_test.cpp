// Tests of the shopify-products importer (legacy and current layouts) and of StripHtml.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "ingest/import_test_util.h"
#include "ingest/shopify_common.h"

namespace mercato {
namespace {

using shopify::StripHtml;
using testing::CountOf;
using testing::FreshDir;
using testing::FreshStore;
using testing::Import;
using testing::WriteFile;

const std::string kData = MERCATO_SOURCE_DIR "/tests/data/shopify/";
const std::string kImages = "https://cdn.shopify.com/s/files/1/0000/0001/products/";

std::map<std::string, Product> ProductsBySku(Store& store) {
  std::map<std::string, Product> out;
  for (Product& p : testing::All<Product>(store)) out[p.sku] = p;
  return out;
}

TEST(ShopifyProducts, ImportsTheLegacyLayout) {
  const std::string dir = FreshDir();
  auto store = FreshStore(dir);
  const ImportReport r = Import(*store, "shopify-products", {kData + "products_export_legacy.csv"});
  ASSERT_TRUE(r.ok()) << r.aborted;
  EXPECT_EQ(r.rows_read, 9);
  EXPECT_EQ(r.rows_imported, 7);
  EXPECT_EQ(r.rows_excluded, 2);
  EXPECT_EQ(r.details.at("excluded.image_only"), 2);
  EXPECT_EQ(r.details.at("derived_skus"), 1);
  EXPECT_EQ(CountOf(*store, EntityKind::kProduct), 7);

  auto products = ProductsBySku(*store);
  const Product& shirt = products["LS-M-BLU"];
  EXPECT_EQ(shirt.product_id, "linen-shirt");
  EXPECT_EQ(shirt.title, "Linen Shirt - M / Blue");
  EXPECT_EQ(shirt.description,
            "Breathable 100% linen shirt & a relaxed fit.\nMachine washable at 30\u00B0C\n"
            "Made in Portugal");
  EXPECT_EQ(shirt.brand, "Northwind Apparel");
  EXPECT_EQ(shirt.category, "Apparel & Accessories > Clothing > Shirts & Tops");
  EXPECT_EQ(nlohmann::json::parse(shirt.attributes),
            nlohmann::json({{"Size", "M"}, {"Color", "Blue"}}));
  EXPECT_EQ(shirt.tags, "linen,summer,men");
  EXPECT_DOUBLE_EQ(shirt.price.value(), 45.0);
  EXPECT_DOUBLE_EQ(shirt.compare_at_price.value(), 55.0);
  EXPECT_DOUBLE_EQ(shirt.cost.value(), 18.5);
  EXPECT_EQ(shirt.status, "active");
  EXPECT_EQ(shirt.image_url, kImages + "linen-shirt-blue.jpg?v=1700000001");
  EXPECT_EQ(shirt.inventory_quantity.value_or(-1), 12);
  EXPECT_EQ(shirt.url, "");

  // Later variant rows take the product fields of the handle's first row.
  const Product& white = products["LS-L-WHT"];
  EXPECT_EQ(white.title, "Linen Shirt - L / White");
  EXPECT_EQ(white.brand, "Northwind Apparel");
  EXPECT_EQ(white.status, "active");
  EXPECT_EQ(white.image_url, kImages + "linen-shirt-white.jpg?v=1700000002");  // variant image
  EXPECT_EQ(white.inventory_quantity.value_or(-1), 0);
  EXPECT_FALSE(white.compare_at_price.has_value());

  ASSERT_EQ(products.count("linen-shirt/m/white"), 1u);  // no Variant SKU
  const Product& derived = products["linen-shirt/m/white"];
  EXPECT_EQ(derived.title, "Linen Shirt - M / White");
  EXPECT_EQ(derived.attributes, R"({"Color":"White","Size":"M"})");

  const Product& socks = products["WS-001"];  // one variant, "Default Title"
  EXPECT_EQ(socks.title, "Wool Socks");
  EXPECT_EQ(socks.attributes, "");
  EXPECT_EQ(socks.category, "Socks");  // no Product Category: the Type
  EXPECT_EQ(socks.tags, "wool,winter");
  EXPECT_EQ(socks.description, "Merino blend\nSizes 36\u201346\nPack of 2");

  const Product& shoe = products["TRS-10"];
  EXPECT_EQ(shoe.title, "Trail Runner Shoe - 10");
  EXPECT_EQ(shoe.status, "draft");
  EXPECT_EQ(shoe.attributes, R"({"Size":"10"})");
  EXPECT_EQ(shoe.description,
            "Grippy soles for wet trails \u2014 \u2714 tested &c.\nFits true to size");
  EXPECT_EQ(products["TRS-11"].inventory_quantity.value_or(0), -2);  // oversold

  EXPECT_EQ(products["CUP-ESP"].status, "archived");
  EXPECT_EQ(products["CUP-ESP"].title, "Espresso Cup (discontinued)");
  EXPECT_EQ(products["CUP-ESP"].description, "");
}

TEST(ShopifyProducts, ImportsTheCurrentLayout) {
  const std::string dir = FreshDir();
  auto store = FreshStore(dir);
  const ImportReport r = Import(*store, "shopify-products", {kData + "products_export.csv"});
  ASSERT_TRUE(r.ok()) << r.aborted;
  EXPECT_EQ(r.rows_read, 5);
  EXPECT_EQ(r.rows_imported, 4);
  EXPECT_EQ(r.details.at("excluded.image_only"), 1);
  EXPECT_EQ(CountOf(*store, EntityKind::kProduct), 4);

  auto products = ProductsBySku(*store);
  const Product& mug = products["MUG-SPK"];
  EXPECT_EQ(mug.product_id, "ceramic-mug");
  EXPECT_EQ(mug.title, "Ceramic Mug - Speckled");
  EXPECT_EQ(mug.description,
            "Hand-thrown stoneware \u2013 holds 350 ml.\nDishwasher & microwave safe.");
  EXPECT_EQ(mug.category, "Home & Garden > Kitchen & Dining > Tableware > Drinkware > Mugs");
  EXPECT_EQ(mug.attributes, R"({"Color":"Speckled"})");
  EXPECT_EQ(mug.status, "active");  // "Active" in the file
  EXPECT_DOUBLE_EQ(mug.cost.value(), 6.2);
  EXPECT_EQ(mug.inventory_quantity.value_or(-1), 40);

  const Product& charcoal = products["MUG-CHR"];
  EXPECT_EQ(charcoal.title, "Ceramic Mug - Charcoal");
  EXPECT_EQ(charcoal.image_url, kImages + "mug-speckled.jpg");  // no variant image: the product's
  EXPECT_EQ(charcoal.inventory_quantity.value_or(-1), 0);

  const Product& tote = products["TB-NAT"];
  EXPECT_EQ(tote.title, "Canvas Tote Bag");
  EXPECT_EQ(tote.description,
            "Heavy cotton canvas, 10\" \u00D7 14\". Holds up to 12 kg & more &bogus; or &#xZZ; "
            "stays.");
  EXPECT_DOUBLE_EQ(tote.compare_at_price.value(), 30.0);
  EXPECT_EQ(tote.tags, "");

  EXPECT_EQ(products["SCK-01"].title, "Shoe Care Kit, Deluxe");
  EXPECT_EQ(products["SCK-01"].description, "What's inside\nBrush\nWax");
}

const std::string kHeader =
    "Handle,Title,Option1 Name,Option1 Value,Variant SKU,Variant Price,Status,Image Src\n";

TEST(ShopifyProducts, BadValuesAreRowErrorsNamingTheColumn) {
  const std::string dir = FreshDir();
  auto store = FreshStore(dir);
  const std::string path = WriteFile(dir, "products.csv",
                                     kHeader +
                                         "cap,Cap,Size,S,CAP-S,12.00,published,\n"
                                         "cap,,,M,CAP-M,12.00,,\n"
                                         ",Hat,Title,Default Title,HAT,9.00,active,\n"
                                         "scarf,Scarf,Title,Default Title,SCARF,nine,active,\n"
                                         "scarf,,,,,,,https://example.com/scarf-2.jpg\n");
  const ImportReport r = Import(*store, "shopify-products", {path});
  ASSERT_TRUE(r.ok()) << r.aborted;
  EXPECT_EQ(r.rows_skipped, 3);
  EXPECT_EQ(r.rows_excluded, 1);
  ASSERT_EQ(r.errors.size(), 3u);
  EXPECT_EQ(r.errors[0].line, 2u);
  EXPECT_EQ(r.errors[0].column, "Status");
  EXPECT_EQ(r.errors[1].column, "Handle");
  EXPECT_EQ(r.errors[2].column, "Variant Price");
  // The good variant of "cap" still has the product's title, and keeps its suffix: the product
  // has two variant rows even though one was bad.
  auto products = ProductsBySku(*store);
  ASSERT_EQ(products.size(), 1u);
  EXPECT_EQ(products["CAP-M"].title, "Cap - M");
  EXPECT_EQ(products["CAP-M"].attributes, R"({"Size":"M"})");
}

TEST(ShopifyProducts, MissingHandleColumnAbortsNamingIt) {
  const std::string dir = FreshDir();
  auto store = FreshStore(dir);
  const std::string path =
      WriteFile(dir, "products.csv", "Title,Variant SKU,Variant Price\nCap,CAP,12.00\n");
  const ImportReport r = Import(*store, "shopify-products", {path});
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.aborted.find("missing required column 'Handle'"), std::string::npos) << r.aborted;
  EXPECT_EQ(CountOf(*store, EntityKind::kProduct), 0);
}

TEST(ShopifyStripHtml, PlainTextKeepsItsWordsWithWhitespaceCollapsed) {
  EXPECT_EQ(StripHtml(""), "");
  EXPECT_EQ(StripHtml("Just text"), "Just text");
  EXPECT_EQ(StripHtml("  a \n\t b  \r\n"), "a b");
  EXPECT_EQ(StripHtml("a < b and 3<4 <3 x<=y"), "a < b and 3<4 <3 x<=y");
}

TEST(ShopifyStripHtml, NestedAndInlineTags) {
  EXPECT_EQ(StripHtml("<div><p>One <b><i>two</i></b></p><p>three</p></div>"), "One two\nthree");
  EXPECT_EQ(StripHtml("un<b>believ</b>able"), "unbelievable");  // inline tags join words
  EXPECT_EQ(StripHtml("<P CLASS=x>Upper</P><DIV>case</DIV>"), "Upper\ncase");
}

TEST(ShopifyStripHtml, BlockElementsEndLines) {
  EXPECT_EQ(StripHtml("<h1>Title</h1><ul><li>One</li><li>Two</li></ul>Tail<br>End<br/>!"),
            "Title\nOne\nTwo\nTail\nEnd\n!");
  EXPECT_EQ(StripHtml("<p>a</p>\n\n<p></p><p> b </p>"), "a\nb");
  EXPECT_EQ(StripHtml("<table><tr><td>a</td><td>b</td></tr><tr><th>c</th></tr></table>"), "a b\nc");
}

TEST(ShopifyStripHtml, AttributesMayContainGreaterThan) {
  EXPECT_EQ(StripHtml(R"(<a href="x?a>b" title='c>d'>link</a> after)"), "link after");
  EXPECT_EQ(StripHtml(R"(<img alt=don't src=x.png>ok)"), "ok");  // unquoted: no quoting
  EXPECT_EQ(StripHtml(R"(<span data-x = "1>2">v</span>)"), "v");
}

TEST(ShopifyStripHtml, UnclosedTagsEndTheText) {
  EXPECT_EQ(StripHtml("Hello <b"), "Hello");
  EXPECT_EQ(StripHtml("<p>Hi</p"), "Hi");
  EXPECT_EQ(StripHtml(R"(before <a href="x>after)"), "before");
  EXPECT_EQ(StripHtml("<b>bold never closed"), "bold never closed");
  EXPECT_EQ(StripHtml("<"), "<");
  EXPECT_EQ(StripHtml("</"), "");
}

TEST(ShopifyStripHtml, ScriptStyleAndCommentsAreDropped) {
  EXPECT_EQ(StripHtml("a<script>var x = '</p>'; if (a<b) {}</script>b<STYLE>p{}</STYLE >c"), "abc");
  EXPECT_EQ(StripHtml("a<script>alert(1)"), "a");
  EXPECT_EQ(StripHtml("a<script>x</script"), "a");
  EXPECT_EQ(StripHtml("a<!-- <p>hidden</p> -->b"), "ab");
  EXPECT_EQ(StripHtml("a<!-- never closed <p>x</p>"), "a");
  EXPECT_EQ(StripHtml("<!DOCTYPE html><?xml version='1.0'?>x"), "x");
}

TEST(ShopifyStripHtml, EntitiesAreDecoded) {
  EXPECT_EQ(StripHtml("&amp; &lt; &gt; &quot; &#39; &apos;"), "& < > \" ' '");
  EXPECT_EQ(StripHtml("&lt;b&gt;not a tag&lt;/b&gt;"), "<b>not a tag</b>");
  EXPECT_EQ(StripHtml("&#8212;&#x2014;&#X2014;"), "\u2014\u2014\u2014");
  EXPECT_EQ(StripHtml("a&nbsp;&nbsp;b&#160;c"), "a b c");
  EXPECT_EQ(StripHtml("caf&#233; &euro;5 &#x1F600;"), "caf\u00E9 \u20AC5 \U0001F600");
}

TEST(ShopifyStripHtml, MalformedEntitiesStayAsText) {
  for (const char* text : {"&bogus;", "&amp", "& alone;", "&#xZZ;", "&#;", "&#x;", "&#0;",
                           "&#1114112;", "&#55296;", "&#99999999;", "&;", "AT&T", "&AMP;"}) {
    EXPECT_EQ(StripHtml(text), text);
  }
  EXPECT_EQ(StripHtml("&&amp;"), "&&");
}

TEST(ShopifyStripHtml, InvalidUtf8IsRepaired) {
  EXPECT_EQ(StripHtml("caf\xE9 <b>ok</b>"), "caf\uFFFD ok");
  EXPECT_EQ(StripHtml(std::string("a\0b", 3)), "ab");
}

TEST(ShopifyCommon, CustomerIdsComeFromTheNormalizedEmail) {
  const std::string id = shopify::CustomerIdFromEmail("jane@example.com");
  EXPECT_EQ(id.size(), 8u + 16u);
  EXPECT_EQ(id.substr(0, 8), "shopify:");
  EXPECT_EQ(shopify::CustomerIdFromEmail(" Jane@Example.COM "), id);
  EXPECT_NE(shopify::CustomerIdFromEmail("jane@example.org"), id);
  // A fixed value: the id must never change between releases, or re-imports would duplicate.
  EXPECT_EQ(shopify::CustomerIdFromEmail("jane.doe@example.com"), "shopify:86e0b9e56c17cc4d");
}

TEST(ShopifyCommon, EmailsSlugsAndTags) {
  EXPECT_EQ(shopify::NormalizeEmail(" Bob@Example.NET ").value(), "bob@example.net");
  EXPECT_EQ(shopify::NormalizeEmail("").value(), "");
  for (const char* bad : {"bob", "@example.com", "bob@", "a@b@c", "bob smith@example.com"}) {
    EXPECT_FALSE(shopify::NormalizeEmail(bad).ok()) << bad;
  }
  EXPECT_EQ(shopify::Slug("Tee, M / Blue"), "tee-m-blue");
  EXPECT_EQ(shopify::Slug("  --Caf\u00E9 Cr\u00E8me!! "), "caf\u00E9-cr\u00E8me");
  EXPECT_EQ(shopify::Slug("!!!"), "");
  EXPECT_EQ(shopify::NormalizeTags(" vip, , wholesale ,"), "vip,wholesale");
  EXPECT_EQ(shopify::NormalizeTags(""), "");
}

}  // namespace
}  // namespace mercato
