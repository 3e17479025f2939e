// `pricing elasticity`'s action: the source checks, a panel file's estimates and their JSON.
#include "app/pricing_actions.h"

#include <gtest/gtest.h>

#include <cmath>

#include "ingest/import_test_util.h"

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

}  // namespace
}  // namespace mercato::app
