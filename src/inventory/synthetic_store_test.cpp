// Inventory planning on a small generated store: the planted supplier disruption raises the
// safety stock of that supplier's SKUs, and the forecast policy's replay against the min/max
// baseline.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "ingest/import_test_util.h"
#include "inventory/inventory_data.h"
#include "inventory/planner.h"
#include "inventory/replay.h"
#include "synth/generator.h"

namespace mercato::inventory {
namespace {

struct GeneratedStore {
  std::unique_ptr<Store> store;
  nlohmann::json truth;
};

// 2,000 customers over a year: 200 SKUs, 12 suppliers.
GeneratedStore Generate() {
  const std::string dir = mercato::testing::FreshDir();
  synth::SynthConfig config;
  config.customers = 2000;
  config.days = 365;
  config.seed = 11;
  synth::SynthSummary summary;
  EXPECT_TRUE(synth::GenerateStore(config, dir + "/files", &summary).ok());
  GeneratedStore g;
  g.store = mercato::testing::FreshStore(dir + "/db");
  const ImportReport report = mercato::testing::Import(*g.store, "generic", {dir + "/files"});
  EXPECT_EQ(report.rows_skipped, 0);
  std::ifstream in(dir + "/files/truth.json");
  g.truth = nlohmann::json::parse(in);
  return g;
}

double Median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

TEST(SyntheticStoreTest, DisruptionRaisesSafetyStockOfTheAffectedSupplier) {
  GeneratedStore g = Generate();
  auto data = LoadInventoryData(LoadSnapshot(*g.store).value());
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  const std::string supplier = g.truth["supply"]["disruption"]["supplier"];
  auto date = ParseTimestamp(g.truth["supply"]["disruption"]["date"].get<std::string>());
  ASSERT_TRUE(date.ok());
  const int64_t day = DayOf(*date);
  InventoryOptions options;
  options.model = "ses";  // the cheapest model: this test is about lead times
  auto before = PlanInventory(*data, options, day);
  auto after = PlanInventory(*data, options, day + 90);
  ASSERT_TRUE(before.ok() && after.ok());
  ASSERT_EQ(before->lines.size(), after->lines.size());
  std::vector<double> affected, others;
  for (size_t k = 0; k < before->lines.size(); ++k) {
    const PlanLine& b = before->lines[k];
    const PlanLine& a = after->lines[k];
    ASSERT_EQ(a.sku, b.sku);
    if (b.policy.safety_stock <= 0) continue;
    const double ratio = a.policy.safety_stock / b.policy.safety_stock;
    (a.supplier == supplier ? affected : others).push_back(ratio);
    if (a.supplier == supplier) {
      EXPECT_GT(a.lead_time.moments.mean, b.lead_time.moments.mean) << a.sku;
    }
  }
  ASSERT_GE(affected.size(), 5u);
  const auto raised =
      std::count_if(affected.begin(), affected.end(), [](double r) { return r > 1.0; });
  EXPECT_GE(static_cast<double>(raised), 0.85 * static_cast<double>(affected.size()));
  EXPECT_GT(Median(affected), 1.3);
  EXPECT_LT(Median(others), 1.2);
  EXPECT_GT(Median(affected), Median(others) + 0.3);
  printf("safety stock after / before: median %.2f for %zu SKUs of %s, %.2f for the others\n",
         Median(affected), affected.size(), supplier.c_str(), Median(others));
}

TEST(SyntheticStoreTest, ForecastPolicyReplayBesideTheMinMaxBaseline) {
  GeneratedStore g = Generate();
  auto data = LoadInventoryData(LoadSnapshot(*g.store).value());
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  InventoryOptions options;
  options.model = "ses";  // cheap enough for the sanitizer build
  ReplayOptions replay;
  replay.to_day = data->end_day;
  replay.from_day = replay.to_day - 120;
  replay.replan_days = 28;
  auto report = Replay(*data, options, replay,
                       {PolicySpec{PolicyKind::kForecast}, PolicySpec{PolicyKind::kBaseline}});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  const ReplayResult& forecast = report->results[0];
  const ReplayResult& baseline = report->results[1];
  printf("fill rate %.4f vs %.4f, stock-out days %lld vs %lld, inventory value %.0f vs %.0f\n",
         forecast.fill_rate, baseline.fill_rate, static_cast<long long>(forecast.stockout_days),
         static_cast<long long>(baseline.stockout_days), forecast.avg_inventory_value,
         baseline.avg_inventory_value);
  EXPECT_EQ(forecast.skus, 200);
  EXPECT_DOUBLE_EQ(forecast.units_demanded, baseline.units_demanded);
  // The planned policy knows the disrupted supplier's lead times; the baseline trusts the
  // nominal ones. It serves more demand with fewer stock-out days.
  EXPECT_GT(forecast.fill_rate, baseline.fill_rate);
  EXPECT_LT(forecast.stockout_days, baseline.stockout_days);
  EXPECT_GT(forecast.avg_inventory_value, 0);
  // Orders only add stock: no policy holds less than the starting stock selling down, and the
  // value on SKUs covered from the start is part of it.
  const ReplayReference& ref = report->reference;
  for (const ReplayResult& r : report->results) {
    EXPECT_GE(r.avg_inventory_value, ref.start_stock_value - 1e-6) << r.policy;
    EXPECT_LE(r.avg_covered_value, r.avg_inventory_value) << r.policy;
  }
  EXPECT_GE(ref.clairvoyant_value, ref.start_stock_value - 1e-6);
  EXPECT_GT(ref.covered_skus, 0);
}

}  // namespace
}  // namespace mercato::inventory
