// Recommendation routes: the same surfaces and filters as `mercato recommend`, with live
// consent, the session's live events and purchases since training. A storefront key is public:
// a customer's history shapes an answer only for a caller who proved to be that customer (a
// customer token; for an order, its order token), otherwise the answer is non-personalized.
// A request whose customer or session a running recommendations experiment assigns is served as
// its variant says, names the experiment and variant, and queues the unit's first exposure.
#include <ctime>
#include <nlohmann/json.hpp>

#include "app/identity.h"
#include "app/recommend_actions.h"
#include "common/text.h"
#include "recommend_serving/list_json.h"
#include "server/documented_query.h"
#include "server/exposure_writer.h"
#include "server/int_query.h"
#include "server/recommendation_experiments.h"
#include "server/routes.h"

namespace mercato::server {
namespace {

constexpr int kMaxK = 100;

// The query parameters every recommendation route takes: k, model and the business-rule
// filters, spelled like the CLI's options.
Result<serving::Query> QueryOf(const ApiRequest& r) {
  serving::Query q;
  ASSIGN_OR_RETURN(int64_t k, IntQuery(r, "k", 10, 1, kMaxK));
  q.k = static_cast<int>(k);
  if (auto model = r.Query("model")) {
    ASSIGN_OR_RETURN(q.model, recommend::ParseModelKind(*model));
  }
  serving::Filters& f = q.filters;
  RETURN_IF_ERROR(ReadDocumentedQuery(r, f, app::RecommendationFilterDocs()));
  RETURN_IF_ERROR(serving::ValidateFilters(f));
  if (auto customer = r.Query("customer_id")) q.customer_id = *customer;
  return q;
}

// Live state for the shopper: consent as of now, purchases since training.
void AddShopper(ServerContext& ctx, const std::string& customer_id, serving::Query& q) {
  if (customer_id.empty()) return;
  q.customer_id = customer_id;
  q.personalization_allowed = ctx.consent().Allows(customer_id, privacy::Purpose::kPersonalization);
  q.recent_purchases = ctx.live().RecentPurchases(customer_id);
}

// Why the caller may not see what is personal to a customer or order: the token was for
// another one, it was refused, or none was sent.
std::string Unproven(const ApiRequest& r, TokenKind kind) {
  const std::optional<AccessToken>& token =
      kind == TokenKind::kCustomer ? r.caller.customer : r.caller.order;
  const std::string name(TokenKindName(kind));
  if (token) return "the " + name + " token is for another " + name;
  if (!r.caller.token_refused.empty()) return r.caller.token_refused;
  return kind == TokenKind::kCustomer ? "no customer token (X-Customer-Token)"
                                      : "no order token (X-Order-Token)";
}

// What the variant `decision` chose: `ask` itself (the trained models), `ask` with the popularity
// model first (trending without one) so the business rules still apply, or an empty list without
// asking the models (a holdout: the storefront shows nothing).
template <class Ask>
Result<serving::RecommendationList> AskVariant(const ExperimentDecision& decision,
                                               const serving::RecommendationService& service,
                                               const serving::Query& query, Ask& ask) {
  using experiment::RecommenderChoice;
  const auto why = [&](std::string_view what) {
    return "experiment '" + decision.experiment->definition.key + "', variant '" +
           decision.variant->name + "': " + std::string(what);
  };
  switch (decision.choice) {
    case RecommenderChoice::kModels:
      return ask(service, query);
    case RecommenderChoice::kPopularity: {
      serving::Query popular = query;
      popular.model = service.HasModel(recommend::ModelKind::kPopularity)
                          ? recommend::ModelKind::kPopularity
                          : recommend::ModelKind::kTrending;
      ASSIGN_OR_RETURN(serving::RecommendationList list, ask(service, popular));
      list.fallback = why("popular items");
      return list;
    }
    case RecommenderChoice::kNone: {
      serving::RecommendationList list;
      list.fallback = why("no recommendations");
      return list;
    }
  }
  return Internal("unknown recommender choice");
}

// Runs `ask(service, query)` on the current model version and renders the list. `shopper` is a
// customer the caller proved to be (or empty). A customer the caller only names — `claimed`, or
// else the customer_id query parameter — counts only when proved too, and is otherwise ignored,
// saying so in "fallback". `session` is the request's session (or empty). A running
// recommendations experiment that assigns the shopper or the session decides what is served
// (AskVariant), the answer names it under "experiment", and the unit's first exposure is queued
// (never written here: the user and item routes run on the I/O threads).
template <class Ask>
ApiResponse Serve(ServerContext& ctx, const ApiRequest& r, nlohmann::json subject,
                  std::string shopper, const std::string& claimed, const std::string& session,
                  Ask ask) {
  auto query = QueryOf(r);
  if (!query.ok()) return ErrorResponse(query.status());
  const auto models = ctx.models();
  if (!models->recommendations) {
    return ErrorResponse(503, "unavailable", models->recommendations_missing);
  }
  std::string ignored;
  const std::string& named = claimed.empty() ? query->customer_id : claimed;
  if (shopper.empty() && !named.empty()) {
    if (r.caller.Proves(TokenKind::kCustomer, named)) {
      shopper = named;
    } else {
      ignored = "customer_id ignored: " + Unproven(r, TokenKind::kCustomer);
    }
  }
  query->customer_id.clear();
  AddShopper(ctx, shopper, *query);
  std::optional<ExperimentDecision> decision;
  // A merchant looking a customer up in the dashboard (a session, not a key) is no shopper: the
  // answer is the models' and no exposure is logged, which would count a unit never shown
  // anything.
  const auto experiments = r.caller.session ? nullptr : ctx.recommendation_experiments();
  if (experiments) decision = experiments->Decide({shopper, session}, *models);
  auto list = decision ? AskVariant(*decision, *models->recommendations, *query, ask)
                       : ask(*models->recommendations, *query);
  if (!list.ok()) return ErrorResponse(list.status());
  if (list->fallback.empty()) list->fallback = std::move(ignored);
  list->currency = models->currency;
  subject["model_version"] = models->version;
  if (decision) {
    const std::string& key = decision->experiment->definition.key;
    subject["experiment"] = {{"key", key}, {"variant", decision->variant->name}};
    ctx.exposures().Expose(key, *decision->unit, decision->variant->name, std::time(nullptr));
  }
  ApiResponse response;
  response.body = serving::ListJsonText(*list, subject);
  return response;
}

// The non-personalized answer for a caller who did not prove to be `kind`'s subject: the
// subject is echoed, never looked up.
ApiResponse ServeUnproven(ServerContext& ctx, const ApiRequest& r, nlohmann::json subject,
                          TokenKind kind) {
  const std::string why = Unproven(r, kind) + ": trending items";
  return Serve(ctx, r, std::move(subject), "", "", "",
               [&](const serving::RecommendationService& s, const serving::Query& q) {
                 return s.NonPersonalized(q, why);
               });
}

Result<std::vector<std::string>> CartSkus(const ApiRequest& r, std::string& customer_id) {
  ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonBody(r));
  if (!body.is_object() || !body.contains("skus") || !body["skus"].is_array()) {
    return InvalidArgument("expected {\"skus\": [\"SKU\", ...], \"customer_id\": optional}");
  }
  std::vector<std::string> skus;
  for (const auto& s : body["skus"]) {
    if (!s.is_string()) return InvalidArgument("skus: expected an array of strings");
    skus.push_back(s.get<std::string>());
  }
  if (skus.size() > 1000) return InvalidArgument("skus: at most 1000 items");
  if (auto it = body.find("customer_id"); it != body.end()) {
    if (!it->is_string()) return InvalidArgument("customer_id: expected a string");
    customer_id = it->get<std::string>();
  }
  return skus;
}

// The customer or order the path parameter `param` names. An admin caller may name them as
// users do (an email, a Shopify id, #1001 or 1001: app/identity.h); a storefront caller's name is
// the id its token proves, never looked up. An order nothing matches is taken as an id (its
// route answers 404 for it); a customer nothing matches is a 404 saying what was tried, as
// `mercato recommend user` does, unless anonymous_fallback=true asks for trending items.
Result<std::string> AdminNamed(ServerContext& ctx, const ApiRequest& r, std::string_view param) {
  const std::string& given = r.Param(std::string(param));
  if (!r.caller.admin) return given;
  Result<std::string> id = ctx.WithStore([&](Store& s) {
    return param == "order_id" ? app::ResolveOrder(s, given) : app::ResolveCustomer(s, given);
  });
  if (id.status().code() != StatusCode::kNotFound) return id;
  if (param == "order_id") return given;
  const std::optional<std::string> fallback = r.Query("anonymous_fallback");
  if (fallback) {
    Result<bool> wanted = ParseBool(*fallback);
    if (!wanted.ok()) {
      return InvalidArgument("anonymous_fallback=" + *fallback + ": expected true or false");
    }
    if (*wanted) return given;
  }
  return NotFound(id.status().message() + "; anonymous_fallback=true answers trending items");
}

}  // namespace

