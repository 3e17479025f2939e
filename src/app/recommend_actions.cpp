// Recommendations for each surface and campaign exports, from the trained artifacts.
#include "app/recommend_actions.h"

#include <algorithm>
#include <functional>
#include <limits>

#include "app/customer_actions.h"
#include "app/identity.h"
#include "app/store_currency.h"
#include "artifact/artifact.h"
#include "privacy/consent_ledger.h"
#include "recommend/model_registry.h"
#include "store/open_store.h"

namespace mercato::app {
namespace {

/// The store, its catalog snapshot and the service loaded from the artifacts, ready to query.
struct LoadedService {
  std::unique_ptr<Store> store;
  Snapshot catalog;  // catalog_only
  std::unique_ptr<serving::RecommendationService> service;
};

// How many user queries the action will ask: a few are answered by the exact scan, since
// building the approximate-search graph costs seconds on a large catalog; many (a campaign) are
// worth the graph.
enum class QueryVolume { kFew, kMany };

Result<LoadedService> LoadService(const ServingOptions& a, QueryVolume queries) {
  LoadedService loaded;
  ASSIGN_OR_RETURN(loaded.store, OpenStore(a.db));
  const std::string dir = a.artifacts.empty() ? DefaultArtifactDir(a.db) : a.artifacts;
  serving::FactorSearchOptions search;
  if (queries == QueryVolume::kFew) search.exact_below = std::numeric_limits<int32_t>::max();
  ASSIGN_OR_RETURN(loaded.catalog, LoadSnapshot(*loaded.store, {.catalog_only = true}));
  ASSIGN_OR_RETURN(privacy::ConsentLedger ledger, privacy::LoadConsentLedger(*loaded.store));
  ASSIGN_OR_RETURN(loaded.service, serving::LoadRecommendationService(
                                       loaded.catalog, std::move(ledger), dir, search));
  loaded.service->LinkProducts(a.shop_url);
  return loaded;
}

// The query the options describe (k, filters, model).
Result<serving::Query> QueryOf(const ServingOptions& a) {
  serving::Query q;
  q.k = a.k;
  q.filters = a.filters;
  if (!a.model.empty()) {
    ASSIGN_OR_RETURN(q.model, recommend::ParseModelKind(a.model));
  }
  RETURN_IF_ERROR(serving::ValidateFilters(q.filters));
  return q;
}

// Asks the service; the store is there to resolve what the user named (app/identity.h).
using Ask = std::function<Result<serving::RecommendationList>(
    Store&, const serving::RecommendationService&, const serving::Query&)>;

// Checks the query, loads the service for a few queries and asks it. `shopper` (may be empty) is
// resolved as users name customers; one the store does not know is taken as an id, as before.
Result<serving::RecommendationList> Recommend(const ServingOptions& options,
                                              const std::string& shopper, const Ask& ask) {
  ASSIGN_OR_RETURN(serving::Query query, QueryOf(options));
  ASSIGN_OR_RETURN(const LoadedService loaded, LoadService(options, QueryVolume::kFew));
  if (!shopper.empty()) {
    ASSIGN_OR_RETURN(query.customer_id, ResolveCustomerOrGiven(*loaded.store, shopper));
  }
  ASSIGN_OR_RETURN(const std::string currency, StoreCurrency(*loaded.store, options.currency));
  ASSIGN_OR_RETURN(serving::RecommendationList list, ask(*loaded.store, *loaded.service, query));
  list.currency = currency;
  return list;
}

constexpr OptionDoc<serving::Filters> kFilterDocs[] = {
    {"in_stock", "Leave out items known to be out of stock (unknown stock passes); on by default",
     &serving::Filters::in_stock},
    {"include_out_of_stock", "Also list items known to be out of stock",
     &serving::Filters::in_stock, true},
    {"exclude_purchased",
     "Leave out products the customer bought before, except repurchasable categories and "
     "products due again on their learned repurchase cycle (needs personalization consent); on "
     "by default",
     &serving::Filters::exclude_purchased},
    {"include_purchased", "Also list products the customer bought before",
     &serving::Filters::exclude_purchased, true},
    {"repurchasable_category",
     "Categories exempt from leaving out purchased products (repeatable or comma-separated)",
     &serving::Filters::repurchasable_categories},
    {"repurchase_min_rate",
     "A purchased product comes back once this share of its buyers bought it again and about "
     "its median repurchase interval has passed (above 1: never)",
     &serving::Filters::repurchase_min_rate},
    {"all_variants", "List variants of one product separately (default: one card per product)",
     &serving::Filters::one_per_product, true},
    {"exclude", "SKUs never to recommend (repeatable or comma-separated)",
     &serving::Filters::exclude},
    {"category",
     "Only items in one of these categories: any level or path prefix (repeatable or "
     "comma-separated)",
     &serving::Filters::categories},
    {"min_price", "Lowest price (an item without a price fails a price bound)",
     &serving::Filters::min_price},
    {"max_price", "Highest price (an item without a price fails a price bound)",
     &serving::Filters::max_price},
    {"max_per_brand", "At most this many items per brand (0: no limit)",
     &serving::Filters::max_per_brand},
    {"max_per_category", "At most this many items per top-level category (0: no limit)",
     &serving::Filters::max_per_category},
};

}  // namespace

std::span<const OptionDoc<serving::Filters>> RecommendationFilterDocs() { return kFilterDocs; }

Result<serving::RecommendationList> RecommendForUser(const RecommendForUserOptions& options) {
  return Recommend(
      options.serving, "",
      [&](Store& store, const serving::RecommendationService& s,
          const serving::Query& q) -> Result<serving::RecommendationList> {
        Result<std::string> customer = ResolveCustomer(store, options.customer_id);
        if (options.anonymous_fallback && customer.status().code() == StatusCode::kNotFound) {
          customer = options.customer_id;  // not known: the service's fallback
        }
        if (!customer.ok()) return customer.status();
        return s.ForUser(*customer, q);
      });
}

Result<serving::RecommendationList> RecommendForItem(const RecommendForItemOptions& options) {
  return Recommend(options.serving, options.customer_id,
                   [&](Store&, const serving::RecommendationService& s, const serving::Query& q) {
                     return s.ForItem(options.sku, options.relation, q);
                   });
}

Result<serving::RecommendationList> RecommendForCart(const RecommendForCartOptions& options) {
  return Recommend(options.serving, options.customer_id,
                   [&](Store&, const serving::RecommendationService& s, const serving::Query& q) {
                     return s.ForCart(options.skus, q);
                   });
}

Result<serving::RecommendationList> RecommendAfterOrder(const RecommendAfterOrderOptions& options) {
  return Recommend(options.serving, "",
                   [&](Store& store, const serving::RecommendationService& s,
                       const serving::Query& q) -> Result<serving::RecommendationList> {
                     ASSIGN_OR_RETURN(const std::string order,
                                      ResolveOrder(store, options.order_id));
                     return s.AfterOrder(order, q);
                   });
}

Result<std::vector<serving::RecommendationList>> RecommendForCustomers(
    const ServingOptions& options, const std::vector<std::string>& customer_ids) {
  ASSIGN_OR_RETURN(const serving::Query query, QueryOf(options));
  ASSIGN_OR_RETURN(const LoadedService loaded, LoadService(options, QueryVolume::kMany));
  std::vector<serving::RecommendationList> lists;
  lists.reserve(customer_ids.size());
  for (const std::string& id : customer_ids) {
    ASSIGN_OR_RETURN(serving::RecommendationList list, loaded.service->ForUser(id, query));
    lists.push_back(std::move(list));
  }
  return lists;
}

std::span<const OptionDoc<CampaignOptions>> CampaignOptionDocs() {
  using O = CampaignOptions;
  static const OptionDoc<O> kDocs[] = {
      {"threads", "Threads (0: all cores)", &O::threads},
  };
  return kDocs;
}

Result<serving::CampaignReport> BuildCampaign(const CampaignOptions& options) {
  ASSIGN_OR_RETURN(const serving::Query query, QueryOf(options.serving));
  ASSIGN_OR_RETURN(const LoadedService loaded, LoadService(options.serving, QueryVolume::kMany));
  std::vector<std::string> members;
  std::function<bool(std::string_view)> selected;
  if (options.segment) {
    ASSIGN_OR_RETURN(members, SegmentMembers(options.serving.db, *options.segment));
    selected = [&members](std::string_view id) {
      return std::binary_search(members.begin(), members.end(), id);
    };
  }
  ASSIGN_OR_RETURN(const std::string currency,
                   StoreCurrency(*loaded.store, options.serving.currency));
  return serving::ExportCampaign(*loaded.service, loaded.catalog, query, options.out,
                                 options.threads, selected, currency);
}

}  // namespace mercato::app
