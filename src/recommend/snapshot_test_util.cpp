// Builds snapshots the way LoadSnapshot does, straight from purchase records.
#include "recommend/snapshot_test_util.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "ingest/import_test_util.h"
#include "synth/generator.h"

namespace mercato::recommend::testing {

Snapshot MakeSnapshot(int num_customers, int num_items, const std::vector<Purchase>& purchases,
                      int num_categories) {
  Snapshot s;
  for (int c = 0; c < num_categories; ++c) s.categories.Add("cat" + std::to_string(c));
  for (int i = 0; i < num_items; ++i) {
    s.items.Add("i" + std::to_string(i));
    s.item_category.push_back(i % num_categories);
    s.item_price.push_back(10.0f + static_cast<float>(i));
  }
  for (int c = 0; c < num_customers; ++c) s.customers.Add("c" + std::to_string(c));
  std::vector<Purchase> sorted = purchases;
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const Purchase& a, const Purchase& b) { return a.order < b.order; });
  std::map<int, int32_t> order_ids;
  std::vector<SparseRecord> records;
  for (const Purchase& p : sorted) {
    const Timestamp ts = 1'700'000'000 + static_cast<Timestamp>(p.day) * 86400;
    auto [it, added] = order_ids.emplace(p.order, s.orders.size());
    if (added) {
      s.orders.Add("o" + std::to_string(p.order));
      s.order_customer.push_back(p.customer);
      s.order_ts.push_back(ts);
    }
    s.lines.order.push_back(it->second);
    s.lines.customer.push_back(p.customer);
    s.lines.item.push_back(p.item);
    s.lines.ts.push_back(ts);
    s.lines.quantity.push_back(1);
    s.lines.unit_price.push_back(s.item_price[static_cast<size_t>(p.item)]);
    records.push_back({p.customer, p.item, 1.0, ts});
    if (!s.first_ts || ts < *s.first_ts) s.first_ts = ts;
    if (!s.last_ts || ts > *s.last_ts) s.last_ts = ts;
  }
  s.interactions = BuildSparseRows(std::move(records), s.customers.size(), s.items.size());
  return s;
}

Snapshot ThreeVisits(int buyers, int customers, int sold_items, int items, int stride,
                     int categories) {
  std::vector<Purchase> p;
  int order = 0;
  for (int c = 0; c < buyers; ++c) {
    for (int visit = 0; visit < 3; ++visit) {
      for (int i = 0; i < 2; ++i) {
        p.push_back({c, (c + visit * 3 + i * stride) % sold_items, order, visit * 9});
      }
      ++order;
    }
  }
  return MakeSnapshot(customers, items, p, categories);
}

RecommendConfig SmallConfig() {
  RecommendConfig config;
  config.als_factors = 4;
  config.als_iterations = 3;
  config.threads = 2;
  config.followup_min_count = 1;
  return config;
}

Snapshot TwoTastes() {
  std::vector<Purchase> p;
  int order = 0;
  for (int c = 0; c < 40; ++c) {
    const int base = c < 20 ? 0 : 5;
    for (int i = 0; i < 5; ++i) {
      if (i != c % 5) p.push_back({c, base + i, order++, i});
    }
  }
  return MakeSnapshot(40, 10, p);
}

SyntheticStore MakeSyntheticStore(int64_t customers, int64_t days) {
  const std::string dir = mercato::testing::FreshDir();
  synth::SynthConfig config;
  config.customers = customers;
  config.days = days;
  SyntheticStore out;
  const Status generated = synth::GenerateStore(config, dir + "/store", nullptr);
  EXPECT_TRUE(generated.ok()) << generated.ToString();
  std::vector<std::string> files;
  for (const char* name : {"products.csv", "customers.csv", "orders.csv", "order_lines.csv"}) {
    files.push_back(dir + "/store/" + name);
  }
  out.store = mercato::testing::FreshStore(dir);
  const ImportReport report = mercato::testing::Import(*out.store, "generic", files);
  EXPECT_TRUE(report.ok()) << report.aborted;
  std::ifstream truth(dir + "/store/truth.json");
  std::stringstream text;
  text << truth.rdbuf();
  out.truth = nlohmann::json::parse(text.str());
  return out;
}

}  // namespace mercato::recommend::testing
