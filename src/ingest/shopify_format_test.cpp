// Tests of the "shopify" import format: exports told by their header, folders, any order.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "ingest/import_test_util.h"
#include "ingest/shopify_export_kind.h"

namespace mercato {
namespace {

using testing::FreshDir;
using testing::FreshStore;
using testing::Import;
using testing::StoreFingerprint;

const std::string kShopifyExports = MERCATO_SOURCE_DIR "/tests/data/shopify/";

// A folder of its own inside the test's fresh directory (FreshDir gives one per test).
std::string Subfolder(const std::string& dir, const std::string& name) {
  std::filesystem::create_directories(dir + "/" + name);
  return dir + "/" + name;
}

std::string Read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The fingerprint of a store made by importing each export with its own format, in the order
// products, orders, customers.
std::string ReferenceFingerprint(const std::string& dir) {
  auto store = FreshStore(Subfolder(dir, "reference"));
  EXPECT_TRUE(Import(*store, "shopify-products", {kShopifyExports + "products_export.csv"}).ok());
  EXPECT_TRUE(Import(*store, "shopify-orders", {kShopifyExports + "orders_export.csv"}).ok());
  EXPECT_TRUE(Import(*store, "shopify-customers", {kShopifyExports + "customers_export.csv"}).ok());
  return StoreFingerprint(*store);
}

TEST(ShopifyExportKind, TellsEachExportByItsHeaderInBothLayouts) {
  using shopify::ExportKind;
  const std::pair<std::string, ExportKind> cases[] = {
      {"orders_export.csv", ExportKind::kOrders},
      {"products_export.csv", ExportKind::kProducts},
      {"products_export_legacy.csv", ExportKind::kProducts},
      {"customers_export.csv", ExportKind::kCustomers},
      {"customers_export_legacy.csv", ExportKind::kCustomers},
  };
  for (const auto& [file, kind] : cases) {
    const auto detected = shopify::DetectExportFile(kShopifyExports + file);
    ASSERT_TRUE(detected.ok()) << file << ": " << detected.status().ToString();
    EXPECT_EQ(detected.value(), kind) << file;
  }
  const std::string dir = FreshDir();
  const auto other = shopify::DetectExportFile(testing::WriteFile(dir, "x.csv", "sku,qty\na,1\n"));
  ASSERT_FALSE(other.ok());
  EXPECT_NE(other.status().message().find("not one of Shopify's exports"), std::string::npos);
}

TEST(ShopifyFormat, AFolderOfRenamedExportsImportsAsEachFormatInDependencyOrder) {
  const std::string dir = FreshDir();
  const std::string want = ReferenceFingerprint(dir);
  const std::string in = Subfolder(dir, "exports");
  // Names that say nothing, in an order that would import customers first.
  testing::WriteFile(in, "a.csv", Read(kShopifyExports + "customers_export.csv"));
  testing::WriteFile(in, "b.csv", Read(kShopifyExports + "orders_export.csv"));
  testing::WriteFile(in, "c.csv", Read(kShopifyExports + "products_export.csv"));
  testing::WriteFile(in, "notes.txt", "not a csv");
  testing::WriteFile(in, "inventory.csv", "Handle,Location,Available\nmug,Main,3\n");
  auto store = FreshStore(Subfolder(dir, "store"));
  const ImportReport r = Import(*store, "shopify", {in});
  ASSERT_TRUE(r.ok()) << r.aborted;
  EXPECT_EQ(StoreFingerprint(*store), want);
  // The CSV that is no export is named in a warning (others may say which time zone was used).
  EXPECT_EQ(std::count_if(r.warnings.begin(), r.warnings.end(),
                          [](const std::string& w) {
                            return w.find("ignored file") != std::string::npos &&
                                   w.find("inventory.csv") != std::string::npos;
                          }),
            1);
  EXPECT_EQ(std::count_if(
                r.warnings.begin(), r.warnings.end(),
                [](const std::string& w) { return w.find("ignored file") != std::string::npos; }),
            1);
}

TEST(ShopifyFormat, FilesInAnyOrderAndNamedTwiceGiveTheSameStore) {
  const std::string dir = FreshDir();
  const std::string want = ReferenceFingerprint(dir);
  auto store = FreshStore(Subfolder(dir, "store"));
  const ImportReport r =
      Import(*store, "shopify",
             {kShopifyExports + "customers_export.csv", kShopifyExports + "orders_export.csv",
              kShopifyExports + "products_export.csv", kShopifyExports + "orders_export.csv"});
  ASSERT_TRUE(r.ok()) << r.aborted;
  EXPECT_EQ(StoreFingerprint(*store), want);
}

TEST(ShopifyFormat, AFileThatIsNoExportAbortsAndWritesNothing) {
  const std::string dir = FreshDir();
  const std::string other = testing::WriteFile(dir, "stock.csv", "sku,qty\na,1\n");
  auto store = FreshStore(Subfolder(dir, "store"));
  const ImportReport r =
      Import(*store, "shopify", {kShopifyExports + "products_export.csv", other});
  EXPECT_FALSE(r.ok());
  ASSERT_FALSE(r.errors.empty());
  EXPECT_EQ(r.errors[0].file, other);
  EXPECT_EQ(testing::CountOf(*store, EntityKind::kProduct), 0);
}

TEST(ShopifyFormat, AFolderWithoutExportsIsAnError) {
  const std::string dir = FreshDir();
  const std::string in = Subfolder(dir, "exports");
  testing::WriteFile(in, "stock.csv", "sku,qty\na,1\n");
  auto store = FreshStore(Subfolder(dir, "store"));
  const ImportReport r = Import(*store, "shopify", {in});
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.aborted.find("no Shopify export in this folder"), std::string::npos) << r.aborted;
}

}  // namespace
}  // namespace mercato
