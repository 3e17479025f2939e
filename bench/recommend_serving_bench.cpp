// Serving benchmark: top-10 latency for one user from a loaded ALS model on a 100k-item catalog,
// through the approximate (HNSW) and exact inner-product searches and through the whole serving
// path (model, business rules, reasons), and the HNSW recall@10 against the exact scan; and the
// two-stage ranker's through the serving path, from its stored lists and ranked live, and the
// item ranker's complements and cart lists from its stored per-item lists.
// ALS (64 factors) is trained on a synthetic catalog with planted taste clusters and a Zipf
// popularity, so the factors have the structure of real ones. Prints one JSON object.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <string>

#include "recommend_serving/factor_search.h"
#include "recommend_serving/recommendation_service.h"

namespace {

using mercato::recommend::ScoredItem;
using mercato::serving::FactorSearch;

double Percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

// Users in taste clusters buy mostly (80%) within their cluster, the rest anywhere; items are
// drawn by a Zipf popularity. Interactions are counts.
mercato::Snapshot PlantedSnapshot(int32_t users, int32_t items, int per_user, uint64_t seed) {
  mercato::Snapshot s;
  for (int32_t u = 0; u < users; ++u) s.customers.Add("c" + std::to_string(u));
  for (int32_t i = 0; i < items; ++i) s.items.Add("sku" + std::to_string(i));
  // No catalog: every item's category and price unknown (as a store's snapshot says them).
  s.item_category.assign(static_cast<size_t>(items), mercato::IdIndex::kNone);
  s.item_price.assign(static_cast<size_t>(items), std::numeric_limits<float>::quiet_NaN());
  constexpr int kClusters = 200;
  std::mt19937_64 rng(seed);
  std::vector<double> weight(static_cast<size_t>(items));
  for (int32_t i = 0; i < items; ++i) weight[static_cast<size_t>(i)] = 1.0 / std::pow(i + 1, 0.8);
  std::vector<std::vector<int32_t>> members(kClusters);
  std::vector<std::vector<double>> member_weight(kClusters);
  for (int32_t i = 0; i < items; ++i) {
    const size_t c = rng() % kClusters;
    members[c].push_back(i);
    member_weight[c].push_back(weight[static_cast<size_t>(i)]);
  }
  std::discrete_distribution<int32_t> anywhere(weight.begin(), weight.end());
  std::vector<std::discrete_distribution<size_t>> within;
  for (const auto& w : member_weight) within.emplace_back(w.begin(), w.end());
  auto& m = s.interactions;
  m.rows = users;
  m.cols = items;
  m.row_start.push_back(0);
  for (int32_t u = 0; u < users; ++u) {
    const size_t c = rng() % kClusters;
    std::vector<int64_t> row;
    for (int e = 0; e < per_user; ++e) {
      row.push_back(rng() % 5 < 4 ? members[c][within[c](rng)] : anywhere(rng));
    }
    std::sort(row.begin(), row.end());
    for (size_t e = 0; e < row.size();) {
      size_t same = e;
      while (same < row.size() && row[same] == row[e]) ++same;
      m.col.push_back(row[e]);
      m.value.push_back(static_cast<double>(same - e));
      m.last_ts.push_back(0);
      e = same;
    }
    m.row_start.push_back(static_cast<int64_t>(m.col.size()));
  }
  return s;
}

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

double Seconds(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// The serving index of `snapshot`: its ids, each customer's history as purchases, no orders.
std::unique_ptr<mercato::serving::ServingIndex> BenchIndex(const mercato::Snapshot& snapshot) {
  auto index = std::make_unique<mercato::serving::ServingIndex>();
  index->items = snapshot.items;
  index->customers = snapshot.customers;
  index->purchase_start.assign(snapshot.interactions.row_start.begin(),
                               snapshot.interactions.row_start.end());
  for (int64_t c : snapshot.interactions.col)
    index->purchase_item.push_back(static_cast<int32_t>(c));
  index->order_start.assign(1, 0);
  return index;
}

// Titles, 500 brands, 400 categories, prices up to 200 and 10% out of stock.
mercato::serving::ItemCatalog BenchCatalog(const mercato::IdIndex* ids, int32_t items) {
  mercato::serving::ItemCatalog catalog(ids);
  std::mt19937_64 rng(3);
  for (int32_t i = 0; i < items; ++i) {
    mercato::serving::ItemInfo info;
    info.title = "Item " + std::to_string(i);
    info.brand = "brand" + std::to_string(rng() % 500);
    info.category = "cat" + std::to_string(rng() % 40) + " > sub" + std::to_string(rng() % 10);
    info.price = static_cast<double>(rng() % 20000) / 100.0;
    info.stock =
        rng() % 10 == 0 ? mercato::serving::Stock::kOutOfStock : mercato::serving::Stock::kInStock;
    catalog.Set(i, std::move(info));
  }
  return catalog;
}

// Every customer c0..c{users-1} consenting (US).
mercato::privacy::ConsentLedger BenchLedger(int32_t users) {
  mercato::privacy::ConsentLedger ledger;
  for (int32_t u = 0; u < users; ++u) ledger.SetCountry("c" + std::to_string(u), "US");
  return ledger;
}

// The query without rules and the one with the usual rules (in stock, no purchased item, at most
// 2 per brand, at most 150).
mercato::serving::Query PlainQuery() { return {}; }
mercato::serving::Query FilteredQuery() {
  mercato::serving::Query q;
  q.filters.in_stock = true;
  q.filters.exclude_purchased = true;
  q.filters.max_per_brand = 2;
  q.filters.max_price = 150;
  return q;
}

nlohmann::json Percentiles(const std::vector<double>& micros) {
  return {{"p50", Percentile(micros, 0.5)}, {"p99", Percentile(micros, 0.99)}};
}

// The two-stage ranker's top-10 for one user through the serving path on the same catalog size,
// for `users` customers of the same planted data: trained with its lists stored at training
// (served by lookup) and without (ranked live per query, the reference), with the model defaults
// except EASE's dense solve capped at 2,000 items (the ranker's training time, not its query
// time, grows with it). Each customer is asked once per timing, so the plain timing never hits
// the service's memo of candidates; the filtered one, asked after it, may (as repeat visitors do).
nlohmann::json RankerLatency(int32_t items, int32_t users) {
  using mercato::recommend::ModelKind;
  const mercato::Snapshot snapshot = PlantedSnapshot(users, items, 30, 11);
  mercato::recommend::RecommendConfig config;
  config.ease_max_items = 2000;
  nlohmann::json j = {{"users", users}, {"items", items}, {"ease_max_items", 2000}};
  std::vector<std::string> ids;
  for (int32_t u = 0; u < users; ++u) ids.push_back("c" + std::to_string(u));
  size_t sink = 0;
  for (const int stored : {config.ranker_stored_items, 0}) {
    config.ranker_stored_items = stored;
    auto t0 = std::chrono::steady_clock::now();
    auto ranker = mercato::recommend::Train(ModelKind::kRanker, {snapshot, {}}, config);
    if (!ranker.ok()) {
      std::fprintf(stderr, "ranker: %s\n", ranker.status().ToString().c_str());
      std::exit(1);
    }
    const double train_s = Seconds(t0);
    std::string bytes;
    ranker.value()->Serialize(bytes);
    mercato::serving::RecommendationService::Models models;
    models[static_cast<size_t>(ModelKind::kRanker)] = std::move(ranker).value();
    models[static_cast<size_t>(ModelKind::kPopularity)] = std::make_unique<RankModel>(items);
    auto index = BenchIndex(snapshot);
    mercato::serving::ItemCatalog catalog = BenchCatalog(&index->items, items);
    const mercato::serving::RecommendationService service(std::move(index), std::move(models),
                                                          std::move(catalog), BenchLedger(users));
    mercato::serving::Query plain = PlainQuery(), filtered = FilteredQuery();
    plain.model = filtered.model = ModelKind::kRanker;
    // Ranked live, a query costs milliseconds: 200 customers suffice for its percentiles.
    const int queries = stored > 0 ? users : std::min(users, 200);
    int personalized = 0;
    const auto served = TimeEach(queries, [&](int q) {
      const auto list = service.ForUser(ids[static_cast<size_t>(q)], plain).value();
      personalized += list.personalized;
      sink += list.items.size();
    });
    const auto served_filtered = TimeEach(queries, [&](int q) {
      sink += service.ForUser(ids[static_cast<size_t>(q)], filtered)->items.size();
    });
    j[stored > 0 ? "stored" : "live"] = {
        {"ranker_stored_items", stored},
        {"train_seconds", train_s},
        {"artifact_bytes", bytes.size()},
        {"queries", queries},
        {"personalized", personalized},
        {"service_top10_us", Percentiles(served)},
        {"service_filtered_top10_us", Percentiles(served_filtered)}};
  }
  j["checksum"] = sink;
  return j;
}

// The item ranker's top-10 through the serving path, from the lists it stores per item at
// training, on the same catalog size and planted data: a product page's complements (one
// anchor: a lookup) and a cart of 3 items (the three anchors' lists merged), each asked for
// `users` sold items / carts.
nlohmann::json ItemRankerLatency(int32_t items, int32_t users) {
  using mercato::recommend::ModelKind;
  const mercato::Snapshot snapshot = PlantedSnapshot(users, items, 30, 11);
  mercato::recommend::RecommendConfig config;
  config.ease_max_items = 2000;
  auto t0 = std::chrono::steady_clock::now();
  auto ranker = mercato::recommend::Train(ModelKind::kItemRanker, {snapshot, {}}, config);
  if (!ranker.ok()) {
    std::fprintf(stderr, "item ranker: %s\n", ranker.status().ToString().c_str());
    std::exit(1);
  }
  const double train_s = Seconds(t0);
  std::string bytes;
  ranker.value()->Serialize(bytes);
  // The sold items, in id order: the anchors with a stored list.
  std::vector<std::string> skus;
  std::vector<bool> sold(static_cast<size_t>(items), false);
  for (const auto col : snapshot.interactions.col) sold[static_cast<size_t>(col)] = true;
  for (int32_t i = 0; i < items && static_cast<int32_t>(skus.size()) < users; ++i) {
    if (sold[static_cast<size_t>(i)]) skus.push_back("sku" + std::to_string(i));
  }
  mercato::serving::RecommendationService::Models models;
  models[static_cast<size_t>(ModelKind::kItemRanker)] = std::move(ranker).value();
  models[static_cast<size_t>(ModelKind::kPopularity)] = std::make_unique<RankModel>(items);
  auto index = BenchIndex(snapshot);
  mercato::serving::ItemCatalog catalog = BenchCatalog(&index->items, items);
  const mercato::serving::RecommendationService service(std::move(index), std::move(models),
                                                        std::move(catalog), BenchLedger(users));
  mercato::serving::Query plain = PlainQuery(), filtered = FilteredQuery();
  plain.model = filtered.model = ModelKind::kItemRanker;
  const int queries = static_cast<int>(skus.size());
  size_t sink = 0;
  const auto item = TimeEach(queries, [&](int q) {
    sink += service
                .ForItem(skus[static_cast<size_t>(q)],
                         mercato::serving::ItemRelation::kComplementary, plain)
                ->items.size();
  });
  const auto cart = TimeEach(queries, [&](int q) {
    const std::string three[] = {skus[static_cast<size_t>(q)],
                                 skus[static_cast<size_t>((q + 1) % queries)],
                                 skus[static_cast<size_t>((q + 2) % queries)]};
    sink += service.ForCart(three, filtered)->items.size();
  });
  return {{"users", users},
          {"items", items},
          {"ease_max_items", 2000},
          {"ranker_stored_items", config.ranker_stored_items},
          {"train_seconds", train_s},
          {"artifact_bytes", bytes.size()},
          {"queries", queries},
          {"complementary_top10_us", Percentiles(item)},
          {"cart3_filtered_top10_us", Percentiles(cart)},
          {"checksum", sink}};
}

}  // namespace

int main(int argc, char** argv) {
  int32_t items = 100000, dim = 64, queries = 2000, users = 20000, ranker_users = 2000;
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
    else if (flag == "--ranker-users")  // 0: no ranker figures
      ranker_users = value;
  }
  using mercato::recommend::ModelKind;
  const mercato::Snapshot snapshot = PlantedSnapshot(users, items, 30, 7);
  mercato::recommend::RecommendConfig config;
  config.als_factors = dim;
  config.als_iterations = 15;
  auto t0 = std::chrono::steady_clock::now();
  auto als = mercato::recommend::Train(ModelKind::kAls, {snapshot, {}}, config).value();
  const double train_s = Seconds(t0);

