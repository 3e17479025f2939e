// Serving benchmark: top-10 latency for one user on a 100k-item catalog, through the
// approximate (HNSW) and exact inner-product searches and through the whole serving path
// (model, business rules, reasons), and the HNSW recall@10 against the exact scan.
// Prints one JSON object. Random factors (normal, seeded): no data set needed.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <string>

#include "recommend_serving/factor_search.h"
#include "recommend_serving/recommendation_service.h"

namespace {

using mercato::recommend::ScoredItem;
using mercato::serving::FactorSearch;

std::vector<float> RandomFactors(int64_t rows, int dim, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  std::vector<float> v(static_cast<size_t>(rows * dim));
  for (float& x : v) x = normal(rng);
  return v;
}

double Percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

// A latent-factor model answering ForUser from user factors through a FactorSearch: what a
// loaded matrix-factorization model does at serving time.
class FactorModel final : public mercato::recommend::Recommender {
 public:
  FactorModel(std::vector<float> users, const FactorSearch& items)
      : users_(std::move(users)), items_(items) {}
  mercato::recommend::ModelKind kind() const override {
    return mercato::recommend::ModelKind::kAls;
  }
  int32_t num_items() const override { return items_.size(); }
  std::vector<ScoredItem> ForUser(int32_t customer, int k) const override {
    const std::span<const float> u(users_.data() + static_cast<size_t>(customer) * items_.dim(),
                                   static_cast<size_t>(items_.dim()));
    auto top = items_.Search(u, k);
    for (auto& s : top) s.reason.kind = mercato::recommend::ReasonKind::kPersonalized;
    return top;
  }
  std::vector<ScoredItem> ForItems(std::span<const mercato::recommend::ContextItem>,
                                   int) const override {
    return {};
  }
  std::vector<ScoredItem> Related(int32_t, int) const override { return {}; }
  void Serialize(std::string&) const override {}

 private:
  std::vector<float> users_;
  const FactorSearch& items_;
};

// A fixed popularity ranking for the backfill.
class RankModel final : public mercato::recommend::Recommender {
 public:
  explicit RankModel(int32_t items) : items_(items) {}
  mercato::recommend::ModelKind kind() const override {
    return mercato::recommend::ModelKind::kPopularity;
  }
  int32_t num_items() const override { return items_; }
  std::vector<ScoredItem> ForUser(int32_t, int k) const override { return Top(k); }
  std::vector<ScoredItem> ForItems(std::span<const mercato::recommend::ContextItem>,
                                   int k) const override {
    return Top(k);
  }
  std::vector<ScoredItem> Related(int32_t, int k) const override { return Top(k); }
  void Serialize(std::string&) const override {}

 private:
  std::vector<ScoredItem> Top(int k) const {
    std::vector<ScoredItem> out;
    for (int32_t i = 0; i < std::min(k, items_); ++i) {
      out.push_back({i, static_cast<float>(items_ - i), {}});
    }
    return out;
  }
  int32_t items_;
};

template <class F>
std::vector<double> TimeEach(int n, F f) {
  std::vector<double> micros;
  for (int i = 0; i < n; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    f(i);
    micros.push_back(
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count());
  }
  return micros;
}

}  // namespace

