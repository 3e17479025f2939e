// Cart routes: the abandoned carts a merchant can still win back (admin: they name customers).
// Every read is audited without personal data.
#include <ctime>

#include "access/audit.h"
#include "app/cart_actions.h"
#include "common/text.h"
#include "server/routes.h"

namespace mercato::server {
namespace {

ApiResponse Abandoned(ServerContext& ctx, const ApiRequest& r) {
  app::AbandonedCartsOptions options;
  options.db = ctx.options().db;
  options.policy = ctx.policy();
  options.abandon_after_minutes = ctx.options().abandon_after_minutes;
  options.currency = ctx.options().currency;
  options.since = r.Query("since").value_or("");
  if (auto text = r.Query("limit")) {
    auto v = ParseInt(*text);
    if (!v.ok() || *v < 0) {
      return ErrorResponse(InvalidArgument("limit: expected 0 (all) or more, got '" + *text + "'"));
    }
    options.limit = *v;
  }
  if (auto text = r.Query("include_recovered")) {
    auto v = ParseBool(*text);
    if (!v.ok()) {
      return ErrorResponse(InvalidArgument("include_recovered: expected true or false"));
    }
    options.include_recovered = *v;
  }
  auto carts = app::ListAbandonedCarts(options);  // its own connection: it scans every cart
  if (!carts.ok()) return ErrorResponse(carts.status());
  const Status audited = ctx.WithStore([&](Store& s) {
    return Audit(s, r.AuditActor(), "admin_read", "", "GET /v1/carts/abandoned",
                 std::time(nullptr));
  });
  if (!audited.ok()) return ErrorResponse(audited);
  return JsonResponse(200, app::AbandonedCartsJson(*carts));
}

}  // namespace

void AddCartRoutes(Router& router, ServerContext& ctx) {
  router.Add("GET", "/v1/carts/abandoned", Access::kAdmin,
             [&ctx](const ApiRequest& r) { return Abandoned(ctx, r); });
}

}  // namespace mercato::server