void AddRecommendationRoutes(Router& router, ServerContext& ctx) {
  router.Add("GET", "/v1/recommendations/user/{customer_id}", Access::kStorefront,
             [&ctx](const ApiRequest& r) {
               const Result<std::string> named = AdminNamed(ctx, r, "customer_id");
               if (!named.ok()) return ErrorResponse(named.status());
               const std::string& id = named.value();
               if (!r.caller.Proves(TokenKind::kCustomer, id)) {
                 return ServeUnproven(ctx, r, {{"customer_id", id}}, TokenKind::kCustomer);
               }
               return Serve(ctx, r, {{"customer_id", id}}, id, "", "",
                            [&](const serving::RecommendationService& s, const serving::Query& q) {
                              return s.ForUser(id, q);
                            });
             });
  router.Add("GET", "/v1/recommendations/item/{sku}", Access::kStorefront,
             [&ctx](const ApiRequest& r) {
               const std::string& sku = r.Param("sku");
               const std::string kind = r.Query("kind").value_or("related");
               if (kind != "related" && kind != "complementary") {
                 return ErrorResponse(
                     InvalidArgument("kind=" + kind + ": expected related or complementary"));
               }
               const auto relation = kind == "related" ? serving::ItemRelation::kRelated
                                                       : serving::ItemRelation::kComplementary;
               return Serve(ctx, r, {{"sku", sku}, {"kind", kind}}, "", "", "",
                            [&](const serving::RecommendationService& s, const serving::Query& q) {
                              return s.ForItem(sku, relation, q);
                            });
             });
  router.Add("POST", "/v1/recommendations/cart", Access::kStorefront, [&ctx](const ApiRequest& r) {
    std::string customer;
    auto skus = CartSkus(r, customer);
    if (!skus.ok()) return ErrorResponse(skus.status());
    return Serve(ctx, r, {{"skus", *skus}}, "", customer, "",
                 [&](const serving::RecommendationService& s, const serving::Query& q) {
                   return s.ForCart(*skus, q);
                 });
  });
  router.Add("GET", "/v1/recommendations/session/{session_id}", Access::kStorefront,
             [&ctx](const ApiRequest& r) {
               const std::string& session = r.Param("session_id");
               const std::vector<std::string> skus = ctx.live().SessionItems(session);
               return Serve(ctx, r, {{"session_id", session}, {"session_items", skus}}, "", "",
                            session,
                            [&](const serving::RecommendationService& s, const serving::Query& q) {
                              return s.ForCart(skus, q);
                            });
             });
  router.Add("GET", "/v1/recommendations/post-purchase/{order_id}", Access::kStorefront,
             [&ctx](const ApiRequest& r) {
               const Result<std::string> named = AdminNamed(ctx, r, "order_id");
               if (!named.ok()) return ErrorResponse(named.status());
               const std::string& order = named.value();
               // Without the order's token nothing is looked up, not even whether it exists.
               if (!r.caller.Proves(TokenKind::kOrder, order)) {
                 return ServeUnproven(ctx, r, {{"order_id", order}}, TokenKind::kOrder);
               }
               // The order's customer (its token vouches for its buyer), so the live ledger (not
               // the loaded one) decides.
               std::string customer;
               bool trained = false;
               if (const auto models = ctx.models(); models->recommendations) {
                 const serving::ServingIndex& index = models->recommendations->index();
                 const int32_t o = index.orders.Find(order);
                 trained = o != IdIndex::kNone;
                 if (trained && index.order_customer[o] != IdIndex::kNone) {
                   customer = index.customers.Key(index.order_customer[o]);
                 }
               }
               // An order that arrived since training is answered at once, from its lines.
               const auto arrived = trained ? std::nullopt : ctx.live().OrderSince(order);
               if (arrived) customer = arrived->customer_id;
               return Serve(ctx, r, {{"order_id", order}}, customer, "", "",
                            [&](const serving::RecommendationService& s, const serving::Query& q) {
                              return arrived
                                         ? s.AfterNewOrder(arrived->customer_id, arrived->skus, q)
                                         : s.AfterOrder(order, q);
                            });
             });
  // Quick and read only the loaded models and live memory: answered on the I/O threads.
  router.RunInline("GET", "/v1/recommendations/user/{customer_id}");
  router.RunInline("GET", "/v1/recommendations/item/{sku}");
}

}  // namespace mercato::server
