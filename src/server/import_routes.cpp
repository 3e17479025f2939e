// Import routes: the store's import history (admin; it holds no personal data).
#include "app/import_history.h"
#include "server/documented_query.h"
#include "server/routes.h"

namespace mercato::server {
namespace {

ApiResponse ListImports(ServerContext& ctx, const ApiRequest& r) {
  app::ListImportsOptions options;
  options.db = ctx.options().db;
  if (Status read = ReadDocumentedQuery(r, options, app::ListImportsOptionDocs()); !read.ok()) {
    return ErrorResponse(read);
  }
  auto imports = app::ListImports(options);  // its own connection, like the other reports
  if (!imports.ok()) return ErrorResponse(imports.status());
  return JsonResponse(200, app::ImportHistoryJson(*imports));
}

}  // namespace

void AddImportRoutes(Router& router, ServerContext& ctx) {
  router.Add("GET", "/v1/imports", Access::kAdmin,
             [&ctx](const ApiRequest& r) { return ListImports(ctx, r); });
}

}  // namespace mercato::server
