// Tests of the synthetic store written as Shopify's exports: the time zone, determinism, and
// that every planted Shopify fact (variants, sizes, guests, archived, draft and SKU-less
// products, names, money) is in the files and in the truth.
#include "synth/shopify_export.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "common/time.h"
#include "synth/csv_table_test_util.h"
#include "synth/generator.h"

namespace mercato::synth {
namespace {

Timestamp At(const char* text) {
  const auto ts = ParseTimestamp(text);
  EXPECT_TRUE(ts.ok()) << text;
  return ts.ok() ? ts.value() : 0;
}

// Whether `text` matches `pattern`, where '9' stands for any digit and every other character for
// itself ("9.99" matches "0.50"). (std::regex trips GCC 12's uninitialized-use warning under the
// sanitizers.)
bool Shaped(std::string_view text, std::string_view pattern) {
  if (text.size() != pattern.size()) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    const bool digit = text[i] >= '0' && text[i] <= '9';
    if (pattern[i] == '9' ? !digit : text[i] != pattern[i]) return false;
  }
  return true;
}

// An amount with two decimals: "52.80", "1013.40".
bool IsCents(std::string_view text) {
  const size_t dot = text.find('.');
  return dot != std::string_view::npos && dot > 0 && Shaped(text, std::string(dot, '9') + ".99");
}

TEST(UsEasternTime, SwitchesAtTwoInTheMorningLocalOnTheUsDates) {
  // 2024: DST from Sunday 10 March 07:00 UTC to Sunday 3 November 06:00 UTC.
  EXPECT_EQ(UsEasternOffset(At("2024-03-10T06:59:59Z")), -5 * 3600);
  EXPECT_EQ(UsEasternOffset(At("2024-03-10T07:00:00Z")), -4 * 3600);
  EXPECT_EQ(UsEasternOffset(At("2024-11-03T05:59:59Z")), -4 * 3600);
  EXPECT_EQ(UsEasternOffset(At("2024-11-03T06:00:00Z")), -5 * 3600);
  // 2023: 12 March and 5 November.
  EXPECT_EQ(UsEasternOffset(At("2023-03-12T07:00:00Z")), -4 * 3600);
  EXPECT_EQ(UsEasternOffset(At("2023-11-05T06:00:00Z")), -5 * 3600);
  EXPECT_EQ(FormatShopifyTime(At("2024-04-28T11:43:07Z")), "2024-04-28 07:43:07 -0400");
  EXPECT_EQ(FormatShopifyTime(At("2024-01-01T03:00:00Z")), "2023-12-31 22:00:00 -0500");
  // What Shopify writes reads back as the same instant.
  EXPECT_EQ(At(FormatShopifyTime(At("2024-07-04T23:59:59Z")).c_str()), At("2024-07-04T23:59:59Z"));
}

class ShopifyExportTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // One folder per process: ctest runs the suite's tests in parallel processes.
    dir_ = ::testing::TempDir() + "/mercato_shopify_export_" + std::to_string(::getpid());
    std::filesystem::remove_all(dir_);
    SynthConfig config;
    config.customers = 400;
    config.days = 365;
    ASSERT_TRUE(GenerateStore(config, dir_ + "/generic", nullptr).ok());
    ASSERT_TRUE(WriteShopifyExports(dir_ + "/generic", dir_ + "/a", nullptr).ok());
    ASSERT_TRUE(WriteShopifyExports(dir_ + "/generic", dir_ + "/b", nullptr).ok());
  }
  static std::string dir_;
};
std::string ShopifyExportTest::dir_;

TEST_F(ShopifyExportTest, TheSameStoreGivesByteIdenticalFiles) {
  for (const char* file : {"products_export.csv", "orders_export.csv", "customers_export.csv",
                           "truth/truth_shopify.json", "truth/truth_shopify_customers.csv",
                           "truth/truth_shopify_orders.csv"}) {
    const std::string a = Slurp(dir_ + "/a/" + file);
    EXPECT_FALSE(a.empty()) << file;
    EXPECT_EQ(a, Slurp(dir_ + "/b/" + file)) << file;
  }
}

