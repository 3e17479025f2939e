// Recommendation actions from the trained artifacts (no retraining): one per surface — a
// customer, an item, a cart, after an order — and the campaign export of one list per email
// recipient. Each loads the store's catalog, its consent ledger and the artifacts, applies the
// business-rule filters and honours consent. `mercato recommend` and `mercato campaign` call
// these; the server answers the same surfaces from the models it keeps loaded.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "app/option_doc.h"
#include "common/status.h"
#include "customers/insights.h"
#include "dataset/snapshot.h"
#include "recommend_serving/campaign.h"
#include "recommend_serving/recommendation_service.h"
#include "store/store.h"

namespace mercato::app {

/// What every recommendation action takes: the store, its artifacts, the list's length, the
/// model asked first and the business-rule filters.
struct ServingOptions {
  std::string db;
  std::string artifacts;  // default: <db>.artifacts
  int k = 10;
  std::string model;  // empty: each surface's preference
  serving::Filters filters;
  /// The storefront's address: items without a URL link to {shop_url}/products/{handle}.
  std::string shop_url;
  /// The store's currency when configured ([shop] currency); empty: the one its imports recorded
  /// (app/store_currency.h). The lists carry it.
  std::string currency;
};

/// The business-rule filters every recommendation action and route takes: the CLI's flags and
/// the API's query parameters (a list repeatable or comma-separated).
std::span<const OptionDoc<serving::Filters>> RecommendationFilterDocs();

struct RecommendForUserOptions {
  ServingOptions serving;
  std::string customer_id;  // an id, an email or a Shopify customer id (app/identity.h)
  /// An unknown customer gets the non-personalized list ("unknown customer: trending items")
  /// instead of a NotFound error.
  bool anonymous_fallback = false;
};

/// Items for a customer, personalized only with their personalization consent. The customer is
/// resolved by ResolveCustomer: an unknown one is NotFound unless anonymous_fallback is set.
Result<serving::RecommendationList> RecommendForUser(const RecommendForUserOptions& options);

struct RecommendForItemOptions {
  ServingOptions serving;
  std::string sku;
  serving::ItemRelation relation = serving::ItemRelation::kRelated;
  std::string customer_id;  // the shopper, for exclude_purchased (empty: anonymous); an id,
                            // email or Shopify customer id
};

/// Items related to or complementing one item.
Result<serving::RecommendationList> RecommendForItem(const RecommendForItemOptions& options);

struct RecommendForCartOptions {
  ServingOptions serving;
  std::vector<std::string> skus;  // later SKUs are more recent
  std::string customer_id;        // the shopper, for exclude_purchased (empty: anonymous); an
                                  // id, email or Shopify customer id
};

/// Items for a cart or a session.
Result<serving::RecommendationList> RecommendForCart(const RecommendForCartOptions& options);

struct RecommendAfterOrderOptions {
  ServingOptions serving;
  std::string order_id;  // an id, a name (#1001 or 1001) or a Shopify order id (app/identity.h)
};

/// Follow-up items after an order, resolved by ResolveOrder (an unknown order is NotFound).
Result<serving::RecommendationList> RecommendAfterOrder(const RecommendAfterOrderOptions& options);

/// One list per customer id (internal ids, as stored), each as RecommendForUser gives it, from
/// artifacts loaded once. FailedPrecondition when nothing is trained yet.
Result<std::vector<serving::RecommendationList>> RecommendForCustomers(
    const ServingOptions& options, const std::vector<std::string>& customer_ids);

struct CampaignOptions {
  CampaignOptions() { serving.k = 6; }
  ServingOptions serving;  // lists of 6 items unless set
  std::string out;         // .csv, or .jsonl for one object per recipient
  int threads = 0;         // 0: all cores
  /// Only customers in this lifecycle stage or RFM segment (insights with default options).
  std::optional<customers::CustomerSegment> segment;
};

/// The campaign's own options besides the serving ones, out and the segment: threads.
std::span<const OptionDoc<CampaignOptions>> CampaignOptionDocs();

/// Writes one recommendation list per email recipient (email-marketing consent required;
/// personalized only with personalization consent) to `out`; nothing half-written on failure.
Result<serving::CampaignReport> BuildCampaign(const CampaignOptions& options);

}  // namespace mercato::app
