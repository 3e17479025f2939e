// The dashboard's data routes for admins: GET /v1/dashboard/overview, /customers and /settings
// (the app's dashboard actions; settings adds the server's models and configuration). Each answer
// is computed on the handler pool on a store connection of its own and reused while the store's
// data version and the served models' version stay the same (and for at most the planning cache's
// time to live).
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>

#include "app/dashboard_customers.h"
#include "app/dashboard_overview.h"
#include "app/dashboard_settings.h"
#include "artifact/artifact.h"
#include "common/text.h"
#include "recommend_serving/recommendation_service.h"
#include "server/response_cache.h"
#include "server/routes.h"
#include "store/open_store.h"

namespace mercato::server {
namespace {

// Distinct dashboard queries kept at once.
constexpr size_t kDashboardCacheCapacity = 32;

// What a dashboard answer was computed from: the store's data version, read on a connection of
// the cache's own (SQLite's data_version moves when any other connection commits, the server's
// own writer included), and the served models' version.
class DashboardVersion {
 public:
  explicit DashboardVersion(ServerContext& ctx) : ctx_(ctx) {}

  Result<std::string> Current() {
    std::lock_guard lock(mu_);
    if (!probe_) {
      ASSIGN_OR_RETURN(probe_, OpenStore(ctx_.options().db));
    }
    ASSIGN_OR_RETURN(const int64_t data, probe_->DataVersion());
    return std::to_string(data) + "/" + ctx_.models()->version;
  }

 private:
  ServerContext& ctx_;
  std::mutex mu_;
  std::unique_ptr<Store> probe_;
};

Result<int> IntParam(const ApiRequest& r, const std::string& name, int fallback, int min, int max) {
  const auto text = r.Query(name);
  if (!text) return fallback;
  auto v = ParseInt(*text);
  if (!v.ok() || *v < min || *v > max) {
    return InvalidArgument(name + "=" + *text + ": expected a whole number from " +
                           std::to_string(min) + " to " + std::to_string(max));
  }
  return static_cast<int>(*v);
}

ApiResponse Overview(ServerContext& ctx, const ApiRequest& r) {
  app::DashboardOverviewOptions options;
  options.db = ctx.options().db;
  options.policy = ctx.policy();
  options.abandon_after_minutes = ctx.options().abandon_after_minutes;
  if (auto period = r.Query("period")) {
    auto parsed = app::ParseDashboardPeriod(*period);
    if (!parsed.ok()) return ErrorResponse(parsed.status());
    options.period = *parsed;
  }
  auto periods = IntParam(r, "periods", options.periods, 1, app::kMaxDashboardPeriods);
  if (!periods.ok()) return ErrorResponse(periods.status());
  options.periods = *periods;
  options.as_of = r.Query("as_of").value_or("");
  auto overview = app::BuildDashboardOverview(options);
  if (!overview.ok()) return ErrorResponse(overview.status());
  return JsonResponse(200, app::DashboardOverviewJson(*overview));
}

ApiResponse Customers(ServerContext& ctx, const ApiRequest& r) {
  app::DashboardCustomersOptions options;
  options.db = ctx.options().db;
  options.insight.as_of = r.Query("as_of").value_or("");
  auto limit = IntParam(r, "limit", options.limit, 1, 1000);
  if (!limit.ok()) return ErrorResponse(limit.status());
  options.limit = *limit;
  auto page = app::BuildDashboardCustomers(options);
  if (!page.ok()) return ErrorResponse(page.status());
  return JsonResponse(200, app::DashboardCustomersJson(*page));
}

// When the served recommendation models were trained: the serving index's stamp; null before
// any training.
nlohmann::ordered_json ModelsTrainedAt(ServerContext& ctx) {
  auto index = ReadArtifact(ctx.artifact_dir(), serving::kServingIndexArtifact);
  return index.ok() ? nlohmann::ordered_json(FormatTimestamp(index->created_at))
                    : nlohmann::ordered_json(nullptr);
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

ApiResponse Settings(ServerContext& ctx, const ApiRequest&, const std::string& data_version) {
  auto facts = app::ReadStoreFacts(ctx.options().db);
  if (!facts.ok()) return ErrorResponse(facts.status());
  nlohmann::ordered_json body = app::StoreFactsJson(*facts);
  const auto models = ctx.models();
  nlohmann::ordered_json& freshness = body["freshness"];
  freshness["models_trained_at"] = ModelsTrainedAt(ctx);
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

void AddDashboardRoutes(Router& router, ServerContext& ctx) {
  auto cache = std::make_shared<ResponseCache>(ctx.options().planning_cache_seconds,
                                               kDashboardCacheCapacity);
  auto version = std::make_shared<DashboardVersion>(ctx);
  auto cached = [&ctx, cache, version](ApiResponse (*route)(ServerContext&, const ApiRequest&)) {
    return [&ctx, cache, version, route](const ApiRequest& r) {
      auto v = version->Current();
      if (!v.ok()) return ErrorResponse(v.status());
      return cache->GetOrCompute(
          r, [&] { return route(ctx, r); }, *v);
    };
  };
  router.Add("GET", "/v1/dashboard/overview", Access::kAdmin, cached(Overview));
  router.Add("GET", "/v1/dashboard/customers", Access::kAdmin, cached(Customers));
  router.Add("GET", "/v1/dashboard/settings", Access::kAdmin,
             [&ctx, cache, version](const ApiRequest& r) {
               auto v = version->Current();
               if (!v.ok()) return ErrorResponse(v.status());
               return cache->GetOrCompute(
                   r, [&] { return Settings(ctx, r, *v); }, *v);
             });
}

}  // namespace mercato::server
