// The list of actions and where each is reached from.
#include "app/action_registry.h"

namespace mercato::app {

std::span<const ActionEntry> Actions() {
  static const ActionEntry kActions[] = {
      // Reached from both sides.
      {"import store data",
       {"import"},
       {"POST /v1/products", "POST /v1/customers", "POST /v1/orders"},
       ""},
      {"recommend for a customer",
       {"recommend user"},
       {"GET /v1/recommendations/user/{customer_id}"},
       ""},
      {"recommend for an item", {"recommend item"}, {"GET /v1/recommendations/item/{sku}"}, ""},
      {"recommend for a cart", {"recommend cart"}, {"POST /v1/recommendations/cart"}, ""},
      {"recommend after an order",
       {"recommend post-purchase"},
       {"GET /v1/recommendations/post-purchase/{order_id}"},
       ""},
      {"list customers by segment",
       {"customers list", "customers segment"},
       {"GET /v1/segments/{segment}/customers"},
       ""},
      {"export contacts for an email service",
       {"customers export-esp"},
       {"GET /v1/exports/esp"},
       ""},
      {"list abandoned carts", {"carts abandoned"}, {"GET /v1/carts/abandoned"}, ""},
      {"forecast demand", {"forecast"}, {"GET /v1/forecasts"}, ""},
      {"plan inventory", {"inventory plan"}, {"GET /v1/inventory/plan"}, ""},
      {"export a customer's data", {"privacy export"}, {"GET /v1/customers/{id}/export"}, ""},
      {"erase a customer", {"privacy erase"}, {"DELETE /v1/customers/{id}"}, ""},
      {"mint a customer or order token", {"tokens create"}, {"POST /v1/customer-tokens"}, ""},

      // Local by nature: files, offline evaluations, long batch runs, the server itself.
      {"generate a synthetic store", {"generate"}, {}, "writes a synthetic data set to files"},
      {"document the import formats", {"formats"}, {}, "documentation of the import files"},
      {"summarize a store",
       {"stats"},
       {},
       "a store file's summary for its operator; a running server reports its state in /readyz "
       "and /metrics"},
      {"fit and evaluate CLV models",
       {"clv fit", "clv predict"},
       {},
       "model evaluation on a summary file or a calibration split; served customer predictions "
       "are GET /v1/customers/{id}"},
      {"evaluate VIP identification",
       {"customers vip"},
       {},
       "an offline evaluation that retrains per cohort"},
      {"backtest forecast models", {"forecast backtest"}, {}, "an offline evaluation"},
      {"replay an inventory policy", {"inventory simulate"}, {}, "an offline replay of history"},
      {"evaluate recommendation models", {"eval recommend"}, {}, "an offline evaluation"},
      {"train the recommendation models",
       {"train recommend"},
       {},
       "a batch run of minutes writing the artifacts a running server reloads by itself"},
      {"build a campaign's recommendation lists",
       {"campaign recommendations"},
       {},
       "a batch export to a file for an email service's upload"},
      {"create an API key",
       {"keys create"},
       {},
       "keys guard the API, so they are managed beside the store, not through the API"},
      {"list API keys", {"keys list"}, {}, "keys are managed beside the store"},
      {"revoke an API key", {"keys revoke"}, {}, "keys are managed beside the store"},
      {"serve the HTTP API", {"serve"}, {}, "the server itself"},

      // Only a running server holds the state these need.
      {"recommend for a live session",
       {},
       {"GET /v1/recommendations/session/{session_id}"},
       "a session's live events exist only in the running server"},
      {"ingest live events", {}, {"POST /v1/events"}, "live events feed the running server"},
      {"show a customer's profile",
       {},
       {"GET /v1/customers/{id}"},
       "one customer's served insights and live consent; the CLI lists customers"},
      {"change a customer's consent",
       {},
       {"POST /v1/customers/{id}/consents"},
       "takes effect in the running server's live consent ledger; offline, consents are "
       "imported"},
      {"check health and readiness",
       {},
       {"GET /healthz", "GET /readyz", "GET /metrics"},
       "the running server's own state"},
      {"receive Shopify webhooks",
       {},
       {"POST /v1/webhooks/shopify"},
       "Shopify pushes changes and privacy requests to a running server"},
      {"read the API's description", {}, {"GET /v1/openapi.json"}, "the API's own schema"},
  };
  return kActions;
}

}  // namespace mercato::app
