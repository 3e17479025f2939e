// POST /v1/webhooks/shopify: Shopify's webhooks, authenticated by their HMAC (not an API key),
// deduplicated by delivery id, routed by topic into the store, the live consent ledger and the
// live activity; the mandatory privacy topics erase or audit.
#include <ctime>
#include <nlohmann/json.hpp>

#include "access/audit.h"
#include "access/hmac.h"
#include "app/privacy_actions.h"
#include "app/upsert_actions.h"
#include "ingest/shopify_webhooks.h"
#include "server/routes.h"
#include "server/upsert_report_json.h"

namespace mercato::server {
namespace {

constexpr std::string_view kActor = "shopify-webhook";

ApiResponse Unauthorized(std::string_view message) {
  return ErrorResponse(401, "unauthenticated", message);
}

// The entities a delivery carries, as one upsert batch (moved out of `c`).
app::UpsertBatch TakeEntities(WebhookChanges& c) {
  return {{},
          std::move(c.customers),
          std::move(c.consents),
          std::move(c.orders),
          std::move(c.order_lines),
          std::move(c.returns),
          std::move(c.carts),
          std::move(c.cart_items)};
}

// Stores a delivery's entities, unless the delivery was seen before (then `duplicate`); `report`
// says what was stored and what the erased-customer rule withheld.
Status StoreChanges(Store& store, const WebhookChanges& c, const app::UpsertBatch& entities,
                    std::string_view delivery, std::string_view topic, Timestamp now,
                    bool& duplicate, app::UpsertReport& report) {
  if (!delivery.empty()) {
    ASSIGN_OR_RETURN(bool fresh, store.MarkWebhookDelivered(delivery, topic, now));
    duplicate = !fresh;
    if (duplicate) return Status::Ok();
  }
  ASSIGN_OR_RETURN(report, app::PutBatch(store, entities));
  if (c.data_request_customer) {
    RETURN_IF_ERROR(Audit(store, kActor, "export", *c.data_request_customer,
                          "customers/data_request received", now));
  }
  return Status::Ok();
}

// Live state learns what the store took: nothing of an erased customer.
void ApplyLive(ServerContext& ctx, const app::UpsertBatch& c) {
  for (const Customer& e : c.customers) {
    if (!e.country.empty()) ctx.consent().SetCountry(e.id, e.country);
  }
  for (const Consent& e : c.consents) ctx.consent().Record(e);
  for (const Cart& cart : c.carts) {
    std::vector<CartItem> items;
    for (const CartItem& i : c.cart_items) {
      if (i.cart_id == cart.id) items.push_back(i);
    }
    ctx.live().RecordCart(cart, items);
  }
  ctx.live().RecordOrders(c.orders, c.order_lines);
}

// Erases customers from the store, the trained artifacts and the live state.
Status EraseAll(ServerContext& ctx, const std::vector<std::string>& ids, Timestamp now) {
  for (const std::string& id : ids) {
    const app::EraseCustomerOptions options{id, ctx.artifact_dir(), std::string(kActor), now};
    RETURN_IF_ERROR(
        ctx.WithStore([&](Store& store) { return app::EraseCustomer(store, options).status(); }));
    ctx.live().Forget(id);
  }
  return ids.empty() ? Status::Ok() : ctx.Reload(true);
}

// shop/redact: every customer of the shop is erased and the trained artifacts are removed.
Status RedactShop(ServerContext& ctx, Timestamp now) {
  const app::EraseShopOptions options{ctx.artifact_dir(), std::string(kActor), now};
  auto ids = ctx.WithStore([&](Store& store) { return app::EraseShop(store, options); });
  if (!ids.ok()) return ids.status();
  for (const std::string& id : *ids) ctx.live().Forget(id);
  return ctx.Reload(true);
}

ApiResponse Receive(ServerContext& ctx, const ApiRequest& r) {
  const std::string& secret = ctx.options().shopify_secret;
  if (secret.empty()) {
    return Unauthorized(
        "Shopify webhooks are not configured: start the server with "
        "MERCATO_SHOPIFY_SECRET set to the app's secret");
  }
  const std::string_view hmac = r.Header("x-shopify-hmac-sha256");
  if (hmac.empty()) return Unauthorized("missing X-Shopify-Hmac-Sha256 header");
  if (!VerifyShopifyHmac(secret, r.body, hmac)) {
    return Unauthorized("X-Shopify-Hmac-Sha256 does not match the body and the shop's secret");
  }
  const std::string topic(r.Header("x-shopify-topic"));
  if (!IsSupportedShopifyTopic(topic)) {
    return JsonResponse(200, {{"ignored", true}, {"topic", topic}});
  }
  auto changes = ParseShopifyWebhook(topic, r.body);
  if (!changes.ok()) return ErrorResponse(changes.status());
  std::string delivery(r.Header("x-shopify-event-id"));
  if (delivery.empty()) delivery = r.Header("x-shopify-webhook-id");
  const Timestamp now = std::time(nullptr);
  bool duplicate = false;
  const app::UpsertBatch entities = TakeEntities(*changes);
  app::UpsertReport report;
  Status s = ctx.InTransaction([&](Store& store) {
    return StoreChanges(store, *changes, entities, delivery, topic, now, duplicate, report);
  });
  if (!s.ok()) return ErrorResponse(s);
  if (duplicate) return JsonResponse(200, {{"duplicate", true}, {"topic", topic}});
  ApplyLive(ctx, report.stored);
  s = changes->shop_redact ? RedactShop(ctx, now) : EraseAll(ctx, changes->erase_customers, now);
  if (!s.ok()) return ErrorResponse(s);
  nlohmann::json answer = {{"accepted", true}, {"topic", topic}};
  AddErasedCustomerReport(report, answer);
  return JsonResponse(200, answer);
}

}  // namespace

void AddWebhookRoutes(Router& router, ServerContext& ctx) {
  router.Add("POST", "/v1/webhooks/shopify", Access::kPublic,
             [&ctx](const ApiRequest& r) { return Receive(ctx, r); });
}

}  // namespace mercato::server
