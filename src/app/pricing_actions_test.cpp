// The pricing actions: `pricing elasticity`'s source checks, a panel file's estimates and their
// JSON; `pricing recommend` on a small store (rules, competitors, inventory, Shopify CSV);
// `pricing simulate` on the same store with a planted truth; `pricing explore`'s experiment.
#include "app/pricing_actions.h"

#include <gtest/gtest.h>

#include <cmath>

#include "app/experiment_actions.h"
#include "app/price_exploration_actions.h"
#include "app/price_simulation_actions.h"
#include "common/time.h"
#include "ingest/import_test_util.h"
#include "store/open_store.h"

namespace mercato::app {
namespace {

using namespace mercato::testing;

// Two stores of one SKU over 12 weeks, prices cycling 2.0, 2.5, 3.0 with units exactly
// exp(6 − 2·log(price)) (store 2: exp(7 − 2·log(price))), and a flat-priced SKU B.
std::string NoiselessPanel(const std::string& dir) {
  std::string csv = "sku,store,period,units,price\n";
  const double prices[] = {2.0, 2.5, 3.0};
  for (int store = 1; store <= 2; ++store) {
    for (int w = 0; w < 12; ++w) {
      const double p = prices[w % 3];
      csv += "A," + std::to_string(store) + "," + std::to_string(w) + "," +
             std::to_string(std::exp(5 + store - 2 * std::log(p))) + "," + std::to_string(p) + "\n";
    }
  }
  for (int w = 0; w < 12; ++w) csv += "B,1," + std::to_string(w) + ",10,4\n";
  return WriteFile(dir, "panel.csv", csv);
}

TEST(PriceElasticities, APanelFilesSeriesAndTheirJson) {
  PriceElasticityOptions options;
  options.panel = NoiselessPanel(FreshDir());
  const PriceElasticities result = EstimatePriceElasticities(options).value();
  const nlohmann::ordered_json j = PriceElasticitiesJson(result);
  EXPECT_EQ(j["source"], "panel");
  EXPECT_EQ(j["levels"], nlohmann::ordered_json({"series", "sku", "all"}));
  EXPECT_EQ(j["n_series"], 3);
  EXPECT_EQ(j["n_estimated"], 2);
  ASSERT_EQ(j["elasticities"].size(), 3u);
  const auto& a1 = j["elasticities"][0];
  EXPECT_EQ(a1["sku"], "A");
  EXPECT_EQ(a1["store"], "1");
  // Noiseless up to the CSV's six decimals: the own fit is −2 (to 1e-5).
  EXPECT_NEAR(a1["own_elasticity"].get<double>(), -2.0, 1e-5);
  EXPECT_NEAR(a1["elasticity"].get<double>(), -2.0, 1e-5);
  EXPECT_LT(a1["ci_low"].get<double>(), a1["elasticity"].get<double>());
  EXPECT_GT(a1["ci_high"].get<double>(), a1["elasticity"].get<double>());
  EXPECT_EQ(a1["n_obs"], 12);
  EXPECT_EQ(a1["n_price_changes"], 11);
  EXPECT_EQ(a1["pooling"], "series");
  EXPECT_EQ(a1["reason"], "");
  // B never changes price: no fit of its own and no fitted SKU in its group, so the overall one.
  const auto& b = j["elasticities"][2];
  EXPECT_EQ(b["sku"], "B");
  EXPECT_EQ(b["pooling"], "all");
  EXPECT_TRUE(b["own_elasticity"].is_null());
  EXPECT_EQ(b["reason"], "0 price changes (at least 1 needed)");
  EXPECT_NEAR(b["elasticity"].get<double>(), -2.0, 1e-5);
  ASSERT_EQ(j["groups"].size(), 2u);
  EXPECT_EQ(j["groups"][0]["sku"], "A");
  EXPECT_EQ(j["groups"][0]["n_estimated"], 2);
  // Store 1's A has B beside it, but B's flat price makes a flat index; store 2's A is alone.
  EXPECT_TRUE(j["cross_price"].is_null());
  EXPECT_TRUE(a1["cross_elasticity"].is_null());
  EXPECT_TRUE(a1["cross_pooling"].is_null());
}

TEST(PriceElasticities, APanelsCrossPriceElasticitiesByStoreAndSku) {
  // Two SKUs in one store over 20 weeks, prices cycling independently (3 and 4 weeks), units
  // exactly exp(9 − 2·log pA + 0.8·log pB) and exp(8 − 1.5·log pB + 0.5·log pA) (thousands a
  // week, so the estimates are sharp): each one's category index is the other's log price.
  std::string csv = "sku,store,period,units,price\n";
  const double a_prices[] = {2.0, 2.5, 3.0}, b_prices[] = {1.0, 1.2, 1.4, 1.1};
  for (int w = 0; w < 20; ++w) {
    const double pa = a_prices[w % 3], pb = b_prices[w % 4];
    csv += "A,1," + std::to_string(w) + "," +
           std::to_string(std::exp(9 - 2 * std::log(pa) + 0.8 * std::log(pb))) + "," +
           std::to_string(pa) + "\n";
    csv += "B,1," + std::to_string(w) + "," +
           std::to_string(std::exp(8 - 1.5 * std::log(pb) + 0.5 * std::log(pa))) + "," +
           std::to_string(pb) + "\n";
  }
  PriceElasticityOptions options;
  options.panel = WriteFile(FreshDir(), "cross.csv", csv);
  const nlohmann::ordered_json j =
      PriceElasticitiesJson(EstimatePriceElasticities(options).value());
  ASSERT_EQ(j["elasticities"].size(), 2u);
  // Noiseless up to the CSV's six decimals: the own fits are exact. The reported estimates are
  // shrunk toward the two SKUs' mean (each SKU is its own group here), so they lie between the
  // planted values, each interval covering its own.
  const auto& a = j["elasticities"][0];
  const auto& b = j["elasticities"][1];
  EXPECT_NEAR(a["own_elasticity"].get<double>(), -2.0, 1e-4);
  EXPECT_NEAR(b["own_elasticity"].get<double>(), -1.5, 1e-4);
  EXPECT_EQ(a["cross_pooling"], "series");
  const double cross_a = a["cross_elasticity"].get<double>();
  const double cross_b = b["cross_elasticity"].get<double>();
  EXPECT_GT(cross_a, cross_b);
  EXPECT_GE(cross_b, 0.5 - 1e-4);
  EXPECT_LE(cross_a, 0.8 + 1e-4);
  EXPECT_LT(a["cross_ci_low"].get<double>(), 0.8);
  EXPECT_GT(a["cross_ci_high"].get<double>(), 0.8);
  EXPECT_LT(b["cross_ci_low"].get<double>(), 0.5);
  EXPECT_GT(b["cross_ci_high"].get<double>(), 0.5);
  ASSERT_FALSE(j["cross_price"].is_null());
  EXPECT_EQ(j["cross_price"]["n_estimated"], 2);
  EXPECT_EQ(j["cross_price"]["groups"][1]["sku"], "B");
  EXPECT_NEAR(j["cross_price"]["groups"][1]["elasticity"].get<double>(), cross_b, 1e-12);
}

TEST(PriceElasticities, NeitherOrBothSourcesBadOptionsAndAMissingStoreAreErrors) {
  PriceElasticityOptions options;
  EXPECT_EQ(EstimatePriceElasticities(options).status().code(), StatusCode::kInvalidArgument);
  options.db = "a.db";
  options.panel = "p.csv";
  EXPECT_EQ(EstimatePriceElasticities(options).status().code(), StatusCode::kInvalidArgument);
  options.panel.clear();
  options.db = FreshDir() + "/absent.db";
  EXPECT_EQ(EstimatePriceElasticities(options).status().code(), StatusCode::kNotFound);
  options.db.clear();
  options.panel = NoiselessPanel(FreshDir());
  options.interval = 0;
  EXPECT_EQ(EstimatePriceElasticities(options).status().code(), StatusCode::kInvalidArgument);
  options.interval = 0.9;
  options.min_price_changes = 0;
  EXPECT_EQ(EstimatePriceElasticities(options).status().code(), StatusCode::kInvalidArgument);
}

// Twelve weeks from Monday 2024-01-01, one order each Sunday: the mug A (cost 4) at 10.00 in even
// weeks selling 100 and at 8.00 in odd weeks selling 156 (100 · 0.8^−2 = 156.25: elasticity
// about −2: the daily model compares A's Sundays with B's, the only other product of its
// top-level category, so log(156/100) / log(0.8) = −1.993); the vase B (no cost, alone in its leaf
// like A) at 20.00 selling 1 a week. A's price was last set on
// 2024-03-20 (a promotions row without an end). Competitors price B at 15 (2024-02-01, older
// than 28 days before 2024-03-25), 18 and 19. `a_stock`: A's inventory quantity, if any; A sells
// in the first `a_weeks` weeks only; `promotions`: more promotions.csv rows. Other CSV files
// already in `dir` are imported too.
std::string TwoProductStore(const std::string& dir, const std::string& a_stock, int a_weeks = 12,
                            const std::string& promotions = "") {
  auto store = FreshStore(dir);
  WriteFile(dir, "products.csv",
            "sku,product_id,title,category,price,cost,compare_at_price,inventory_quantity\n"
            "A,mug,Mug,Kitchen > Mugs,10,4,," +
                a_stock +
                "\n"
                "B,,Vase,Kitchen > Vases,20,,24,\n");
  std::string orders = "id,customer_id,ts\n", lines = "order_id,line_no,sku,quantity,unit_price\n";
  for (int w = 0; w < 12; ++w) {
    const std::string id = "o" + std::to_string(w);
    orders += id + ",c1," + FormatDay(DaysFromCivil(2024, 1, 7) + 7 * w) + "T10:00:00Z\n";
    if (w < a_weeks) lines += id + (w % 2 == 0 ? ",1,A,100,10\n" : ",1,A,156,8\n");
    lines += id + ",2,B,1,20\n";
  }
  WriteFile(dir, "orders.csv", orders);
  WriteFile(dir, "order_lines.csv", lines);
  WriteFile(dir, "promotions.csv", "id,sku,start,end,price\npc1,A,2024-03-20,,10\n" + promotions);
  WriteFile(dir, "competitor_prices.csv",
            "sku,competitor,ts,price\nB,Rival,2024-02-01,15\nB,Rival,2024-03-20,18\n"
            "B,Other,2024-03-22,19\n");
  EXPECT_TRUE(Import(*store, "generic", {dir}).ok());
  return dir + "/store.db";
}

const nlohmann::ordered_json& Row(const nlohmann::ordered_json& j, const std::string& sku) {
  for (const auto& row : j["recommendations"]) {
    if (row["sku"] == sku) return row;
  }
  ADD_FAILURE() << sku << " not recommended";
  return j;
}

TEST(RecommendPrices, WithinTheRulesWithTheBindingRuleAndTheReason) {
  RecommendPricesOptions options;
  options.db = TwoProductStore(FreshDir(), "");
  options.max_change_pct = 30;
  nlohmann::ordered_json j = PriceRecommendationsJson(RecommendPrices(options).value());
  EXPECT_EQ(j["objective"], "profit");
  EXPECT_EQ(j["as_of"], "2024-03-25");
  EXPECT_EQ(j["n_products"], 2);
  // Neither stock levels nor inventory quantities: no inventory rules, and it says so.
  EXPECT_EQ(j["inventory"].get<std::string>().rfind("no inventory rules: ", 0), 0u)
      << j["inventory"];
  // A changed 5 days before the end of the data (7 are needed between changes): kept.
  const auto& a = Row(j, "A");
  EXPECT_EQ(a["days_since_change"], 5);
  EXPECT_EQ(a["recommended_price"], 10.0);
  EXPECT_EQ(a["binding_rule"], "min_days_between_changes");
  // Its baseline: weeks 4-11 (the 8 complete weeks before 2024-03-25), 4 · 100 + 4 · 156 = 1024
  // units, 128 a week.
  EXPECT_DOUBLE_EQ(a["weekly_units"].get<double>(), 128);
  EXPECT_NEAR(a["elasticity"].get<double>(), -2.0, 0.05);
  // B has no cost: profit unknown, kept; its lowest recent competitor price is 18 (the 15 is
  // older than 28 days).
  const auto& b = Row(j, "B");
  EXPECT_EQ(b["recommended_price"], 20.0);
  EXPECT_TRUE(b["profit_change"].is_null());
  EXPECT_EQ(b["lowest_competitor_price"], 18.0);
  EXPECT_EQ(b["compare_at_price"], 24.0);
  EXPECT_NE(b["reason"].get<std::string>().find("no cost"), std::string::npos);

  // With 3 days between changes A may move: profit (p − 4)·p^e peaks near p* = 4·e/(1 + e) ≈ 8
  // (e ≈ −2), inside [7, 13] (30%); of the .99 prices, 7.99 beats 8.99: (3.99 / 4.99) ·
  // (8.99 / 7.99)^2 = 1.0116 (at e = −2). No rule binds.
  options.min_days_between_changes = 3;
  j = PriceRecommendationsJson(RecommendPrices(options).value());
  const auto& moved = Row(j, "A");
  EXPECT_EQ(moved["recommended_price"], 7.99);
  EXPECT_EQ(moved["binding_rule"], "");
  EXPECT_NEAR(moved["change_pct"].get<double>(), -20.1, 1e-9);
  EXPECT_GT(moved["profit_change"].get<double>(), 0);
  EXPECT_LE(moved["profit_change_low"].get<double>(), moved["profit_change"].get<double>());
  EXPECT_GE(moved["profit_change_high"].get<double>(), moved["profit_change"].get<double>());
  EXPECT_EQ(j["recommendations"][0]["sku"], "A");  // the largest expected gain first

  // Revenue needs no cost: B (pooled elasticity ≈ −2, revenue rises as the price falls) goes to
  // its lower bound 14.00 (30% off) -> 14.99, the lowest .99 price; compare-at 24 caps nothing.
  options.objective = "revenue";
  j = PriceRecommendationsJson(RecommendPrices(options).value());
  EXPECT_EQ(Row(j, "B")["recommended_price"], 14.99);
  EXPECT_EQ(Row(j, "B")["binding_rule"], "max_change");

  // Shopify's import: the handle (the product id, else the SKU), the new price, compare-at kept;
  // A (also at its lower bound, 7.99: 7.99 · 128 · 0.799^−2 − 1280 ≈ +322 a week) first.
  EXPECT_EQ(PriceRecommendationsShopifyCsv(RecommendPrices(options).value()),
            "Handle,Variant SKU,Variant Price,Variant Compare At Price\n"
            "mug,A,7.99,\nB,B,14.99,24.00\n");
}

TEST(RecommendPrices, AProjectedStockoutForbidsAMarkdown) {
  // 5 mugs on hand against 128 a week run out before any replenishment (14 days by default):
  // no markdown, so the lowest allowed price is the current 10.00 -> 10.99.
  RecommendPricesOptions options;
  options.db = TwoProductStore(FreshDir(), "5");
  options.max_change_pct = 30;
  options.min_days_between_changes = 3;
  const nlohmann::ordered_json j = PriceRecommendationsJson(RecommendPrices(options).value());
  EXPECT_EQ(j["inventory"], "plan");
  const auto& a = Row(j, "A");
  EXPECT_EQ(a["inventory"], "stockout");
  EXPECT_EQ(a["recommended_price"], 10.99);
  EXPECT_EQ(a["binding_rule"], "no_markdown_stockout");
}

TEST(RecommendPrices, AWeekOutOfStockIsNotReadAsNoDemand) {
  // A sells in weeks 0-9 only and is out of stock from Monday 2024-03-11: weeks 10 and 11, without
  // a sale, are censored, so its baseline is its last 8 observed weeks, 2-9: 4 · 100 + 4 · 156 =
  // 1024 units, 128 a week (weeks 4-11 read as sales would give (3 · 100 + 3 · 156) / 8 = 96). B,
  // never out of stock, keeps its 1 a week.
  const std::string dir = FreshDir();
  WriteFile(dir, "inventory.csv",
            "sku,location,ts,on_hand\nA,W1,2024-01-01T00:00:00Z,5000\n"
            "A,W1,2024-03-11T00:00:00Z,0\n");
  RecommendPricesOptions options;
  options.db = TwoProductStore(dir, "", 10);
  const nlohmann::ordered_json j = PriceRecommendationsJson(RecommendPrices(options).value());
  EXPECT_DOUBLE_EQ(Row(j, "A")["weekly_units"].get<double>(), 128);
  EXPECT_DOUBLE_EQ(Row(j, "B")["weekly_units"].get<double>(), 1);
  // With a 3-week baseline: weeks 7-9, (156 + 100 + 156) / 3.
  options.baseline_weeks = 3;
  const nlohmann::ordered_json short_window =
      PriceRecommendationsJson(RecommendPrices(options).value());
  EXPECT_NEAR(Row(short_window, "A")["weekly_units"].get<double>(), 412.0 / 3, 1e-9);
}

TEST(RecommendPrices, ThePromotionCalendarKeepsTheRegularPrice) {
  // B's promotion runs from 2024-03-18 to 2024-03-31, past the end of the data (as of
  // 2024-03-25, its last day in 6 days): B keeps 20.00 under it, where the revenue objective
  // would take it to 14.99 (WithinTheRulesWithTheBindingRuleAndTheReason).
  RecommendPricesOptions options;
  options.db = TwoProductStore(FreshDir(), "", 12, "pb,B,2024-03-18,2024-03-31,18\n");
  options.max_change_pct = 30;
  options.objective = "revenue";
  const nlohmann::ordered_json j = PriceRecommendationsJson(RecommendPrices(options).value());
  const auto& b = Row(j, "B");
  EXPECT_EQ(b["recommended_price"], 20.0);
  EXPECT_EQ(b["binding_rule"], "promotion_calendar");
  EXPECT_NE(b["reason"].get<std::string>().find("its last day in 6 days"), std::string::npos)
      << b["reason"];
}

TEST(RecommendPrices, BadOptionsAndUnfairRulesAreRefused) {
  RecommendPricesOptions options;
  options.db = TwoProductStore(FreshDir(), "");
  options.rules = {"gender=f; max_change_pct=5"};
  Status s = RecommendPrices(options).status();
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("fair pricing"), std::string::npos) << s.message();
  options.rules = {"zip=10001; min_margin_pct=40"};
  EXPECT_NE(RecommendPrices(options).status().message().find("proxy"), std::string::npos);
  options.rules = {};
  options.objective = "margin";
  EXPECT_NE(RecommendPrices(options).status().message().find("objective: expected profit"),
            std::string::npos);
  options.objective = "mix";
  options.profit_weight = 2;
  EXPECT_EQ(RecommendPrices(options).status().code(), StatusCode::kInvalidArgument);
  options.profit_weight = 0.5;
  options.price_endings = {"99"};
  EXPECT_NE(RecommendPrices(options).status().message().find("price_endings"), std::string::npos);
  options.price_endings = {"any"};
  EXPECT_TRUE(RecommendPrices(options).ok());
  options.db = FreshDir() + "/absent.db";
  EXPECT_EQ(RecommendPrices(options).status().code(), StatusCode::kNotFound);
}

TEST(SimulatePrices, ThePoliciesOnAStoreWithAPlantedTruth) {
  const std::string dir = FreshDir();
  SimulatePricesOptions options;
  options.recommend.db = TwoProductStore(dir, "");
  options.recommend.max_change_pct = 30;
  options.recommend.min_days_between_changes = 3;
  options.days = 14;
  options.truth = WriteFile(dir, "truth.json",
                            R"({"catalog": {"departments": [{"name": "Kitchen", "elasticity": -2},
                                {"name": "Decor", "elasticity": -1.5}]}})");
  const nlohmann::ordered_json j = PriceSimulationJson(SimulatePrices(options).value());
  EXPECT_EQ(j["weeks"], 2);
  EXPECT_EQ(j["products"], 2);
  EXPECT_EQ(j["world"]["elasticities"]["Kitchen"], -2.0);
  const auto& policies = j["policies"];
  // Static: A at 10.00 (cost 4), 128 a week: profit 2 · 128 · 6 = 1536; B has no cost (no
  // profit) and sells 1 a week at 20.00: revenue 2 · 1280 + 2 · 20 = 2600.
  EXPECT_DOUBLE_EQ(policies["static"]["profit"].get<double>(), 1536);
  EXPECT_DOUBLE_EQ(policies["static"]["revenue"].get<double>(), 2600);
  // The oracle (A truly −2): 7.99 both weeks (the best .99 price near p* = 4 · −2 / −1 = 8, as
  // in RecommendPrices' test); units 2 · 128 · 0.799^−2 = 401.0019, profit × 3.99 = 1599.9975.
  // B, without a cost, stays at 20.00.
  EXPECT_NEAR(policies["oracle"]["profit"].get<double>(), 1599.9975, 1e-3);
  EXPECT_EQ(policies["oracle"]["price_changes"], 1);
  // mercato estimated A's elasticity at about −2 from the store's sales: the oracle's prices.
  EXPECT_NEAR(j["mercato_share_of_oracle_profit"].get<double>(), 1.0, 1e-9);
  EXPECT_EQ(policies["mercato"]["rule_violations"], 0);
  // Matching B's lowest recent competitor, 18.00, breaks the .99 ending: one change, one
  // violation.
  EXPECT_EQ(policies["match_competitor"]["price_changes"], 1);
  EXPECT_EQ(policies["match_competitor"]["rule_violations"], 1);
}