  // The service over the ALS model (its graph built and calibrated while loading), every
  // customer consenting (US), each customer's history as purchases.
  auto index = BenchIndex(snapshot);
  mercato::serving::ItemCatalog catalog = BenchCatalog(&index->items, items);
  mercato::privacy::ConsentLedger ledger = BenchLedger(users);
  mercato::serving::RecommendationService::Models models;
  const mercato::recommend::Recommender* als_model = als.get();
  models[static_cast<size_t>(ModelKind::kAls)] = std::move(als);
  models[static_cast<size_t>(ModelKind::kPopularity)] = std::make_unique<RankModel>(items);
  t0 = std::chrono::steady_clock::now();  // the graph is built and calibrated while loading
  mercato::serving::FactorSearchOptions options;
  mercato::serving::RecommendationService service(std::move(index), std::move(models),
                                                  std::move(catalog), std::move(ledger), options);
  const double load_s = Seconds(t0);
  const mercato::recommend::Recommender& model = *als_model;
  // The graph kept between loads (FactorSearchOptions::cache_prefix): built and saved, then
  // read back, in a fresh directory.
  const auto factors = model.Factors();
  // mkdtemp replaces the trailing XXXXXX of the template with a unique name.
  std::string cache_dir = (std::filesystem::temp_directory_path() / "mercato_hnsw_XXXXXX").string();
  if (mkdtemp(cache_dir.data()) == nullptr) {
    std::fprintf(stderr, "cannot create a temporary directory\n");
    return 1;
  }
  mercato::serving::FactorSearchOptions cached = options;
  cached.cache_prefix = cache_dir + "/graph";
  t0 = std::chrono::steady_clock::now();
  const bool saved =
      !FactorSearch::Build({factors->items.begin(), factors->items.end()}, factors->dim, cached)
           .value()
           ->loaded_from_cache();
  const double build_and_save_s = Seconds(t0);
  t0 = std::chrono::steady_clock::now();
  const bool reloaded =
      FactorSearch::Build({factors->items.begin(), factors->items.end()}, factors->dim, cached)
          .value()
          ->loaded_from_cache();
  const double load_saved_s = Seconds(t0);
  std::filesystem::remove_all(cache_dir);
  if (!saved || !reloaded) {
    std::fprintf(stderr, "the graph was not saved and read back\n");
    return 1;
  }
  const FactorSearch* search = service.Search(ModelKind::kAls);
  if (search == nullptr) {
    std::fprintf(stderr, "the catalog is below the approximate-search threshold\n");
    return 1;
  }

