// The dashboard's data routes for admins: GET /v1/dashboard/overview, /customers, /recommendations,
// /experiments, /journeys and /settings (the app's dashboard actions; recommendations reads the
// served models, settings adds the server's models and configuration), and the requests the
// dashboard's pages make when opened, warmed up in the background. Each answer is computed on a
// store connection of its own and kept per data and models version (server/revalidated_pages.h).
#include <ctime>
#include <nlohmann/json.hpp>
#include <vector>

#include "app/dashboard_customers.h"
#include "app/dashboard_experiments.h"
#include "app/dashboard_journeys.h"
#include "app/dashboard_overview.h"
#include "app/dashboard_recommendations.h"
#include "app/dashboard_settings.h"
#include "artifact/artifact.h"
#include "common/text.h"
#include "recommend_serving/recommendation_service.h"
#include "server/int_query.h"
#include "server/revalidated_pages.h"
#include "server/routes.h"
#include "store/open_store.h"

namespace mercato::server {
namespace {

ApiResponse Overview(ServerContext& ctx, const ApiRequest& r) {
  app::DashboardOverviewOptions options;
  options.db = ctx.options().db;
  options.policy = ctx.policy();
  options.abandon_after_minutes = ctx.options().abandon_after_minutes;
  options.currency = ctx.options().currency;
  // The served insights (fitted at model load) stand in for a fit of the overview's own.
  const auto models = ctx.models();
  if (models->insights) options.computed = &*models->insights;
  if (auto period = r.Query("period")) {
    auto parsed = app::ParseDashboardPeriod(*period);
    if (!parsed.ok()) return ErrorResponse(parsed.status());
    options.period = *parsed;
  }
  auto periods = IntQuery(r, "periods", options.periods, 1, app::kMaxDashboardPeriods);
  if (!periods.ok()) return ErrorResponse(periods.status());
  options.periods = static_cast<int>(*periods);
  options.as_of = r.Query("as_of").value_or("");
  auto overview = app::BuildDashboardOverview(options);
  if (!overview.ok()) return ErrorResponse(overview.status());
  return JsonResponse(200, app::DashboardOverviewJson(*overview));
}

ApiResponse Customers(ServerContext& ctx, const ApiRequest& r) {
  app::DashboardCustomersOptions options;
  options.db = ctx.options().db;
  options.insight.as_of = r.Query("as_of").value_or("");
  auto limit = IntQuery(r, "limit", options.limit, 1, 1000);
  if (!limit.ok()) return ErrorResponse(limit.status());
  options.limit = static_cast<int>(*limit);
  const auto models = ctx.models();
  if (models->insights) options.computed = &*models->insights;
  auto page = app::BuildDashboardCustomers(options);
  if (!page.ok()) return ErrorResponse(page.status());
  return JsonResponse(200, app::DashboardCustomersJson(*page));
}

// When the served recommendation models were trained: the serving index's stamp; none before
// any training.
std::optional<Timestamp> ModelsTrainedAt(ServerContext& ctx) {
  auto index = ReadArtifact(ctx.artifact_dir(), serving::kServingIndexArtifact);
  return index.ok() ? std::optional<Timestamp>(index->created_at) : std::nullopt;
}

// The serve options in effect that are not secret (whether a secret is set, not what it is).
nlohmann::ordered_json ConfigJson(const ServerOptions& o) {
  return {{"shop_url", o.shop_url},
          {"host", o.host},
          {"port", o.port},
          {"threads", o.threads},
          {"max_body_bytes", o.max_body_bytes},
          {"max_header_bytes", o.max_header_bytes},
          {"rate_limit", o.rate_limit},
          {"rate_burst", o.rate_burst},
          {"storefront_rate_limit", o.storefront_rate_limit},
          {"storefront_rate_burst", o.storefront_rate_burst},
          {"cors_origins", o.cors_origins},
          {"trusted_proxies", o.trusted_proxies},
          {"token_secret_set", !o.token_secret.empty()},
          {"token_max_lifetime_seconds", o.token_max_lifetime_seconds},
          {"shopify_secret_set", !o.shopify_secret.empty()},
          {"consent_policy_file", o.consent_policy},
          {"abandon_after_minutes", o.abandon_after_minutes},
          {"planning_cache_seconds", o.planning_cache_seconds},
          {"retrain_every_seconds", o.retrain_every_seconds},
          {"poll_seconds", o.poll_seconds}};
}

ApiResponse Recommendations(ServerContext& ctx, const ApiRequest&) {
  const auto models = ctx.models();
  if (!models->recommendations) {
    return ErrorResponse(503, "unavailable", models->recommendations_missing);
  }
  // Counted on a connection of its own: a scan of the events must not hold the server's writer.
  auto store = OpenStore(ctx.options().db);
  if (!store.ok()) return ErrorResponse(store.status());
  auto events = app::CountEventsByType(**store);
  if (!events.ok()) return ErrorResponse(events.status());
  auto lift = app::MeasureRecommendationLift(ctx.options().db, std::time(nullptr));
  if (!lift.ok()) return ErrorResponse(lift.status());
  return JsonResponse(200, app::DashboardRecommendationsJson(*models->recommendations,
                                                             ModelsTrainedAt(ctx), *events, *lift));
}

ApiResponse Experiments(ServerContext& ctx, const ApiRequest&) {
  auto page = app::BuildDashboardExperiments(ctx.options().db);
  if (!page.ok()) return ErrorResponse(page.status());
  return JsonResponse(200, app::DashboardExperimentsJson(*page));
}

ApiResponse Journeys(ServerContext& ctx, const ApiRequest&) {
  auto page = app::BuildDashboardJourneys(ctx.journey_options());
  if (!page.ok()) return ErrorResponse(page.status());
  return JsonResponse(200, *page);
}

ApiResponse Settings(ServerContext& ctx, const ApiRequest&, const std::string& data_version) {
  auto facts = app::ReadStoreFacts(ctx.options().db);
  if (!facts.ok()) return ErrorResponse(facts.status());
  nlohmann::ordered_json body = app::StoreFactsJson(*facts);
  const auto models = ctx.models();
  nlohmann::ordered_json& freshness = body["freshness"];
  const auto trained_at = ModelsTrainedAt(ctx);
  freshness["models_trained_at"] = trained_at ? nlohmann::ordered_json(FormatTimestamp(*trained_at))
                                              : nlohmann::ordered_json(nullptr);
  freshness["models_loaded_at"] = models->loaded_at
                                      ? nlohmann::ordered_json(FormatTimestamp(models->loaded_at))
                                      : nlohmann::ordered_json(nullptr);
  freshness["models_version"] = models->version;
  freshness["data_version"] = data_version;
  body["consent_policy"] = app::ConsentPolicyJson(ctx.policy());
  body["config"] = ConfigJson(ctx.options());
  return JsonResponse(200, body);
}

}  // namespace

std::vector<ApiRequest> DashboardWarmUpRequests() {
  std::vector<ApiRequest> out;
  auto add = [&](const std::string& path, std::vector<std::pair<std::string, std::string>> query) {
    ApiRequest& r = out.emplace_back();
    r.method = "GET";
    r.path = path;
    r.query = std::move(query);
  };
  add("/v1/dashboard/overview", {{"period", "week"}, {"periods", "12"}});
  add("/v1/dashboard/customers", {});
  add("/v1/dashboard/recommendations", {});
  add("/v1/dashboard/settings", {});
  // The overview's other periods, as its period picker asks for them.
  add("/v1/dashboard/overview", {{"period", "month"}, {"periods", "12"}});
  add("/v1/dashboard/overview", {{"period", "day"}, {"periods", "30"}});
  // The pages further down the menu: forecast and inventory, experiments (and its lift tab),
  // journeys.
  add("/v1/forecasts", {});
  add("/v1/inventory/plan", {});
  add("/v1/dashboard/experiments", {});
  add("/v1/reports/lift", {});
  add("/v1/dashboard/journeys", {});
  return out;
}

void AddDashboardRoutes(Router& router, ServerContext& ctx, RevalidatedPages& pages) {
  auto page = [&ctx](ApiResponse (*route)(ServerContext&, const ApiRequest&)) {
    return [&ctx, route](const ApiRequest& r, const std::string&) { return route(ctx, r); };
  };
  pages.Add(router, "/v1/dashboard/overview", page(Overview));
  pages.Add(router, "/v1/dashboard/customers", page(Customers));
  pages.Add(router, "/v1/dashboard/recommendations", page(Recommendations));
  pages.Add(router, "/v1/dashboard/experiments", page(Experiments));
  pages.Add(router, "/v1/dashboard/journeys", page(Journeys));
  pages.Add(router, "/v1/dashboard/settings",
            [&ctx](const ApiRequest& r, const std::string& v) { return Settings(ctx, r, v); });
}

}  // namespace mercato::server
