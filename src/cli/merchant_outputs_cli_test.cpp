// End-to-end tests of the outputs a merchant acts on (issue 15 §7), on a generated Shopify
// store: the forecast's summary, titles and per-product roll-ups; the reorder plan's titles,
// suppliers (the Vendor when there is none), unit costs, order values and purchase orders per
// supplier; the ESP export's profile properties and recommended products for Klaviyo and
// Mailchimp; the dashboard's report file.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli_test_util.h"
#include "common/slug.h"

namespace mercato::testing {
namespace {

using nlohmann::json;

// The generated Shopify store of the check (400 customers, a year, seed 11), imported.
struct MerchantStore {
  std::string dir, shop, db;
};

MerchantStore ImportedShop() {
  MerchantStore s;
  s.dir = CliTestDir();
  s.shop = s.dir + "/shop";
  s.db = s.dir + "/shop.db";
  const CliRun gen = Mercato("generate --format shopify --out " + s.shop +
                             " --customers 400 --days 365 --seed 11");
  EXPECT_EQ(gen.status, 0) << gen.err;
  const CliRun imported = Mercato("import --format shopify --db " + s.db + " " + s.shop);
  EXPECT_EQ(imported.status, 0) << imported.err;
  return s;
}

double Number(const std::string& text) { return text.empty() ? 0.0 : std::stod(text); }

// Money is written with exactly two decimals.
bool IsCents(const std::string& text) {
  const size_t dot = text.find('.');
  return dot != std::string::npos && text.size() - dot == 3;
}

// The Vendor of every product in the Shopify products export, by variant SKU and by handle (the
// export gives the Vendor on a product's first row only; a product without a SKU is stored
// under its handle).
std::map<std::string, std::string> VendorsBySkuOrHandle(const std::string& products_csv) {
  const CsvTable table = ReadCsvTable(products_csv);
  std::map<std::string, std::string> vendors;
  for (const auto& row : table.rows) {
    const std::string& handle = row.at("Handle");
    if (!row.at("Vendor").empty()) vendors[handle] = row.at("Vendor");
    if (!row.at("Variant SKU").empty()) vendors[row.at("Variant SKU")] = vendors[handle];
  }
  return vendors;
}

TEST(MerchantOutputsCli, ForecastSummaryTitlesAndProductRollups) {
  const MerchantStore s = ImportedShop();
  const CliRun summary = Mercato("forecast --db " + s.db + " --horizon 8w");
  ASSERT_EQ(summary.status, 0) << summary.err << summary.out;
  EXPECT_NE(summary.out.find("for 8 weeks"), std::string::npos) << summary.out;
  EXPECT_NE(summary.out.find("store: "), std::string::npos) << summary.out;
  EXPECT_NE(summary.out.find("top 10 products by expected units:"), std::string::npos)
      << summary.out;
  EXPECT_LT(std::count(summary.out.begin(), summary.out.end(), '\n'), 20) << summary.out;

  const std::string out = s.dir + "/forecast.csv";
  const CliRun written = Mercato("forecast --db " + s.db + " --horizon 8w --out " + out);
  ASSERT_EQ(written.status, 0) << written.err << written.out;
  const CsvTable csv = ReadCsvTable(out);
  ASSERT_EQ(csv.header.size(), 12u);
  EXPECT_EQ(csv.header[0], "sku");  // the first eight columns stay where they were
  EXPECT_EQ(csv.header[7], "demand_class");
  EXPECT_EQ(csv.header[8], "title");
  // Per product and period: the sum of its SKU rows; every SKU row of a catalog SKU has a title.
  std::map<std::pair<std::string, std::string>, double> p50_sum, mean_sum, p50_rollup, mean_rollup;
  size_t sku_rows = 0, titled = 0;
  for (const auto& row : csv.rows) {
    const auto key = std::make_pair(row.at("product_id"), row.at("period_start"));
    if (row.at("level") == "sku") {
      ++sku_rows;
      titled += !row.at("title").empty();
      p50_sum[key] += Number(row.at("p50"));
      mean_sum[key] += Number(row.at("mean"));
    } else {
      ASSERT_EQ(row.at("level"), "product");
      EXPECT_TRUE(row.at("sku").empty());
      EXPECT_TRUE(row.at("p90").empty());  // quantiles do not add
      EXPECT_FALSE(row.at("title").empty());
      p50_rollup[key] = Number(row.at("p50"));
      mean_rollup[key] = Number(row.at("mean"));
    }
  }
  ASSERT_GT(sku_rows, 0u);
  EXPECT_EQ(titled, sku_rows);
  ASSERT_EQ(p50_rollup.size(), p50_sum.size());
  EXPECT_LT(p50_rollup.size(), sku_rows);  // variants roll up: fewer products than SKUs
  for (const auto& [key, sum] : p50_sum) {
    EXPECT_NEAR(p50_rollup[key], sum, 1e-6 * (1 + sum)) << key.first << " " << key.second;
    EXPECT_NEAR(mean_rollup[key], mean_sum[key], 1e-6 * (1 + sum)) << key.first;
  }
  // The detail without roll-ups, on standard output, as before plus the new columns.
  const CliRun detail = Mercato("forecast --db " + s.db + " --horizon 8w --csv --no-rollups");
  ASSERT_EQ(detail.status, 0) << detail.err;
  EXPECT_EQ(static_cast<size_t>(std::count(detail.out.begin(), detail.out.end(), '\n')),
            sku_rows + 1);

  const CliRun j = Mercato("forecast --db " + s.db + " --horizon 8w --json");
  ASSERT_EQ(j.status, 0) << j.err;
  const json body = json::parse(j.out);
  EXPECT_FALSE(body["forecasts"][0]["title"].get<std::string>().empty());
  EXPECT_EQ(body["summary"]["products"].size(), p50_rollup.size() / 8);
  EXPECT_GT(body["summary"]["revenue"].get<double>(), 0.0);
}

TEST(MerchantOutputsCli, ReorderPlanWithVendorsCostsAndPurchaseOrders) {
  const MerchantStore s = ImportedShop();
  const std::string plan_csv = s.dir + "/plan.csv", po_dir = s.dir + "/po";
  const CliRun run =
      Mercato("inventory plan --db " + s.db + " --out " + plan_csv + " --po-dir " + po_dir);
  ASSERT_EQ(run.status, 0) << run.err << run.out;
  EXPECT_NE(run.out.find("orders worth "), std::string::npos) << run.out;
  const std::map<std::string, std::string> vendors =
      VendorsBySkuOrHandle(s.shop + "/products_export.csv");
  const CsvTable plan = ReadCsvTable(plan_csv);
  ASSERT_FALSE(plan.rows.empty());
  std::map<std::string, std::vector<std::map<std::string, std::string>>> ordered_by_supplier;
  for (const auto& row : plan.rows) {
    const std::string& sku = row.at("sku");
    EXPECT_FALSE(row.at("title").empty()) << sku;
    // A Shopify store has no supplier records: the supplier is the product's Vendor.
    ASSERT_TRUE(vendors.count(sku)) << sku;
    EXPECT_EQ(row.at("supplier"), vendors.at(sku)) << sku;
    EXPECT_EQ(row.at("supplier_source"), vendors.at(sku).empty() ? "" : "vendor") << sku;
    // Order value = quantity × unit cost, to the cent.
    if (!row.at("unit_cost").empty()) {
      EXPECT_TRUE(IsCents(row.at("unit_cost"))) << row.at("unit_cost");
      ASSERT_TRUE(IsCents(row.at("order_value"))) << sku << " " << row.at("order_value");
      const long long cents = std::llround(Number(row.at("unit_cost")) * 100);
      EXPECT_EQ(std::llround(Number(row.at("order_value")) * 100),
                std::stoll(row.at("order_quantity")) * cents)
          << sku;
    }
    // No stock-out date a year or more ahead (2072 was printed).
    if (!row.at("stockout_date").empty()) {
      EXPECT_LT(row.at("stockout_date").substr(0, 4), "2027") << sku;
    }
    if (std::stoll(row.at("order_quantity")) > 0) {
      ordered_by_supplier[row.at("supplier")].push_back(row);
    }
  }
  ASSERT_GE(ordered_by_supplier.size(), 2u);
  // One purchase order per supplier, holding exactly that supplier's order lines and totals.
  size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(po_dir)) {
    ++files;
    EXPECT_EQ(entry.path().extension(), ".csv") << entry.path();
  }
  EXPECT_EQ(files, ordered_by_supplier.size());
  for (const auto& [supplier, lines] : ordered_by_supplier) {
    const std::string path =
        po_dir + "/po-" + (supplier.empty() ? "no-supplier" : Slug(supplier)) + ".csv";
    const CsvTable po = ReadCsvTable(path);
    // The Shopify store's currency (USD) closes every row.
    ASSERT_EQ(po.header,
              (std::vector<std::string>{"supplier", "sku", "title", "location", "quantity",
                                        "unit_cost", "line_value", "currency"}))
        << path;
    ASSERT_EQ(po.rows.size(), lines.size() + 1) << path;
    long long units = 0, value_cents = 0;
    for (size_t i = 0; i < lines.size(); ++i) {
      EXPECT_EQ(po.rows[i].at("supplier"), supplier);
      EXPECT_EQ(po.rows[i].at("sku"), lines[i].at("sku"));
      EXPECT_EQ(po.rows[i].at("title"), lines[i].at("title"));
      EXPECT_EQ(po.rows[i].at("quantity"), lines[i].at("order_quantity"));
      EXPECT_EQ(po.rows[i].at("line_value"), lines[i].at("order_value"));
      units += std::stoll(lines[i].at("order_quantity"));
      value_cents += std::llround(Number(lines[i].at("order_value")) * 100);
    }
    const auto& total = po.rows.back();
    EXPECT_EQ(total.at("sku"), "TOTAL");
    EXPECT_EQ(total.at("currency"), "USD");
    EXPECT_EQ(std::stoll(total.at("quantity")), units);
    EXPECT_TRUE(IsCents(total.at("line_value"))) << total.at("line_value");
    EXPECT_EQ(std::llround(Number(total.at("line_value")) * 100), value_cents) << path;
  }
}

TEST(MerchantOutputsCli, EspExportCarriesProfilePropertiesAndRecommendedProducts) {
  const MerchantStore s = ImportedShop();
  // Before training: the rows, with the products' columns empty and the reason said.
  const std::string untrained = s.dir + "/untrained.csv";
  const CliRun before = Mercato("customers export-esp --db " + s.db + " --out " + untrained);
  ASSERT_EQ(before.status, 0) << before.err;
  EXPECT_NE(before.err.find("mercato train recommend"), std::string::npos) << before.err;
  const CsvTable bare = ReadCsvTable(untrained);
  ASSERT_FALSE(bare.rows.empty());
  EXPECT_TRUE(bare.rows[0].at("rec_1_title").empty());

  ASSERT_EQ(Mercato("train recommend --db " + s.db).status, 0);
  const std::string klaviyo = s.dir + "/klaviyo.csv";
  const CliRun run = Mercato("customers export-esp --db " + s.db + " --out " + klaviyo);
  ASSERT_EQ(run.status, 0) << run.err;
  EXPECT_EQ(run.err.find("no recommended products"), std::string::npos) << run.err;
  const CsvTable csv = ReadCsvTable(klaviyo);
  const std::vector<std::string> properties = {
      "Email",       "First Name",      "Last Name",     "segment",           "clv",
      "p_alive",     "next_order_date", "winback_start", "churn_probability", "aov",
      "order_count", "last_order_date", "stage"};
  // The products' columns, then the store's currency (the orders' USD) after every other one.
  ASSERT_EQ(csv.header.size(), properties.size() + 3 * 4 + 1);
  for (size_t i = 0; i < properties.size(); ++i) EXPECT_EQ(csv.header[i], properties[i]);
  EXPECT_EQ(csv.header[csv.header.size() - 2], "rec_3_price");
  EXPECT_EQ(csv.header.back(), "currency");
  ASSERT_EQ(csv.rows.size(), bare.rows.size());  // the same consented customers
  size_t full = 0;
  for (const auto& row : csv.rows) {
    EXPECT_NE(row.at("Email").find('@'), std::string::npos);
    EXPECT_EQ(row.at("currency"), "USD");
    EXPECT_TRUE(IsCents(row.at("clv"))) << row.at("clv");
    EXPECT_TRUE(IsCents(row.at("aov"))) << row.at("aov");
    EXPECT_EQ(row.at("p_alive").size(), 5u) << row.at("p_alive");  // 0.xyz
    EXPECT_NEAR(Number(row.at("churn_probability")), 1.0 - Number(row.at("p_alive")), 0.0011);
    EXPECT_GE(std::stoi(row.at("order_count")), 1);
    EXPECT_EQ(row.at("last_order_date").size(), 10u);
    EXPECT_FALSE(row.at("stage").empty());
    bool all = true;
    for (int n = 1; n <= 3; ++n) {
      const std::string rec = "rec_" + std::to_string(n);
      if (row.at(rec + "_title").empty()) {
        all = false;
        continue;
      }
      EXPECT_TRUE(IsCents(row.at(rec + "_price"))) << row.at(rec + "_price");
      EXPECT_FALSE(row.at(rec + "_image").empty()) << rec;
    }
    full += all;
  }
  EXPECT_EQ(full, csv.rows.size());

  // Mailchimp's layout: the same rows, "Email Address" first; two products asked for.
  const std::string mailchimp = s.dir + "/mailchimp.csv";
  ASSERT_EQ(Mercato("customers export-esp --db " + s.db +
                    " --layout mailchimp "
                    "--recommendations 2 --out " +
                    mailchimp)
                .status,
            0);
  const CsvTable mc = ReadCsvTable(mailchimp);
  EXPECT_EQ(mc.header[0], "Email Address");
  EXPECT_EQ(mc.header[mc.header.size() - 2], "rec_2_price");
  EXPECT_EQ(mc.header.back(), "currency");
  EXPECT_EQ(mc.rows.size(), csv.rows.size());
  const CliRun unknown =
      Mercato("customers export-esp --db " + s.db + " --layout hubspot --out x.csv");
  EXPECT_NE(unknown.status, 0);
  EXPECT_NE(unknown.err.find("hubspot"), std::string::npos) << unknown.err;

  // Nobody selected: the header alone.
  const std::string empty = s.dir + "/empty.csv";
  ASSERT_EQ(Mercato("customers export-esp --db " + s.db +
                    " --segment Champions --stage lapsed --out " + empty)
                .status,
            0);
  const std::string text = ReadFileOrEmpty(empty);
  EXPECT_EQ(text.substr(0, text.find(',')), "Email");
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1) << text;
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The report is one HTML file holding the dashboard's data; a run that fails writes nothing and
// leaves an earlier report as it was.
TEST(MerchantOutputsCli, ReportIsOneHtmlFileAndAFailedRunWritesNothing) {
  const MerchantStore s = ImportedShop();
  const std::string out = s.dir + "/report.html";
  const CliRun ok = Mercato("report --db " + s.db + " --out " + out);
  ASSERT_EQ(ok.status, 0) << ok.err;
  EXPECT_NE(ok.err.find("wrote " + out), std::string::npos) << ok.err;
  const std::string html = ReadAll(out);
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  const std::string open = "<script type=\"application/json\" id=\"mercato-report-data\">";
  const size_t begin = html.find(open);
  ASSERT_NE(begin, std::string::npos);
  const json data = json::parse(
      html.substr(begin + open.size(), html.find("</script>", begin) - begin - open.size()));
  for (const char* part : {"generated_at", "overview", "customers", "forecast", "plan"}) {
    EXPECT_TRUE(data.contains(part)) << part;
  }
  EXPECT_EQ(data["overview"]["period"], "week");

  const CliRun bad_day = Mercato("report --db " + s.db + " --out " + out + " --as-of someday");
  EXPECT_EQ(bad_day.status, 2) << bad_day.err;
  EXPECT_NE(bad_day.err.find("someday"), std::string::npos) << bad_day.err;
  EXPECT_EQ(ReadAll(out), html);
  const CliRun bad_period =
      Mercato("report --db " + s.db + " --out " + s.dir + "/other.html --period fortnight");
  EXPECT_NE(bad_period.status, 0);
  EXPECT_FALSE(std::filesystem::exists(s.dir + "/other.html"));
  EXPECT_FALSE(std::filesystem::exists(out + ".tmp"));
}

}  // namespace
}  // namespace mercato::testing
