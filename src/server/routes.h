// Registration of the API's routes, one function per area (each in its own *_routes.cpp).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "server/revalidated_pages.h"
#include "server/router.h"
#include "server/server_context.h"

namespace mercato::server {

/// /healthz, /readyz, /metrics (rendered by `render_metrics`), /v1/openapi.json.
void AddSystemRoutes(Router& router, ServerContext& ctx,
                     std::function<std::string()> render_metrics);
/// /v1/recommendations/...: user, item, cart, session, post-purchase.
void AddRecommendationRoutes(Router& router, ServerContext& ctx);
/// /v1/events: live event batches.
void AddEventRoutes(Router& router, ServerContext& ctx);
/// /v1/customers/...: the list, lookup by email or id, profiles, consent, export, erasure; segment
/// lists; upserts.
void AddCustomerRoutes(Router& router, ServerContext& ctx);
/// /v1/products, /v1/orders: catalog and order upserts.
void AddCatalogRoutes(Router& router, ServerContext& ctx);
/// /v1/forecasts, /v1/inventory/plan, answered through `pages`.
void AddPlanningRoutes(Router& router, ServerContext& ctx, RevalidatedPages& pages);
/// /v1/webhooks/shopify.
void AddWebhookRoutes(Router& router, ServerContext& ctx);
/// /v1/customer-tokens: minting customer and order tokens.
void AddTokenRoutes(Router& router, ServerContext& ctx);
/// /v1/carts/abandoned.
void AddCartRoutes(Router& router, ServerContext& ctx);
/// /v1/journeys, /v1/journeys/{id}/stats: the journeys and their figures.
void AddJourneyRoutes(Router& router, ServerContext& ctx);
/// /v1/session: the dashboard's sign-in with an admin key, its session and sign-out.
void AddSessionRoutes(Router& router, ServerContext& ctx);
/// /v1/dashboard/...: the dashboard's data (overview, customers, recommendations, experiments,
/// journeys, settings), answered through `pages`.
void AddDashboardRoutes(Router& router, ServerContext& ctx, RevalidatedPages& pages);
/// The requests the dashboard's pages make when opened (web/src/pages), the page shown first
/// first: the pages' warm-up (RevalidatedPages::WarmUp).
std::vector<ApiRequest> DashboardWarmUpRequests();
/// /v1/imports: the store's import history.
void AddImportRoutes(Router& router, ServerContext& ctx);
/// /v1/experiments/validate: the experiment statistics' simulations. Registered before the
/// routes of /v1/experiments/{key}, which would otherwise take "validate" for a key.
void AddExperimentValidationRoutes(Router& router, ServerContext& ctx);
/// /v1/experiments/...: definitions, status, assignment, exposures, reports; /v1/reports/lift,
/// answered through `pages`.
void AddExperimentRoutes(Router& router, ServerContext& ctx, RevalidatedPages& pages);
/// /v1/outbox/stats; /v1/unsubscribe, the emails' one-click unsubscribe link (public).
void AddOutboxRoutes(Router& router, ServerContext& ctx);
/// / and /assets/{name}: the dashboard's files, embedded in the binary.
void AddStaticRoutes(Router& router);

}  // namespace mercato::server
