// The recommendation service: trained models, the serving index, the live catalog and the
// consent ledger behind one query per surface (user, item related/complementary, cart,
// post-purchase). Candidates are over-fetched from a model, filtered by the business rules (one
// card per product, purchased products back on their learned repurchase cycle) and backfilled
// from trending and popular items; every item carries its reason.
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "privacy/consent_ledger.h"
#include "recommend/model_registry.h"
#include "recommend/recommender.h"
#include "recommend_serving/business_rules.h"
#include "recommend_serving/candidate_memo.h"
#include "recommend_serving/factor_search.h"
#include "recommend_serving/item_catalog.h"
#include "recommend_serving/serving_index.h"
#include "recommend_serving/surface_models.h"

namespace mercato::serving {

using recommend::kModelKinds;  // one model slot per registered model

enum class ItemRelation { kRelated, kComplementary };

/// One request beside its subject (customer, item, cart or order).
struct Query {
  int k = 10;
  Filters filters;
  /// The model to ask first; unset: the surface's preference (the model training chose for it,
  /// then its default order).
  std::optional<recommend::ModelKind> model;
  /// The shopper, when known, for item and cart queries (exclude_purchased needs it).
  std::string customer_id;
  /// Whether the customer allows personalization, when the caller knows better than the consent
  /// ledger loaded with the service (a live ledger, so an opt-out takes effect on the next
  /// request). Unset: the loaded ledger decides.
  std::optional<bool> personalization_allowed;
  /// SKUs the customer bought after the models were trained (live purchase events). With
  /// filters.exclude_purchased they are excluded exactly like the trained purchase history
  /// (repurchasable categories stay exempt), and only when personalization is allowed. SKUs the
  /// models never saw are ignored.
  std::vector<std::string> recent_purchases;
  /// The time purchases are measured against for their repurchase cycle; unset: the latest
  /// order the models know (the store's own clock), never later than now.
  std::optional<Timestamp> now;
};

struct Recommendation {
  std::string sku;
  std::string title;
  std::optional<double> price;
  std::string url;
  std::string image_url;
  float score = 0;
  recommend::ModelKind model = recommend::ModelKind::kPopularity;  // where it came from
  recommend::Reason reason;
  std::string reason_text;
};

struct RecommendationList {
  std::vector<Recommendation> items;
  /// Whether the customer's own history shaped the list (only with personalization consent).
  bool personalized = false;
  /// Why the list is not what was asked for, when it is not ("no personalization consent",
  /// "unknown customer", ...); empty otherwise.
  std::string fallback;
  /// The currency of the items' prices (ISO 4217, app/store_currency.h); empty when unknown.
  /// The service leaves it empty: the caller, who knows the store, sets it.
  std::string currency;
};

class RecommendationService {
 public:
  using Models = std::array<std::unique_ptr<recommend::Recommender>, kModelKinds>;

  /// `models` indexed by ModelKind (absent ones null); popularity or trending must be present.
  /// Latent-factor models (ALS) on catalogs of at least `search.exact_below` items answer user
  /// queries through an approximate search (HNSW) built here; smaller ones are scanned exactly.
  /// Each surface asks the model `selection` chose for it first (default: the default order).
  RecommendationService(std::unique_ptr<ServingIndex> index, Models models, ItemCatalog catalog,
                        privacy::ConsentLedger ledger, const FactorSearchOptions& search = {},
                        ModelSelection selection = {});
  ~RecommendationService();

  /// Personalized items for a customer: only with personalization consent; otherwise, or for a
  /// customer without history, trending items (non-personalized).
  Result<RecommendationList> ForUser(std::string_view customer_id, const Query& query) const;
  /// Items related to or complementing one item (the product page). An unknown SKU is NotFound.
  Result<RecommendationList> ForItem(std::string_view sku, ItemRelation relation,
                                     const Query& query) const;
  /// Items for a cart or live session (later SKUs are more recent). SKUs the models never saw
  /// are ignored; with none known, trending items.
  Result<RecommendationList> ForCart(std::span<const std::string> skus, const Query& query) const;
  /// Follow-up items after an order, for its customer: only with personalization consent,
  /// otherwise trending. An unknown order is NotFound.
  Result<RecommendationList> AfterOrder(std::string_view order_id, const Query& query) const;
  /// Follow-up items after an order the models were not trained on (one that arrived since),
  /// from its customer and its lines' SKUs: the order's items count as bought now. SKUs the
  /// models never saw are ignored; with none known, or a customer who does not allow
  /// personalization (or none), trending items without the order's.
  Result<RecommendationList> AfterNewOrder(std::string_view customer_id,
                                           std::span<const std::string> skus,
                                           const Query& query) const;
  /// Trending items (popular ones without a trending model) under the query's filters, for a
  /// caller who may not see anything personal: nothing about any customer or order is read,
  /// so exclude_purchased excludes nothing. `fallback` says why.
  Result<RecommendationList> NonPersonalized(const Query& query, std::string fallback) const;

