// Outbox routes: its figures (admin), and the one-click unsubscribe link every email carries
// (public: it is the customer clicking, proved by the link's signed token).
#include <ctime>

#include "app/outbox_actions.h"
#include "delivery/compliance.h"
#include "server/client_address.h"
#include "server/outbox_deliverer.h"
#include "server/routes.h"

namespace mercato::server {
namespace {

std::string OptionalTime(const std::optional<Timestamp>& ts) {
  return ts ? FormatTimestamp(*ts) : std::string();
}

ApiResponse Stats(ServerContext& ctx) {
  auto stats = ctx.WithStore([](Store& store) { return app::OutboxStats(store); });
  if (!stats.ok()) return ErrorResponse(stats.status());
  nlohmann::json body = {{"messages", *stats}, {"deliverer", nullptr}};
  if (const OutboxDeliverer* deliverer = ctx.outbox_deliverer()) {
    const OutboxDeliverer::State state = deliverer->state();
    body["deliverer"] = {
        {"every_seconds", deliverer->every().count()},
        {"runs", state.runs},
        {"failures", state.failures},
        {"last_run", state.last_run ? nlohmann::json(OptionalTime(state.last_run)) : nullptr},
        {"last_failure",
         state.last_failure.empty() ? nlohmann::json(nullptr) : nlohmann::json(state.last_failure)},
        {"totals", app::DeliveryRoundJson(state.totals)}};
  }
  return JsonResponse(200, body);
}

ApiResponse Page(int status, const std::string& title, const std::string& text) {
  ApiResponse r;
  r.status = status;
  r.content_type = "text/html; charset=utf-8";
  r.body =
      "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta "
      "name=\"viewport\" content=\"width=device-width\"><title>" +
      delivery::EscapeHtml(title) + "</title></head>\n<body><h1>" + delivery::EscapeHtml(title) +
      "</h1><p>" + delivery::EscapeHtml(text) + "</p></body></html>\n";
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

// GET (the link clicked) and POST (RFC 8058 one-click, the mail client's List-Unsubscribe-Post)
// both carry the token in the query and record the opt-out.
ApiResponse Unsubscribe(ServerContext& ctx, const ApiRequest& r) {
  // Each try costs an HMAC and may write a consent: limited per client as storefront calls are.
  const RateLimiter::Decision d = ctx.client_limiter().Take(
      "address:" + AddressBucket(r.ClientAddress(ctx.options().trusted_proxies)));
  if (!d.allowed) {
    return RateLimitedResponse("too many unsubscribe requests from this client; retry later",
                               d.retry_after_seconds);
  }
  const std::optional<std::string> token = r.Query("token");
  if (!token || token->empty()) {
    return Page(400, "Unsubscribe link incomplete",
                "This link has no token: open the whole link from the email, or reply to the "
                "email to ask to be unsubscribed.");
  }
  const auto now = static_cast<Timestamp>(std::time(nullptr));
  auto result = ctx.WithStore([&](Store& store) {
    return app::Unsubscribe(store, ctx.options().token_secret, *token, now);
  });
  if (!result.ok()) {
    const int status = HttpStatusOf(result.status().code());
    return Page(status, "Unsubscribe link not valid",
                result.status().message() +
                    ". Open the link from your most recent email, or reply to it to ask to be "
                    "unsubscribed.");
  }
  if (result->recorded) ctx.consent().Record(result->consent);
  const std::string& sender = ctx.options().delivery.sender_name;
  return Page(
      200, "You are unsubscribed",
      "You will receive no more " +
          std::string(result->purpose == "email_marketing" ? "marketing email" : result->purpose) +
          (sender.empty() ? "" : " from " + sender) + ". It takes effect from now on.");
}

}  // namespace

void AddOutboxRoutes(Router& router, ServerContext& ctx) {
  router.Add("GET", "/v1/outbox/stats", Access::kAdmin,
             [&ctx](const ApiRequest&) { return Stats(ctx); });
  router.Add("GET", "/v1/unsubscribe", Access::kPublic,
             [&ctx](const ApiRequest& r) { return Unsubscribe(ctx, r); });
  router.Add("POST", "/v1/unsubscribe", Access::kPublic,
             [&ctx](const ApiRequest& r) { return Unsubscribe(ctx, r); });
}

}  // namespace mercato::server