  // Recall@10 of the service's graph (at the ef it calibrated on a sample of users) against the
  // exact scan, on other users than the calibration sample; the latency of both searches.
  auto query = [&](int q) { return model.UserFactors((q * 7 + 1) % users); };
  size_t sink = 0;
  const int recall_queries = std::min(queries, 1000);
  size_t hits = 0;
  for (int q = 0; q < recall_queries; ++q) {
    std::set<int32_t> truth;
    for (const auto& s : search->SearchExact(query(q), 10)) truth.insert(s.item);
    for (const auto& s : search->Search(query(q), 10)) hits += truth.count(s.item);
  }
  const double recall = static_cast<double>(hits) / (10.0 * recall_queries);
  const auto exact = TimeEach(std::min(queries, 500),
                              [&](int q) { sink += search->SearchExact(query(q), 10).size(); });
  const auto approx =
      TimeEach(queries, [&](int q) { sink += search->Search(query(q), 10).size(); });

  const mercato::serving::Query plain = PlainQuery(), filtered = FilteredQuery();
  std::vector<std::string> ids;
  for (int32_t u = 0; u < users; ++u) ids.push_back("c" + std::to_string(u));
  int personalized = 0;
  for (int q = 0; q < 200; ++q)
    personalized += service.ForUser(ids[static_cast<size_t>(q)], plain)->personalized;
  const auto served = TimeEach(queries, [&](int q) {
    sink += service.ForUser(ids[static_cast<size_t>(q % users)], plain)->items.size();
  });
  const auto served_filtered = TimeEach(queries, [&](int q) {
    sink += service.ForUser(ids[static_cast<size_t>(q % users)], filtered)->items.size();
  });