  const ServingIndex& index() const { return *index_; }
  const ItemCatalog& catalog() const { return catalog_; }
  /// Links every product without a URL to its page on the storefront at `shop_url`
  /// (ItemCatalog::LinkProducts); call before serving.
  void LinkProducts(std::string_view shop_url) { catalog_.LinkProducts(shop_url); }
  const privacy::ConsentLedger& ledger() const { return ledger_; }
  const RepurchaseCycles& repurchase_cycles() const { return cycles_; }
  /// The per-surface model choice the service was loaded with.
  const ModelSelection& selection() const { return selection_; }
  bool HasModel(recommend::ModelKind kind) const { return Model(kind) != nullptr; }
  /// The approximate search serving a model's user queries, null when it is served exactly.
  const FactorSearch* Search(recommend::ModelKind kind) const {
    return searches_[static_cast<size_t>(kind)].get();
  }

 private:
  const recommend::Recommender* Model(recommend::ModelKind kind) const {
    return models_[static_cast<size_t>(kind)].get();
  }
  // The query's model, else the first present one of the surface's preference.
  Result<const recommend::Recommender*> Pick(const Query& query, Surface surface) const;
  // Whether the customer allows personalization: the query's answer when set, else the ledger's.
  bool Personalizes(std::string_view customer_id, const Query& query) const;
  // The customer's purchases for exclude_purchased (trained history of dense `customer`, kNone
  // when unknown, merged with query.recent_purchases), sorted ascending; into `storage` when a
  // merge is needed.
  std::span<const int32_t> Purchased(int32_t customer, const Query& query,
                                     std::vector<int32_t>& storage) const;
  // When the customer last bought each product (trained orders of dense `customer`, and
  // query.recent_purchases as bought at query.now) for the repurchase cycles; into `storage`.
  RepurchaseClock Clock(int32_t customer, const Query& query,
                        std::vector<std::pair<int32_t, Timestamp>>& storage) const;
  // Over-fetches from `ask(n)`, applies the rules, backfills from trending and popularity;
  // `explain` sets the reasons of the items chosen from `model` (when `ask` left them unset).
  template <class Ask, class Explain>
  RecommendationList Serve(const recommend::Recommender* model, Ask ask, const Query& query,
                           std::span<const int32_t> purchased, const RepurchaseClock& clock,
                           std::span<const int32_t> context, Explain explain) const;
  template <class Ask>
  RecommendationList Serve(const recommend::Recommender* model, Ask ask, const Query& query,
                           std::span<const int32_t> purchased, const RepurchaseClock& clock,
                           std::span<const int32_t> context) const {
    return Serve(model, ask, query, purchased, clock, context,
                 [](std::span<recommend::ScoredItem>) {});
  }
  RecommendationList Trending(const Query& query, std::string fallback,
                              std::span<const int32_t> context,
                              std::span<const int32_t> purchased = {},
                              const RepurchaseClock& clock = {}) const;

  std::unique_ptr<ServingIndex> index_;
  Models models_;
  ItemCatalog catalog_;
  RepurchaseCycles cycles_;                    // over catalog_
  Timestamp last_order_ts_ = 0;                // the latest order of the index; 0: not known
  std::vector<int64_t> customer_order_start_;  // customers + 1 offsets into customer_order_
  std::vector<int32_t> customer_order_;        // each customer's orders
  privacy::ConsentLedger ledger_;
  std::array<std::unique_ptr<FactorSearch>, kModelKinds> searches_;
  // The models' exactly scanned user candidates, per customer.
  std::unique_ptr<CandidateMemo> memo_;
  ModelSelection selection_;
  std::array<std::vector<recommend::ModelKind>, kSurfaces.size()> preference_;  // by Surface
};

/// Artifact kind of a model ("recommend.als") and of the serving index.
std::string ModelArtifactKind(recommend::ModelKind kind);
inline constexpr std::string_view kServingIndexArtifact = "recommend.index";

/// The subdirectory of the artifact directory where LoadRecommendationService keeps the HNSW
/// graphs between loads.
inline constexpr std::string_view kSearchCacheDir = "cache";

/// A model artifact that could not be loaded, and why.
struct ArtifactFailure {
  std::string artifact;  // its kind, e.g. "recommend.als"
  std::string reason;    // e.g. "... is corrupt (checksum mismatch); retrain to rewrite it"
};

/// Loads the service: the serving index, every model artifact in `artifact_dir` and the model
/// selection record (absent in artifacts trained before it existed: the default order), the catalog
/// from `catalog` (a fresh snapshot of the store, catalog_only suffices) and `ledger` (the store's
/// consents). FailedPrecondition, saying to run `mercato train recommend`, when no artifacts are
/// there. `search` says from which catalog size latent-factor models are searched approximately;
/// the HNSW graph is built while loading, or read from <artifact_dir>/cache when the same factors
/// were indexed before (unless search.cache_prefix says elsewhere).
/// A model artifact that cannot be loaded (unreadable, corrupt, trained on other data) is an
/// error; with `failures` given it is instead left out, appended there, and the other models
/// serve (the service still fails without the serving index or without a popularity or trending
/// model, after appending what failed). So is a selection record: left out, every surface asks
/// in its default order.
Result<std::unique_ptr<RecommendationService>> LoadRecommendationService(
    const Snapshot& catalog, privacy::ConsentLedger ledger, const std::string& artifact_dir,
    const FactorSearchOptions& search = {}, std::vector<ArtifactFailure>* failures = nullptr);

}  // namespace mercato::serving
