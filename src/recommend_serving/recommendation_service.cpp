// Serving each surface: consent check, model choice, over-fetch, business rules, backfill.
#include "recommend_serving/recommendation_service.h"

#include <algorithm>
#include <ctime>
#include <filesystem>

#include "artifact/artifact.h"
#include "recommend_serving/reason_text.h"

namespace mercato::serving {
namespace {

using recommend::ContextEvent;
using recommend::ContextItem;
using recommend::ModelKind;
using recommend::Recommender;
using recommend::ScoredItem;

bool IsBaseline(ModelKind kind) {
  return kind == ModelKind::kPopularity || kind == ModelKind::kTrending;
}

// Candidates asked for first: enough for k after the rules drop some.
// Subjects whose candidates are remembered at once: 32,768 × CandidateMemo::kDepth candidates,
// about 50 MB at most (memory grows only with the subjects asked for). A store's active
// customers fit: with 20,000 customers asked at random, a direct-mapped memo of 16,384 slots
// answered only 58% of the asks from memory (a slot's expected share, (1 - e^-λ) / λ with
// λ = 20,000 / 16,384); four ways and twice the room answer 89% (simulated: uniform asks,
// least recently asked out).
constexpr size_t kMemoEntries = 32768;

int FirstFetch(int k, size_t blocked) {
  return std::max(4 * k, k + static_cast<int>(blocked) + 16);
}

Status CheckQuery(const Query& query) {
  if (query.k <= 0) return InvalidArgument("k must be at least 1");
  return ValidateFilters(query.filters);
}

}  // namespace

std::string ModelArtifactKind(ModelKind kind) {
  return "recommend." + std::string(recommend::ModelKindName(kind));
}

RecommendationService::RecommendationService(std::unique_ptr<ServingIndex> index, Models models,
                                             ItemCatalog catalog, privacy::ConsentLedger ledger,
                                             const FactorSearchOptions& search,
                                             ModelSelection selection)
    : index_(std::move(index)),
      models_(std::move(models)),
      catalog_(std::move(catalog)),
      ledger_(std::move(ledger)),
      memo_(std::make_unique<CandidateMemo>(kMemoEntries)),
      selection_(std::move(selection)) {
  for (Surface surface : kSurfaces) {
    preference_[static_cast<size_t>(surface)] = Preference(surface, selection_);
  }
  for (int32_t c = 0; c < index_->customers.size(); ++c) {
    for (int32_t item : index_->PurchasesOf(c)) {
      if (item < catalog_.size()) catalog_.SetBuyers(item, catalog_.Buyers(item) + 1);
    }
  }
  std::vector<std::vector<int32_t>> orders_of(static_cast<size_t>(index_->customers.size()));
  for (size_t o = 0; o < index_->order_customer.size(); ++o) {
    const int32_t c = index_->order_customer[o];
    if (c != IdIndex::kNone) orders_of[static_cast<size_t>(c)].push_back(static_cast<int32_t>(o));
  }
  customer_order_start_.push_back(0);
  for (const auto& orders : orders_of) {
    customer_order_.insert(customer_order_.end(), orders.begin(), orders.end());
    customer_order_start_.push_back(static_cast<int64_t>(customer_order_.size()));
  }
  cycles_ = RepurchaseCycles(*index_, catalog_);
  for (const Timestamp ts : index_->order_ts) last_order_ts_ = std::max(last_order_ts_, ts);
  for (size_t k = 0; k < kModelKinds; ++k) {
    const Recommender* m = models_[k].get();
    const auto factors = m != nullptr ? m->Factors() : std::nullopt;
    if (!factors || m->num_items() < search.exact_below) continue;
    FactorSearchOptions options = search;
    if (!options.cache_prefix.empty()) {
      options.cache_prefix += "." + ModelArtifactKind(static_cast<ModelKind>(k));
    }
    auto built =
        FactorSearch::Build({factors->items.begin(), factors->items.end()}, factors->dim, options);
    if (!built.ok() || !built.value()->approximate()) continue;
    // The users' own vectors, evenly spaced, are the queries the graph is tuned for.
    constexpr int32_t kCalibrationUsers = 200;
    const int32_t customers = index_->customers.size();
    std::vector<float> sample;
    for (int32_t c = 0, taken = 0; c < customers && taken < kCalibrationUsers;
         c += std::max(1, customers / kCalibrationUsers)) {
      const std::span<const float> user = m->UserFactors(c);
      sample.insert(sample.end(), user.begin(), user.end());
      taken += !user.empty();
    }
    built.value()->Calibrate(sample, 10, search.target_recall);
    searches_[k] = std::move(built).value();
  }
}

RecommendationService::~RecommendationService() = default;

Result<const Recommender*> RecommendationService::Pick(const Query& query, Surface surface) const {
  if (query.model) {
    if (const Recommender* m = Model(*query.model)) return m;
    return FailedPrecondition("model '" + std::string(recommend::ModelKindName(*query.model)) +
                              "' has no trained artifact; run `mercato train recommend`");
  }
  for (ModelKind kind : preference_[static_cast<size_t>(surface)]) {
    if (const Recommender* m = Model(kind)) return m;
  }
  return FailedPrecondition("no trained recommendation model; run `mercato train recommend`");
}

bool RecommendationService::Personalizes(std::string_view customer_id, const Query& query) const {
  if (query.personalization_allowed) return *query.personalization_allowed;
  return ledger_.Allows(customer_id, privacy::Purpose::kPersonalization);
}

std::span<const int32_t> RecommendationService::Purchased(int32_t customer, const Query& query,
                                                          std::vector<int32_t>& storage) const {
  const std::span<const int32_t> trained = index_->PurchasesOf(customer);
  if (query.recent_purchases.empty()) return trained;
  storage.assign(trained.begin(), trained.end());
  for (const std::string& sku : query.recent_purchases) {
    const int32_t item = index_->items.Find(sku);
    if (item != IdIndex::kNone) storage.push_back(item);
  }
  std::sort(storage.begin(), storage.end());
  storage.erase(std::unique(storage.begin(), storage.end()), storage.end());
  return storage;
}

RepurchaseClock RecommendationService::Clock(
    int32_t customer, const Query& query,
    std::vector<std::pair<int32_t, Timestamp>>& storage) const {
  // Unset, "now" is the store's own clock: the latest order the models know, never later than
  // the wall clock. A store trained on a historical export is judged on its own timeline, and a
  // purchase never comes back earlier than its learned interval says.
  const auto wall = static_cast<Timestamp>(std::time(nullptr));
  const Timestamp now =
      query.now.value_or(last_order_ts_ > 0 ? std::min(wall, last_order_ts_) : wall);
  storage.clear();
  if (customer >= 0 && customer < index_->customers.size()) {
    const auto c = static_cast<size_t>(customer);
    storage = LastPurchases(
        *index_, catalog_,
        std::span<const int32_t>(customer_order_)
            .subspan(static_cast<size_t>(customer_order_start_[c]),
                     static_cast<size_t>(customer_order_start_[c + 1] - customer_order_start_[c])));
  }
  if (!query.recent_purchases.empty()) {
    for (const std::string& sku : query.recent_purchases) {
      const int32_t item = index_->items.Find(sku);
      if (item != IdIndex::kNone) storage.emplace_back(catalog_.ProductOf(item), now);
    }
    KeepLatestPerProduct(storage);
  }
  return {&cycles_, storage, now};
}

template <class Ask, class Explain>
RecommendationList RecommendationService::Serve(
    const Recommender* model, Ask ask, const Query& query, std::span<const int32_t> purchased,
    const RepurchaseClock& clock, std::span<const int32_t> context, Explain explain) const {
  const RuleSet rules(query.filters, catalog_, purchased, context, clock);
  const int k = std::min(query.k, catalog_.size());
  std::vector<ScoredItem> chosen;
  chosen.reserve(static_cast<size_t>(std::max(k, 0)));
  std::vector<ModelKind> source;
  // Items the rules will drop from the top of the list: over-fetch for them.
  const size_t blocked = (query.filters.exclude_purchased ? purchased.size() : 0) + context.size() +
                         query.filters.exclude.size();
  // Asks `fetch(n)` for ever more candidates until k pass the rules or the model has no more.
  auto fill_from = [&](const Recommender* m, auto fetch) {
    if (m == nullptr) return;
    const int all = m->num_items();
    for (int n = std::min(FirstFetch(k, blocked), all);; n = std::min(4 * n, all)) {
      const std::vector<ScoredItem> candidates = fetch(n);
      const bool full = rules.Fill(candidates, k, chosen);
      source.resize(chosen.size(), m->kind());
      if (full || static_cast<int>(candidates.size()) < n || n >= all) return;
    }
  };
  fill_from(model, ask);
  explain(std::span<ScoredItem>(chosen.data(), source.size()));
  for (ModelKind backfill : {ModelKind::kTrending, ModelKind::kPopularity}) {
    const Recommender* m = Model(backfill);
    if (m == model || static_cast<int>(chosen.size()) >= k) continue;
    fill_from(m, [m](int n) { return m->ForItems({}, n); });
  }
  RecommendationList list;
  list.items.reserve(chosen.size());
  for (size_t i = 0; i < chosen.size(); ++i) {
    const ScoredItem& s = chosen[i];
    const ItemInfo& info = catalog_.Info(s.item);
    list.items.push_back({catalog_.Sku(s.item), info.title, info.price, info.url, info.image_url,
                          s.score, source[i], s.reason, RenderReason(s.reason, s.item, catalog_)});
  }
  return list;
}

RecommendationList RecommendationService::Trending(const Query& query, std::string fallback,
                                                   std::span<const int32_t> context,
                                                   std::span<const int32_t> purchased,
                                                   const RepurchaseClock& clock) const {
  const Recommender* m = Model(ModelKind::kTrending);
  if (m == nullptr) m = Model(ModelKind::kPopularity);
  RecommendationList list = Serve(
      m, [m](int n) { return m->ForItems({}, n); }, query, purchased, clock, context);
  list.fallback = std::move(fallback);
  return list;
}

Result<RecommendationList> RecommendationService::ForUser(std::string_view customer_id,
                                                          const Query& query) const {
  RETURN_IF_ERROR(CheckQuery(query));
  const int32_t customer = index_->customers.Find(customer_id);
  if (!Personalizes(customer_id, query)) {
    return Trending(query,
                    customer == IdIndex::kNone ? "unknown customer: trending items"
                                               : "no personalization consent: trending items",
                    {});
  }
  std::vector<int32_t> storage;
  const std::span<const int32_t> purchased = Purchased(customer, query, storage);
  std::vector<std::pair<int32_t, Timestamp>> last_bought;
  const RepurchaseClock clock = Clock(customer, query, last_bought);
  if (customer == IdIndex::kNone) {
    // No trained history; purchases made since training still count for exclude_purchased.
    return Trending(query, "unknown customer: trending items", {}, purchased, clock);
  }
  ASSIGN_OR_RETURN(const Recommender* model, Pick(query, Surface::kUser));
  const FactorSearch* search = searches_[static_cast<size_t>(model->kind())].get();
  const std::span<const float> user = model->UserFactors(customer);
  RecommendationList list =
      search != nullptr
          ? Serve(
                model,
                [&](int n) {
                  return user.empty() ? std::vector<ScoredItem>{} : search->Search(user, n);
                },
                query, purchased, clock, {},
                [&](std::span<ScoredItem> found) { model->ExplainForUser(customer, found); })
          : Serve(model,
                  [&](int n) {
                    return memo_->Get(CandidateMemo::Key(model->kind(), customer), n,
                                      [&](int m) { return model->ForUser(customer, m); });
                  },
                  query, purchased, clock, {});
  list.personalized = std::any_of(list.items.begin(), list.items.end(), [&](const auto& r) {
    return r.model == model->kind() && !IsBaseline(r.model);
  });
  if (!list.personalized) list.fallback = "no usable history: trending items";
  return list;
}

Result<RecommendationList> RecommendationService::ForItem(std::string_view sku,
                                                          ItemRelation relation,
                                                          const Query& query) const {
  RETURN_IF_ERROR(CheckQuery(query));
  const int32_t item = index_->items.Find(sku);
  if (item == IdIndex::kNone) {
    return NotFound("unknown SKU '" + std::string(sku) +
                    "': the trained models have not seen it; check the SKU, or import it and run "
                    "`mercato train recommend`");
  }
  ASSIGN_OR_RETURN(const Recommender* model,
                   Pick(query, relation == ItemRelation::kComplementary ? Surface::kComplementary
                                                                        : Surface::kSimilar));
  const int32_t customer = index_->customers.Find(query.customer_id);
  const bool history = query.filters.exclude_purchased && !query.customer_id.empty() &&
                       (customer != IdIndex::kNone || !query.recent_purchases.empty()) &&
                       Personalizes(query.customer_id, query);
  std::vector<int32_t> storage;
  const std::span<const int32_t> purchased =
      history ? Purchased(customer, query, storage) : std::span<const int32_t>{};
  std::vector<std::pair<int32_t, Timestamp>> last_bought;
  const RepurchaseClock clock = history ? Clock(customer, query, last_bought) : RepurchaseClock{};
  const int32_t context[] = {item};
  RecommendationList list = Serve(
      model, [&](int n) { return model->Related(item, n); }, query, purchased, clock, context);
  list.personalized = history;
  return list;
}

Result<RecommendationList> RecommendationService::ForCart(std::span<const std::string> skus,
                                                          const Query& query) const {
  RETURN_IF_ERROR(CheckQuery(query));
  std::vector<ContextItem> context;
  std::vector<int32_t> in_cart;
  for (const std::string& sku : skus) {
    const int32_t item = index_->items.Find(sku);
    if (item == IdIndex::kNone) continue;
    context.push_back({item, ContextEvent::kAddToCart});
    in_cart.push_back(item);
  }
  if (context.empty()) {
    return Trending(query, "no SKU of the cart is known to the models: trending items", {});
  }
  ASSIGN_OR_RETURN(const Recommender* model, Pick(query, Surface::kCart));
  const int32_t customer = index_->customers.Find(query.customer_id);
  const bool history = query.filters.exclude_purchased && !query.customer_id.empty() &&
                       (customer != IdIndex::kNone || !query.recent_purchases.empty()) &&
                       Personalizes(query.customer_id, query);
  std::vector<int32_t> storage;
  const std::span<const int32_t> purchased =
      history ? Purchased(customer, query, storage) : std::span<const int32_t>{};
  std::vector<std::pair<int32_t, Timestamp>> last_bought;
  const RepurchaseClock clock = history ? Clock(customer, query, last_bought) : RepurchaseClock{};
  RecommendationList list = Serve(
      model, [&](int n) { return model->ForItems(context, n); }, query, purchased, clock, in_cart);
  list.personalized = history;
  return list;
}

Result<RecommendationList> RecommendationService::AfterOrder(std::string_view order_id,
                                                             const Query& query) const {
  RETURN_IF_ERROR(CheckQuery(query));
  const int32_t order = index_->orders.Find(order_id);
  if (order == IdIndex::kNone) {
    return NotFound("unknown order '" + std::string(order_id) +
                    "': not in the data the models were trained on; run `mercato train "
                    "recommend` after importing it");
  }
  const int32_t customer = index_->order_customer[static_cast<size_t>(order)];
  const std::span<const int32_t> items = index_->ItemsOf(order);
  if (customer == IdIndex::kNone || !Personalizes(index_->customers.Key(customer), query)) {
    return Trending(query, "no personalization consent for the order's customer: trending items",
                    items);
  }
  ASSIGN_OR_RETURN(const Recommender* model, Pick(query, Surface::kPostPurchase));
  std::vector<int32_t> storage;
  std::vector<std::pair<int32_t, Timestamp>> last_bought;
  RecommendationList list = Serve(
      model, [&](int n) { return model->AfterPurchase(items, n); }, query,
      Purchased(customer, query, storage), Clock(customer, query, last_bought), items);
  list.personalized = true;
  return list;
}

Result<RecommendationList> RecommendationService::AfterNewOrder(std::string_view customer_id,
                                                                std::span<const std::string> skus,
                                                                const Query& query) const {
  RETURN_IF_ERROR(CheckQuery(query));
  std::vector<int32_t> items;
  for (const std::string& sku : skus) {
    const int32_t item = index_->items.Find(sku);
    if (item != IdIndex::kNone) items.push_back(item);
  }
  std::sort(items.begin(), items.end());
  items.erase(std::unique(items.begin(), items.end()), items.end());
  if (items.empty()) {
    return Trending(query, "no SKU of the order is known to the models: trending items", {});
  }
  if (customer_id.empty() || !Personalizes(customer_id, query)) {
    return Trending(query, "no personalization consent for the order's customer: trending items",
                    items);
  }
  ASSIGN_OR_RETURN(const Recommender* model, Pick(query, Surface::kPostPurchase));
  Query bought = query;  // the order's lines are purchases made now
  bought.recent_purchases.insert(bought.recent_purchases.end(), skus.begin(), skus.end());
  const int32_t customer = index_->customers.Find(customer_id);
  std::vector<int32_t> storage;
  std::vector<std::pair<int32_t, Timestamp>> last_bought;
  RecommendationList list = Serve(
      model, [&](int n) { return model->AfterPurchase(items, n); }, bought,
      Purchased(customer, bought, storage), Clock(customer, bought, last_bought), items);
  list.personalized = true;
  return list;
}

Result<RecommendationList> RecommendationService::NonPersonalized(const Query& query,
                                                                  std::string fallback) const {
  RETURN_IF_ERROR(CheckQuery(query));
  return Trending(query, std::move(fallback), {});
}

namespace {

// The model of `kind` in `dir`, checked against the serving index; null when it has no artifact.
Result<std::unique_ptr<recommend::Recommender>> LoadCheckedModel(const std::string& dir,
                                                                 ModelKind kind,
                                                                 const Artifact& index_artifact,
                                                                 const ServingIndex& index) {
  auto artifact = ReadArtifact(dir, ModelArtifactKind(kind));
  if (artifact.status().code() == StatusCode::kNotFound) {
    return std::unique_ptr<recommend::Recommender>();
  }
  if (!artifact.ok()) return artifact.status();
  if (artifact->data != index_artifact.data) {
    return FailedPrecondition("artifact " + ModelArtifactKind(kind) + " in " + dir +
                              " was trained on other data than the serving index; run "
                              "`mercato train recommend` again");
  }
  auto model = recommend::Deserialize(artifact->payload);
  if (!model.ok()) {
    return InvalidArgument("artifact " + ModelArtifactKind(kind) + ": " + model.status().message());
  }
  const int32_t rows = model.value()->num_customers();
  if (model.value()->num_items() != index.items.size() ||
      (rows != 0 && rows != index.customers.size())) {
    return FailedPrecondition("artifact " + ModelArtifactKind(kind) +
                              " does not match the serving index; retrain");
  }
  return std::move(model).value();
}

// The selection record in `dir`, checked against the serving index; the default order when
// there is none (trained before selections were recorded, or selection kept the defaults).
Result<ModelSelection> LoadSelection(const std::string& dir, const Artifact& index_artifact) {
  auto artifact = ReadArtifact(dir, kSelectionArtifact);
  if (artifact.status().code() == StatusCode::kNotFound) return ModelSelection{};
  if (!artifact.ok()) return artifact.status();
  if (artifact->data != index_artifact.data) {
    return FailedPrecondition("artifact " + std::string(kSelectionArtifact) + " in " + dir +
                              " was recorded for other data than the serving index; run "
                              "`mercato train recommend` again");
  }
  auto selection = ParseSelectionJson(artifact->payload);
  if (!selection.ok()) {
    return InvalidArgument("artifact " + std::string(kSelectionArtifact) + ": " +
                           selection.status().message());
  }
  return selection;
}

}  // namespace

Result<std::unique_ptr<RecommendationService>> LoadRecommendationService(
    const Snapshot& snapshot, privacy::ConsentLedger ledger, const std::string& dir,
    const FactorSearchOptions& search, std::vector<ArtifactFailure>* failures) {
  auto index_artifact = ReadArtifact(dir, kServingIndexArtifact);
  if (index_artifact.status().code() == StatusCode::kNotFound) {
    return FailedPrecondition("no recommendation artifacts in " + dir +
                              "; run `mercato train recommend --db DB` first");
  }
  if (!index_artifact.ok()) return index_artifact.status();
  ASSIGN_OR_RETURN(ServingIndex index_value, DeserializeServingIndex(index_artifact->payload));
  auto index = std::make_unique<ServingIndex>(std::move(index_value));

  RecommendationService::Models models;
  for (size_t k = 0; k < kModelKinds; ++k) {
    const auto kind = static_cast<ModelKind>(k);
    auto model = LoadCheckedModel(dir, kind, *index_artifact, *index);
    if (!model.ok()) {
      if (failures == nullptr) return model.status();
      failures->push_back({ModelArtifactKind(kind), model.status().message()});
      continue;
    }
    models[k] = std::move(model).value();
  }
  if (!models[static_cast<size_t>(ModelKind::kPopularity)] &&
      !models[static_cast<size_t>(ModelKind::kTrending)]) {
    return FailedPrecondition("no popularity or trending artifact in " + dir +
                              " (the fallback every surface needs); run `mercato train recommend`");
  }
  ModelSelection selection;
  auto chosen = LoadSelection(dir, *index_artifact);
  if (chosen.ok()) {
    selection = std::move(chosen).value();
  } else {
    if (failures == nullptr) return chosen.status();
    failures->push_back({std::string(kSelectionArtifact), chosen.status().message()});
  }
  ItemCatalog catalog = LoadItemCatalog(snapshot, index->items);
  // The graphs are kept under cache/ (which the server's artifact watch does not look into).
  FactorSearchOptions with_cache = search;
  if (with_cache.cache_prefix.empty()) {
    std::error_code ec;
    const std::string cache_dir = dir + "/" + std::string(kSearchCacheDir);
    std::filesystem::create_directories(cache_dir, ec);
    if (!ec) with_cache.cache_prefix = cache_dir + "/graph";
  }
  return std::make_unique<RecommendationService>(std::move(index), std::move(models),
                                                 std::move(catalog), std::move(ledger), with_cache,
                                                 std::move(selection));
}

}  // namespace mercato::serving
