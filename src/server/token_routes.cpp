// POST /v1/customer-tokens: an admin key mints a customer or order token, for backends that
// would rather ask than sign themselves (the algorithm is in docs/api.md).
#include <ctime>
#include <nlohmann/json.hpp>

#include "app/identity.h"
#include "app/token_actions.h"
#include "server/routes.h"

namespace mercato::server {
namespace {

constexpr std::string_view kShape =
    "expected {\"customer_id\": \"...\"} or {\"order_id\": \"...\"}, with an optional "
    "\"ttl_seconds\"";

// The mint options of a request body: exactly one of customer_id and order_id, a ttl.
Result<app::MintTokenOptions> MintOptionsOf(ServerContext& ctx, const ApiRequest& r) {
  ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonBody(r));
  if (!body.is_object()) return InvalidArgument(std::string(kShape));
  app::MintTokenOptions o;
  o.secret = ctx.options().token_secret;
  o.max_lifetime_seconds = ctx.options().token_max_lifetime_seconds;
  o.now = std::time(nullptr);
  for (const auto& [field, kind] : {std::pair{"customer_id", "customer"}, {"order_id", "order"}}) {
    const auto it = body.find(field);
    if (it == body.end()) continue;
    if (!it->is_string()) return InvalidArgument(std::string(field) + ": expected a string");
    if (!o.kind.empty()) return InvalidArgument(std::string(kShape) + ", not both");
    o.kind = kind;
    o.subject = it->get<std::string>();
  }
  if (o.kind.empty()) return InvalidArgument(std::string(kShape));
  // A token vouches for an internal id: an email or Shopify id, an order's #name or Shopify id
  // is resolved; a name nothing matches is minted as given (a backend may mint for a customer or
  // an order not imported yet).
  Result<std::string> resolved = ctx.WithStore([&](Store& s) {
    return o.kind == "customer" ? app::ResolveCustomer(s, o.subject)
                                : app::ResolveOrder(s, o.subject);
  });
  if (resolved.ok()) {
    o.subject = std::move(resolved).value();
  } else if (resolved.status().code() != StatusCode::kNotFound && !o.subject.empty()) {
    return resolved.status();
  }
  if (const auto it = body.find("ttl_seconds"); it != body.end()) {
    if (!it->is_number_integer()) return InvalidArgument("ttl_seconds: expected an integer");
    o.ttl_seconds = it->get<int64_t>();
  }
  return o;
}

}  // namespace

void AddTokenRoutes(Router& router, ServerContext& ctx) {
  router.Add("POST", "/v1/customer-tokens", Access::kAdmin, [&ctx](const ApiRequest& r) {
    auto options = MintOptionsOf(ctx, r);
    if (!options.ok()) return ErrorResponse(options.status());
    auto minted = app::MintToken(*options);
    if (!minted.ok()) return ErrorResponse(minted.status());
    const bool customer = minted->kind == TokenKind::kCustomer;
    return JsonResponse(200, {{customer ? "customer_id" : "order_id", options->subject},
                              {"token", minted->token},
                              {"header", customer ? "X-Customer-Token" : "X-Order-Token"},
                              {"expires_at", FormatTimestamp(minted->expires_at)}});
  });
}

}  // namespace mercato::server
