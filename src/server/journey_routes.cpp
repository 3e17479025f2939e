// Journey routes (admin): the configured journeys, and one journey's figures with its lift over
// the holdout, as `mercato journeys list --json` and `mercato journeys stats ID --json` print them.
#include "app/journey_actions.h"
#include "server/routes.h"

namespace mercato::server {
namespace {

ApiResponse JourneyList(const ServerContext& ctx) {
  auto list = app::ListJourneysJson(ctx.journey_options());
  if (!list.ok()) return ErrorResponse(list.status());
  return JsonResponse(200, *list);
}

ApiResponse JourneyStatsAnswer(const ServerContext& ctx, const ApiRequest& r) {
  app::JourneyStatsOptions options;
  options.journeys = ctx.journey_options();
  options.id = r.Param("id");
  auto stats = app::ReportJourneyStats(options);  // its own connection: it reads every order
  if (!stats.ok()) return ErrorResponse(stats.status());
  return JsonResponse(200, app::JourneyStatsJson(*stats));
}

}  // namespace

void AddJourneyRoutes(Router& router, ServerContext& ctx) {
  router.Add("GET", "/v1/journeys", Access::kAdmin,
             [&ctx](const ApiRequest&) { return JourneyList(ctx); });
  router.Add("GET", "/v1/journeys/{id}/stats", Access::kAdmin,
             [&ctx](const ApiRequest& r) { return JourneyStatsAnswer(ctx, r); });
}

}  // namespace mercato::server