  nlohmann::json j = {
      {"items", items},
      {"users", users},
      {"interactions", snapshot.interactions.nnz()},
      {"dim", dim},
      {"queries", queries},
      {"als_train_seconds", train_s},
      {"hnsw_m", options.m},
      {"hnsw_ef_construction", options.ef_construction},
      {"hnsw_ef_search", search->ef_search()},
      {"hnsw_target_recall", options.target_recall},
      {"service_load_seconds", load_s},
      {"hnsw_build_and_save_seconds", build_and_save_s},
      {"hnsw_load_saved_seconds", load_saved_s},
      {"hnsw_recall_at_10", recall},
      {"hnsw_top10_us", {{"p50", Percentile(approx, 0.5)}, {"p99", Percentile(approx, 0.99)}}},
      {"exact_top10_us", {{"p50", Percentile(exact, 0.5)}, {"p99", Percentile(exact, 0.99)}}},
      {"service_top10_us", {{"p50", Percentile(served, 0.5)}, {"p99", Percentile(served, 0.99)}}},
      {"service_filtered_top10_us",
       {{"p50", Percentile(served_filtered, 0.5)}, {"p99", Percentile(served_filtered, 0.99)}}},
      {"service_personalized_of_200", personalized},
      {"checksum", sink}};
  if (ranker_users > 0) j["ranker"] = RankerLatency(items, ranker_users);
  if (ranker_users > 0) j["item_ranker"] = ItemRankerLatency(items, ranker_users);
  std::printf("%s\n", j.dump(2).c_str());
  return 0;
}
