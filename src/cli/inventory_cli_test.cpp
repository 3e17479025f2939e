// End-to-end tests of `mercato inventory plan|simulate` on a tiny imported store.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "cli/cli_test_util.h"

namespace {

using mercato::testing::CliRun;
using mercato::testing::CliTestDir;

// Standard output, then standard error: what a user sees.
CliRun Mercato(const std::string& args) {
  CliRun run = mercato::testing::Mercato(args);
  run.out += run.err;
  return run;
}

void Write(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

// SKU A sells 2 a day from 2024-01-01 for 100 days and has 16 on hand; supplier S1 (MOQ 10,
// case pack 5) delivered five orders in 4, 6, 5, 5 and 5 days. B has 30 on hand, never sold.
std::string TinyStore(const std::string& dir, bool with_levels) {
  Write(dir + "/store/products.csv", "sku,title,cost\nA,Alpha,10\nB,Beta,10\n");
  Write(dir + "/store/suppliers.csv",
        "id,name,lead_time_days,min_order_quantity,case_pack\nS1,One,7,10,5\n");
  std::string orders = "id,ts\n", lines = "order_id,line_no,sku,quantity\n";
  for (int d = 0; d < 100; ++d) {
    char ts[32];
    std::snprintf(ts, sizeof ts, "%lld", (19723LL + d) * 86400 + 43200);
    orders += "O" + std::to_string(d) + "," + ts + "\n";
    lines += "O" + std::to_string(d) + ",1,A,2\n";
  }
  Write(dir + "/store/orders.csv", orders);
  Write(dir + "/store/order_lines.csv", lines);
  std::string pos = "id,sku,supplier_id,location,quantity,ordered_at,received_at\n";
  const int lead[] = {4, 6, 5, 5, 5};
  for (int k = 0; k < 5; ++k) {
    const long long ordered = (19723LL + 10 + 20 * k) * 86400 + 64800;
    pos += "P" + std::to_string(k) + ",A,S1,WH1,40," + std::to_string(ordered) + "," +
           std::to_string(ordered + lead[k] * 86400) + "\n";
  }
  Write(dir + "/store/purchase_orders.csv", pos);
  if (with_levels) {
    Write(dir + "/store/inventory.csv",
          "sku,location,ts,on_hand,on_order\nA,WH1,2023-12-31T23:59:59Z,250,0\n"
          "A,WH1,2024-04-09T23:59:59Z,16,0\nB,WH1,2024-04-09T23:59:59Z,30,0\n");
  }
  const std::string db = dir + "/store.db";
  const CliRun import = Mercato("import --db " + db + " --format generic " + dir + "/store");
  EXPECT_EQ(import.status, 0) << import.out;
  return db;
}

TEST(InventoryCli, PlanJsonAndCsv) {
  const std::string dir = CliTestDir();
  const std::string db = TinyStore(dir, true);
  const CliRun plan = Mercato("inventory plan --db " + db + " --service-level 0.95 --json");
  ASSERT_EQ(plan.status, 0) << plan.out;
  const auto j = nlohmann::json::parse(plan.out);
  EXPECT_EQ(j["as_of"], "2024-04-10");
  EXPECT_EQ(j["service_level_kind"], "cycle");
  EXPECT_NEAR(j["z"].get<double>(), 1.6448536, 1e-6);
  ASSERT_EQ(j["lines"].size(), 2u);
  const auto& a = j["lines"][0];
  EXPECT_EQ(a["sku"], "A");
  EXPECT_EQ(a["reorder_point"], 18);
  EXPECT_EQ(a["order_up_to"], 75);
  EXPECT_EQ(a["order_quantity"], 60);
  EXPECT_EQ(a["order_by_date"], "2024-04-10");
  EXPECT_EQ(a["stockout_date"], "2024-04-18");
  EXPECT_EQ(a["reason"], "reorder_now");
  EXPECT_EQ(j["lines"][1]["reason"], "markdown");
  EXPECT_EQ(j["summary"]["reorder_now"], 1);

  const CliRun out = Mercato("inventory plan --db " + db + " --out " + dir + "/plan.csv");
  ASSERT_EQ(out.status, 0) << out.out;
  EXPECT_NE(out.out.find("1 to reorder now (60 units)"), std::string::npos) << out.out;
  std::ifstream csv(dir + "/plan.csv");
  std::string header, row;
  std::getline(csv, header);
  std::getline(csv, row);
  EXPECT_EQ(header.substr(0, 80),
            "sku,location,on_hand,on_order,reorder_point,order_quantity,order_by_date,reason,");
  EXPECT_EQ(row.substr(0, 44), "A,WH1,16,0,18,60,2024-04-10,reorder_now,6.15");
  const CliRun store_wide =
      Mercato("inventory plan --db " + db + " --store-fill-rate 0.9 --out " + dir + "/plan2.csv");
  ASSERT_EQ(store_wide.status, 0) << store_wide.out;
  EXPECT_NE(store_wide.out.find("at a 90.0% store-wide fill rate"), std::string::npos)
      << store_wide.out;
  const CliRun both =
      Mercato("inventory plan --db " + db + " --fill-rate 0.9 --store-fill-rate 0.9");
  EXPECT_EQ(both.status, 1);
  EXPECT_NE(both.out.find("not both"), std::string::npos) << both.out;
}

TEST(InventoryCli, SimulateReportsPolicyBesideBaseline) {
  const std::string dir = CliTestDir();
  const std::string db = TinyStore(dir, true);
  const CliRun sim = Mercato("inventory simulate --db " + db + " --days 30 --json");
  ASSERT_EQ(sim.status, 0) << sim.out;
  const auto j = nlohmann::json::parse(sim.out);
  EXPECT_EQ(j["policy"], "forecast");
  EXPECT_EQ(j["baseline"], "minmax");
  EXPECT_EQ(j["service_level_kind"], "cycle");
  EXPECT_DOUBLE_EQ(j["service_level"].get<double>(), 0.95);
  EXPECT_EQ(j["days"], 30);
  EXPECT_EQ(j["skus"], 1);  // B has no stock level before the replay starts
  for (const char* p : {"forecast", "minmax"}) {
    EXPECT_DOUBLE_EQ(j["results"][p]["units_demanded"].get<double>(), 60.0);
    EXPECT_GE(j["results"][p]["fill_rate"].get<double>(), 0.0);
  }
  EXPECT_TRUE(j.contains("inventory_reduction"));
  EXPECT_EQ(j["reference"]["covered_skus"], 1);  // 250 on hand (the level before) for 60 sold
  EXPECT_GE(j["results"]["forecast"]["avg_inventory_value"].get<double>(),
            j["reference"]["start_stock_value"].get<double>());
  const CliRun warm =
      Mercato("inventory simulate --db " + db + " --days 20 --warmup-days 10 --json");
  ASSERT_EQ(warm.status, 0) << warm.out;
  const auto w = nlohmann::json::parse(warm.out);
  EXPECT_EQ(w["days"], 20);
  EXPECT_EQ(w["warmup_days"], 10);
  EXPECT_DOUBLE_EQ(w["results"]["minmax"]["units_demanded"].get<double>(), 40.0);
  const CliRun negative = Mercato("inventory simulate --db " + db + " --warmup-days -3");
  EXPECT_EQ(negative.status, 1);
  EXPECT_NE(negative.out.find("--warmup-days must be >= 0"), std::string::npos) << negative.out;
  const CliRun table = Mercato("inventory simulate --db " + db + " --policy minmax:5:20 --days 30");
  ASSERT_EQ(table.status, 0) << table.out;
  EXPECT_NE(table.out.find("minmax:5:20"), std::string::npos);
  EXPECT_NE(table.out.find("fill rate"), std::string::npos);
}

// A store imported from Shopify's exports has no stock levels: the plan takes each variant's
// inventory quantity from the products export.
TEST(InventoryCli, PlansFromShopifyExportsAlone) {
  const std::string dir = CliTestDir();
  const std::string db = dir + "/shopify.db";
  const std::string data = std::string(MERCATO_SOURCE_DIR) + "/tests/data/shopify/";
  ASSERT_EQ(Mercato("import --db " + db + " --format shopify-orders " + data + "orders_export.csv")
                .status,
            0);
  ASSERT_EQ(Mercato("import --db " + db + " --format shopify-products " + data +
                    "products_export_legacy.csv")
                .status,
            0);
  const CliRun plan = Mercato("inventory plan --db " + db + " --json");
  ASSERT_EQ(plan.status, 0) << plan.out;
  const auto j = nlohmann::json::parse(plan.out);
  EXPECT_EQ(j["stock_source"], "catalog");
  std::map<std::string, int64_t> on_hand;
  for (const auto& line : j["lines"]) {
    EXPECT_EQ(line["location"], "all");
    on_hand[line["sku"].get<std::string>()] = line["on_hand"].get<int64_t>();
  }
  EXPECT_EQ(on_hand["LS-M-BLU"], 12);  // Variant Inventory Qty of the export
  EXPECT_EQ(on_hand["WS-001"], 140);
  const CliRun text = Mercato("inventory plan --db " + db + " --out " + dir + "/plan.csv");
  ASSERT_EQ(text.status, 0) << text.out;
  EXPECT_NE(text.out.find("from the product catalog"), std::string::npos) << text.out;
}

TEST(InventoryCli, ClearErrors) {
  const std::string dir = CliTestDir();
  const std::string db = TinyStore(dir, false);
  const CliRun plan = Mercato("inventory plan --db " + db);
  EXPECT_EQ(plan.status, 1);
  EXPECT_NE(plan.out.find("no inventory levels"), std::string::npos) << plan.out;
  const CliRun policy = Mercato("inventory simulate --db " + db + " --policy sS");
  EXPECT_EQ(policy.status, 1);
  EXPECT_NE(policy.out.find("unknown policy 'sS'"), std::string::npos) << policy.out;
}

}  // namespace