TEST_F(ShopifyExportTest, ProductsHaveVariantsImageRowsAndThePlantedStatuses) {
  const Table products = Read(dir_ + "/a/products_export.csv");
  const nlohmann::json truth = nlohmann::json::parse(Slurp(dir_ + "/a/truth/truth_shopify.json"));
  EXPECT_EQ(truth["time_zone"], "America/New_York");
  ASSERT_EQ(truth["archived_products"].size(), 2u);
  ASSERT_EQ(truth["draft_products"].size(), 1u);
  ASSERT_EQ(truth["products_without_sku"].size(), 1u);
  ASSERT_FALSE(truth["variants"].empty());

  const size_t handle = products.Col("Handle"), sku = products.Col("Variant SKU"),
               status = products.Col("Status"), image = products.Col("Image Src"),
               title = products.Col("Title"), price = products.Col("Variant Price");
  std::map<std::string, std::string> status_of;
  std::map<std::string, std::vector<std::string>> skus_of;
  std::set<std::string> with_image_row;
  for (const auto& r : products.rows) {
    if (!r[status].empty()) status_of[r[handle]] = r[status];
    if (r[price].empty()) {  // an image-only row: a handle and a picture
      EXPECT_FALSE(r[image].empty());
      EXPECT_TRUE(r[title].empty());
      with_image_row.insert(r[handle]);
      continue;
    }
    EXPECT_TRUE(IsCents(r[price])) << r[price];
    skus_of[r[handle]].push_back(r[sku]);
  }
  EXPECT_EQ(with_image_row.size(), status_of.size());
  for (const auto& h : truth["archived_products"]) EXPECT_EQ(status_of[h], "archived");
  for (const auto& h : truth["draft_products"]) EXPECT_EQ(status_of[h], "draft");
  const std::string no_sku = truth["products_without_sku"][0];
  EXPECT_EQ(skus_of[no_sku], std::vector<std::string>{""});
  for (const auto& [h, skus] : truth["variants"].items()) {
    EXPECT_EQ(skus_of[h], skus.get<std::vector<std::string>>()) << h;
    EXPECT_GE(skus.size(), 4u);
  }
}

TEST_F(ShopifyExportTest, OrdersCarryNamesLocalTimesSizesGuestsAndLinesWithoutSku) {
  const Table orders = Read(dir_ + "/a/orders_export.csv");
  const Table customers = Read(dir_ + "/a/customers_export.csv");
  const Table who = Read(dir_ + "/a/truth/truth_shopify_customers.csv");
  const Table names = Read(dir_ + "/a/truth/truth_shopify_orders.csv");
  const Table generic = Read(dir_ + "/generic/orders.csv");
  const nlohmann::json truth = nlohmann::json::parse(Slurp(dir_ + "/a/truth/truth_shopify.json"));

  // The size each customer wears, by email; the guests' ids.
  std::map<std::string, std::string> apparel_size;
  std::set<std::string> guests;
  for (const auto& r : who.rows) {
    if (r[who.Col("guest")] == "true") {
      guests.insert(r[who.Col("customer_id")]);
    } else {
      apparel_size[r[who.Col("email")]] = r[who.Col("apparel_size")];
    }
  }
  EXPECT_FALSE(guests.empty());
  EXPECT_EQ(customers.rows.size() + guests.size(), who.rows.size());

  std::map<std::string, std::string> generic_ts;  // order id → its time
  for (const auto& r : generic.rows) generic_ts[r[generic.Col("id")]] = r[generic.Col("ts")];
  std::map<std::string, std::string> created_of;  // name → Created at
  std::set<std::string> apparel_skus;
  for (const auto& [h, skus] : truth["variants"].items()) {
    if (skus[0].get<std::string>().ends_with("-S")) {
      for (const auto& s : skus) apparel_skus.insert(s);
    }
  }
  int guest_rows = 0, sized = 0, without_sku = 0;
  for (const auto& r : orders.rows) {
    const std::string& created = r[orders.Col("Created at")];
    if (!created.empty()) {
      EXPECT_TRUE(Shaped(created, "9999-99-99 99:99:99 -0400") ||
                  Shaped(created, "9999-99-99 99:99:99 -0500"))
          << created;
      created_of[r[orders.Col("Name")]] = created;
      for (const char* column : {"Subtotal", "Total", "Taxes", "Refunded Amount"}) {
        EXPECT_TRUE(IsCents(r[orders.Col(column)])) << column;
      }
    }
    const std::string& email = r[orders.Col("Email")];
    if (email.empty()) ++guest_rows;
    const std::string& sku = r[orders.Col("Lineitem sku")];
    if (sku.empty()) ++without_sku;
    if (apparel_skus.count(sku) && !email.empty()) {
      EXPECT_TRUE(sku.ends_with("-" + apparel_size[email])) << email << " " << sku;
      ++sized;
    }
  }
  EXPECT_GT(guest_rows, 0);
  EXPECT_GT(sized, 20);
  EXPECT_GT(without_sku, 0);
  // Each name's time is the generic order's instant, written in the store's zone.
  ASSERT_EQ(names.rows.size(), generic.rows.size());
  for (const auto& r : names.rows) {
    const std::string& name = r[names.Col("name")];
    ASSERT_TRUE(created_of.count(name)) << name;
    EXPECT_EQ(At(created_of[name].c_str()), At(generic_ts[r[names.Col("order_id")]].c_str()));
  }
  EXPECT_EQ(names.rows.front()[names.Col("name")], "#1001");
}

}  // namespace
}  // namespace mercato::synth