TEST(SimulatePrices, WithoutATruthOrWithOneThatDoesNotPlantTheStoresCategoriesIsAnError) {
  const std::string dir = FreshDir();
  SimulatePricesOptions options;
  options.recommend.db = TwoProductStore(dir, "");
  Status s = SimulatePrices(options).status();
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("--truth is required"), std::string::npos) << s.message();
  options.truth = WriteFile(
      dir, "truth.json", R"({"catalog": {"departments": [{"name": "Decor", "elasticity": -2}]}})");
  s = SimulatePrices(options).status();
  EXPECT_NE(s.message().find("no planted elasticity for category 'Kitchen > Mugs'"),
            std::string::npos)
      << s.message();
  options.truth = WriteFile(dir, "other.json", "[1, 2]");
  s = SimulatePrices(options).status();
  EXPECT_NE(s.message().find("no catalog.departments"), std::string::npos) << s.message();
  options.days = 0;
  EXPECT_NE(SimulatePrices(options).status().message().find("--days must be between 1 and 3660"),
            std::string::npos);
}

// Exploration on the two-product store: A changed 5 days ago (7 needed between changes), so
// only B may move; B (one own price, pooled) has a wide interval.
TEST(ExplorePrices, AnExperimentOnProductUnitsWithTestPricesWithinTheRules) {
  ExplorePricesOptions options;
  options.recommend.db = TwoProductStore(FreshDir(), "");
  options.experiment = "explore-1";
  options.exploration.fraction = 1;
  options.exploration.min_interval_width = 0.01;
  options.now = 1'711'324'800;  // 2024-03-25
  const PriceExploration plan = ExplorePrices(options).value();
  const nlohmann::ordered_json j = PriceExplorationJson(plan);
  EXPECT_TRUE(j["created"]);
  EXPECT_EQ(j["n_products"], 2);
  ASSERT_EQ(j["cells"].size(), 1u);
  const auto& b = j["cells"][0];
  EXPECT_EQ(b["sku"], "B");
  EXPECT_GE(b["interval_width"].get<double>(), 0.01);
  // B's recommendation keeps 20.00 (no cost): the test leans up, 20 · 1.05 = 21 -> 20.99.
  const bool test = b["variant"] == "test";
  EXPECT_EQ(b["test_price"], test ? 20.99 : 20.0);
  EXPECT_EQ(j["n_test"], test ? 1 : 0);
  const std::string csv = PriceExplorationShopifyCsv(plan);
  EXPECT_EQ(csv.find("B,20.99") != std::string::npos, test) << csv;
  // The experiment runs on product units with B exposed in its arm.
  auto store = OpenStore(options.recommend.db).value();
  const StoredExperiment e = ShowExperiment(*store, "explore-1").value();
  EXPECT_EQ(e.definition.unit, experiment::UnitKind::kProduct);
  EXPECT_EQ(e.definition.capability, experiment::Capability::kPricing);
  EXPECT_EQ(e.definition.status, experiment::RunStatus::kRunning);
  EXPECT_EQ(e.exposures, 1);
  store.reset();
  // The same key again: refused before any work; a dry run creates nothing.
  EXPECT_EQ(ExplorePrices(options).status().code(), StatusCode::kAlreadyExists);
  options.experiment = "explore-2";
  options.dry_run = true;
  EXPECT_FALSE(PriceExplorationJson(ExplorePrices(options).value())["created"]);
  store = OpenStore(options.recommend.db).value();
  EXPECT_FALSE(ShowExperiment(*store, "explore-2").ok());
}

TEST(ExplorePrices, NothingUncertainEnoughBadOptionsAndABadKeyCreateNothing) {
  ExplorePricesOptions options;
  options.recommend.db = TwoProductStore(FreshDir(), "");
  options.experiment = "explore-1";
  options.exploration.min_interval_width = 1000;
  const Status none = ExplorePrices(options).status();
  EXPECT_EQ(none.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(none.message().find("0 of 2 products"), std::string::npos) << none.message();
  options.exploration.min_interval_width = 0.5;
  options.exploration.step_pct = 0;
  EXPECT_NE(ExplorePrices(options).status().message().find("--step-pct"), std::string::npos);
  options.exploration.step_pct = 5;
  options.experiment = "Bad Key";
  EXPECT_NE(ExplorePrices(options).status().message().find("--experiment"), std::string::npos);
  auto store = OpenStore(options.recommend.db).value();
  EXPECT_TRUE(ListExperiments(*store).value().empty());
}

}  // namespace
}  // namespace mercato::app
