// Planning routes for admins: GET /v1/forecasts (demand per SKU with P50/P90/P95),
// GET /v1/inventory/plan (the reorder plan) and GET /v1/pricing/recommendations (prices within
// the rules), computed from the store like `mercato forecast --json`, `mercato inventory plan
// --json` and `mercato pricing recommend --json` and kept per data version (revalidated_pages.h).
#include <algorithm>
#include <nlohmann/json.hpp>
#include <thread>

#include "app/planning_actions.h"
#include "app/pricing_actions.h"
#include "common/text.h"
#include "inventory/plan_json.h"
#include "server/documented_query.h"
#include "server/routes.h"

namespace mercato::server {
namespace {

ApiResponse Forecasts(ServerContext& ctx, const ApiRequest& r) {
  app::ForecastDemandOptions options;  // its defaults are the route's
  options.db = ctx.options().db;       // a connection of its own, so the store lock stays free
  options.currency = ctx.options().currency;
  forecast::StoreForecastOptions& o = options.store;
  if (auto horizon = r.Query("horizon")) o.horizon = *horizon;
  const std::string by = r.Query("by").value_or("week");
  if (by != "week" && by != "day") {
    return ErrorResponse(InvalidArgument("by=" + by + ": expected week or day"));
  }
  o.period = by == "day" ? forecast::Period::kDay : forecast::Period::kWeek;
  if (auto model = r.Query("model")) options.model = *model;
  if (Status s = ReadDocumentedQuery(r, o, app::StoreForecastOptionDocs()); !s.ok()) {
    return ErrorResponse(s);
  }
  if (Status s = ReadDocumentedQuery(r, o, app::ForecastOutputOptionDocs()); !s.ok()) {
    return ErrorResponse(s);
  }
  o.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const std::vector<std::string> skus = r.QueryAll("sku");
  auto result = app::ForecastDemand(options);
  if (!result.ok()) return ErrorResponse(result.status());
  nlohmann::json body = forecast::ForecastsJson(result->demand, result->forecasts);
  if (!skus.empty()) {  // only the SKUs asked for (the panel models still learn from all)
    nlohmann::json kept = nlohmann::json::array();
    for (auto& f : body["forecasts"]) {
      if (std::find(skus.begin(), skus.end(), f["sku"].get<std::string>()) != skus.end()) {
        kept.push_back(std::move(f));
      }
    }
    body["series"] = kept.size();
    body["forecasts"] = std::move(kept);
  }
  return JsonResponse(200, body);
}

// The plan's options from the query: the inventory options' names (app::InventoryOptionDocs),
// which the CLI spells as flags.
Status PlanOptionsFromQuery(const ApiRequest& r, inventory::InventoryOptions& options) {
  RETURN_IF_ERROR(ReadDocumentedQuery(r, options, app::InventoryOptionDocs()));
  return inventory::ValidateOptions(options);
}

ApiResponse Plan(ServerContext& ctx, const ApiRequest& r) {
  app::PlanInventoryOptions options;
  options.db = ctx.options().db;  // a connection of its own, so the store lock stays free
  options.currency = ctx.options().currency;
  if (Status s = PlanOptionsFromQuery(r, options.inventory); !s.ok()) return ErrorResponse(s);
  if (auto day = r.Query("as_of")) {
    auto ts = ParseTimestamp(*day);
    if (!ts.ok()) return ErrorResponse(InvalidArgument("as_of: " + ts.status().message()));
    options.as_of_day = DayOf(*ts);
  }
  auto plan = app::PlanInventory(options);
  if (!plan.ok()) return ErrorResponse(plan.status());
  return JsonResponse(200, nlohmann::json(inventory::PlanJson(*plan)));
}

ApiResponse PriceRecommendations(ServerContext& ctx, const ApiRequest& r) {
  app::RecommendPricesOptions options = ctx.options().pricing;  // mercato.toml's rules
  options.db = ctx.options().db;  // a connection of its own, so the store lock stays free
  if (Status s = ReadDocumentedQuery(r, options, app::PriceRecommendationOptionDocs()); !s.ok()) {
    return ErrorResponse(s);
  }
  auto result = app::RecommendPrices(options);
  if (!result.ok()) return ErrorResponse(result.status());
  return JsonResponse(200, nlohmann::json(app::PriceRecommendationsJson(*result)));
}

}  // namespace

void AddPlanningRoutes(Router& router, ServerContext& ctx, RevalidatedPages& pages) {
  pages.Add(router, "/v1/forecasts",
            [&ctx](const ApiRequest& r, const std::string&) { return Forecasts(ctx, r); });
  pages.Add(router, "/v1/inventory/plan",
            [&ctx](const ApiRequest& r, const std::string&) { return Plan(ctx, r); });
  pages.Add(router, "/v1/pricing/recommendations", [&ctx](const ApiRequest& r, const std::string&) {
    return PriceRecommendations(ctx, r);
  });
}

}  // namespace mercato::server