int main(int argc, char** argv) {
  int32_t items = 100000, dim = 64, queries = 2000, users = 10000;
  mercato::serving::FactorSearchOptions options;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const int value = std::atoi(argv[i + 1]);
    if (flag == "--items")
      items = value;
    else if (flag == "--dim")
      dim = value;
    else if (flag == "--queries")
      queries = value;
    else if (flag == "--users")
      users = value;
  }
  const auto t0 = std::chrono::steady_clock::now();
  auto search = FactorSearch::Build(RandomFactors(items, dim, 1), dim, options).value();
  const double build_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const std::vector<float> user_factors = RandomFactors(users, dim, 2);
  auto query = [&](int q) {
    return std::span<const float>(user_factors.data() + static_cast<size_t>(q % users) * dim,
                                  static_cast<size_t>(dim));
  };

  size_t sink = 0;
  const int recall_queries = std::min(queries, 500);
  std::vector<std::set<int32_t>> truth(static_cast<size_t>(recall_queries));
  for (int q = 0; q < recall_queries; ++q) {
    for (const auto& s : search->SearchExact(query(q), 10))
      truth[static_cast<size_t>(q)].insert(s.item);
  }
  const auto exact = TimeEach(std::min(queries, 300),
                              [&](int q) { sink += search->SearchExact(query(q), 10).size(); });
  // Recall and latency per search candidate list size; the serving path uses the smallest that
  // reaches 0.95 recall@10 (or the largest tried).
  nlohmann::json sweep = nlohmann::json::array();
  double recall = 0;
  std::vector<double> approx;
  for (int ef : {options.ef_search, 2 * options.ef_search, 4 * options.ef_search}) {
    search->SetEfSearch(ef);
    size_t hits = 0;
    for (int q = 0; q < recall_queries; ++q) {
      for (const auto& s : search->Search(query(q), 10))
        hits += truth[static_cast<size_t>(q)].count(s.item);
    }
    recall = static_cast<double>(hits) / (10.0 * recall_queries);
    approx = TimeEach(queries, [&](int q) { sink += search->Search(query(q), 10).size(); });
    sweep.push_back({{"ef_search", ef},
                     {"recall_at_10", recall},
                     {"p50_us", Percentile(approx, 0.5)},
                     {"p99_us", Percentile(approx, 0.99)}});
    options.ef_search = ef;
    if (recall >= 0.95) break;
  }

  // The whole serving path: a service over the same factors, every customer consenting (US).
  auto index = std::make_unique<mercato::serving::ServingIndex>();
  for (int32_t i = 0; i < items; ++i) index->items.Add("sku" + std::to_string(i));
  for (int32_t u = 0; u < users; ++u) index->customers.Add("c" + std::to_string(u));
  index->purchase_start.assign(static_cast<size_t>(users) + 1, 0);
  index->order_start.assign(1, 0);
  mercato::serving::ItemCatalog catalog(&index->items);
  std::mt19937_64 rng(3);
  for (int32_t i = 0; i < items; ++i) {
    catalog.Set(i, {"Item " + std::to_string(i), "brand" + std::to_string(rng() % 500),
                    "cat" + std::to_string(rng() % 40) + " > sub" + std::to_string(rng() % 10),
                    static_cast<double>(rng() % 20000) / 100.0, "",
                    rng() % 10 == 0 ? mercato::serving::Stock::kOutOfStock
                                    : mercato::serving::Stock::kInStock});
  }
  mercato::privacy::ConsentLedger ledger;
  for (int32_t u = 0; u < users; ++u) ledger.SetCountry("c" + std::to_string(u), "US");
  mercato::serving::RecommendationService::Models models;
  models[static_cast<size_t>(mercato::recommend::ModelKind::kAls)] =
      std::make_unique<FactorModel>(user_factors, *search);
  models[static_cast<size_t>(mercato::recommend::ModelKind::kPopularity)] =
      std::make_unique<RankModel>(items);
  mercato::serving::RecommendationService service(std::move(index), std::move(models),
                                                  std::move(catalog), std::move(ledger));
  mercato::serving::Query plain;
  mercato::serving::Query filtered;
  filtered.filters.in_stock = true;
  filtered.filters.max_per_brand = 2;
  filtered.filters.max_price = 150;
  std::vector<std::string> ids;
  for (int32_t u = 0; u < users; ++u) ids.push_back("c" + std::to_string(u));
  const auto served = TimeEach(queries, [&](int q) {
    sink += service.ForUser(ids[static_cast<size_t>(q % users)], plain)->items.size();
  });
  const auto served_filtered = TimeEach(queries, [&](int q) {
    sink += service.ForUser(ids[static_cast<size_t>(q % users)], filtered)->items.size();
  });

  nlohmann::json j = {
      {"items", items},
      {"dim", dim},
      {"queries", queries},
      {"hnsw_m", options.m},
      {"hnsw_ef_construction", options.ef_construction},
      {"hnsw_ef_search", options.ef_search},
      {"hnsw_build_seconds", build_s},
      {"hnsw_recall_at_10", recall},
      {"hnsw_sweep", sweep},
      {"hnsw_top10_us", {{"p50", Percentile(approx, 0.5)}, {"p99", Percentile(approx, 0.99)}}},
      {"exact_top10_us", {{"p50", Percentile(exact, 0.5)}, {"p99", Percentile(exact, 0.99)}}},
      {"service_top10_us", {{"p50", Percentile(served, 0.5)}, {"p99", Percentile(served, 0.99)}}},
      {"service_filtered_top10_us",
       {{"p50", Percentile(served_filtered, 0.5)}, {"p99", Percentile(served_filtered, 0.99)}}},
      {"checksum", sink}};
  std::printf("%s\n", j.dump(2).c_str());
  return 0;
}
