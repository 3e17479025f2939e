// GET /v1/experiments/validate: the experiment statistics' simulations on the store's customers
// (admin; heavy: it loads a snapshot on its own connection and runs thousands of analyses).
#include "app/experiment_validation.h"
#include "server/documented_query.h"
#include "server/routes.h"

namespace mercato::server {
namespace {

ApiResponse ValidateExperiments(ServerContext& ctx, const ApiRequest& r) {
  app::ValidateExperimentsOptions options;
  options.db = ctx.options().db;
  if (Status read = ReadDocumentedQuery(r, options, app::ValidateExperimentsOptionDocs());
      !read.ok()) {
    return ErrorResponse(read);
  }
  auto validation = app::ValidateExperiments(options);
  if (!validation.ok()) return ErrorResponse(validation.status());
  return JsonResponse(200, app::ExperimentValidationJson(*validation));
}

}  // namespace

void AddExperimentValidationRoutes(Router& router, ServerContext& ctx) {
  router.Add("GET", "/v1/experiments/validate", Access::kAdmin,
             [&ctx](const ApiRequest& r) { return ValidateExperiments(ctx, r); });
}

}  // namespace mercato::server
