// Experiment routes (issue 17): definitions, status, a unit's assignment (storefront code asks
// which variant to show and the exposure is logged), exposure batches, the report, and the
// lift of mercato's capabilities over every experiment (/v1/reports/lift).
#include <ctime>
#include <nlohmann/json.hpp>

#include "app/experiment_actions.h"
#include "app/lift_report.h"
#include "common/text.h"
#include "server/routes.h"

namespace mercato::server {
namespace {

using nlohmann::json;

// Customer segments come from the served insights (fitted when the models were loaded).
app::InsightLookup ServedInsights(ServerContext& ctx) {
  return [models = ctx.models()](const std::string& id) { return models->Insight(id); };
}

ApiResponse Create(ServerContext& ctx, const ApiRequest& r) {
  auto body = ParseJsonBody(r);
  if (!body.ok()) return ErrorResponse(body.status());
  auto created = ctx.WithStore([&](Store& s) {
    return app::CreateExperiment(s, {*body, std::time(nullptr)});
  });
  if (!created.ok()) return ErrorResponse(created.status());
  (void)ctx.RefreshExperiments();  // a failure is logged; the next reload tries again
  return JsonResponse(201, app::StoredExperimentJson(*created));
}

ApiResponse List(ServerContext& ctx) {
  auto all = ctx.WithStore([&](Store& s) { return app::ListExperiments(s); });
  if (!all.ok()) return ErrorResponse(all.status());
  json out = json::array();
  for (const app::StoredExperiment& e : *all) out.push_back(app::StoredExperimentJson(e));
  return JsonResponse(200, {{"experiments", std::move(out)}});
}

ApiResponse Show(ServerContext& ctx, const ApiRequest& r) {
  auto e = ctx.WithStore([&](Store& s) { return app::ShowExperiment(s, r.Param("key")); });
  if (!e.ok()) return ErrorResponse(e.status());
  return JsonResponse(200, app::StoredExperimentJson(*e));
}

ApiResponse SetStatus(ServerContext& ctx, const ApiRequest& r) {
  auto body = ParseJsonBody(r);
  if (!body.ok()) return ErrorResponse(body.status());
  if (!body->is_object() || !body->contains("status") || !(*body)["status"].is_string() ||
      body->size() != 1) {
    return ErrorResponse(InvalidArgument(
        "expected {\"status\": \"running\"|\"stopped\"} (only the status changes)"));
  }
  auto e = ctx.WithStore([&](Store& s) {
    return app::SetExperimentStatus(
        s, {r.Param("key"), (*body)["status"].get<std::string>(), std::time(nullptr)});
  });
  if (!e.ok()) return ErrorResponse(e.status());
  (void)ctx.RefreshExperiments();  // a failure is logged; the next reload tries again
  return JsonResponse(200, app::StoredExperimentJson(*e));
}

ApiResponse Assign(ServerContext& ctx, const ApiRequest& r) {
  app::AssignOptions options;
  options.key = r.Param("key");
  options.unit = r.Query("unit").value_or("");
  if (auto log = r.Query("log")) {
    auto v = ParseBool(*log);
    if (!v.ok()) return ErrorResponse(InvalidArgument("log: expected true or false"));
    options.log_exposure = *v;
  }
  options.now = std::time(nullptr);
  options.insight = ServedInsights(ctx);
  // A storefront caller assigns a customer only with that customer's token: nobody else may log
  // exposures in a customer's name.
  auto unit_kind = ctx.WithStore([&](Store& s) -> Result<experiment::UnitKind> {
    ASSIGN_OR_RETURN(app::StoredExperiment e, app::ShowExperiment(s, options.key));
    return e.definition.unit;
  });
  if (!unit_kind.ok()) return ErrorResponse(unit_kind.status());
  if (*unit_kind == experiment::UnitKind::kCustomer && !options.unit.empty() &&
      !r.caller.Proves(TokenKind::kCustomer, options.unit)) {
    return ErrorResponse(Status(
        StatusCode::kPermissionDenied,
        "a customer's assignment needs their X-Customer-Token (or an admin key); for visitors "
        "who are not signed in, run the experiment on session units"));
  }
  auto answer = ctx.WithStore([&](Store& s) { return app::AssignExperiment(s, options); });
  if (!answer.ok()) return ErrorResponse(answer.status());
  return JsonResponse(200, app::AssignmentJson(*answer));
}

ApiResponse Exposures(ServerContext& ctx, const ApiRequest& r) {
  auto body = ParseJsonBody(r);
  if (!body.ok()) return ErrorResponse(body.status());
  constexpr const char* kExposuresShape =
      "expected {\"exposures\": [{\"unit\": \"...\", \"ts\": optional ISO 8601 time}]}";
  if (!body->is_object() || !body->contains("exposures") || !(*body)["exposures"].is_array()) {
    return ErrorResponse(InvalidArgument(kExposuresShape));
  }
  app::RecordExposureBatchOptions options;
  options.key = r.Param("key");
  options.now = std::time(nullptr);
  options.insight = ServedInsights(ctx);
  const json& list = (*body)["exposures"];
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string at = "exposures[" + std::to_string(i) + "]";
    const json& e = list[i];
    if (!e.is_object() || !e.contains("unit") || !e["unit"].is_string()) {
      return ErrorResponse(InvalidArgument(at + ".unit: expected a string; " + kExposuresShape));
    }
    std::optional<Timestamp> ts;
    if (auto it = e.find("ts"); it != e.end() && !it->is_null()) {
      auto parsed = it->is_string() ? ParseTimestamp(it->get<std::string>())
                                    : Result<Timestamp>(InvalidArgument("expected a string"));
      if (!parsed.ok()) {
        return ErrorResponse(InvalidArgument(at + ".ts: " + parsed.status().message()));
      }
      ts = *parsed;
    }
    options.units.push_back({e["unit"].get<std::string>(), ts});
  }
  auto report = ctx.WithStore([&](Store& s) { return app::RecordExposureBatch(s, options); });
  if (!report.ok()) return ErrorResponse(report.status());
  return JsonResponse(200, app::ExposureBatchJson(*report));
}

// The reports' significance level: ?alpha=, else `fallback`.
Result<double> AlphaQuery(const ApiRequest& r, double fallback) {
  const auto alpha = r.Query("alpha");
  if (!alpha) return fallback;
  auto v = ParseReal(*alpha);
  if (!v.ok() || !(*v > 0 && *v < 1)) {
    return InvalidArgument("alpha: expected a level in (0, 1), got '" + *alpha + "'");
  }
  return *v;
}

ApiResponse Report(ServerContext& ctx, const ApiRequest& r) {
  app::ExperimentReportOptions options;
  options.db = ctx.options().db;
  options.key = r.Param("key");
  options.now = std::time(nullptr);
  auto alpha = AlphaQuery(r, options.alpha);
  if (!alpha.ok()) return ErrorResponse(alpha.status());
  options.alpha = *alpha;
  auto report = app::ReportExperiment(options);  // its own connection: it loads the snapshot
  if (!report.ok()) return ErrorResponse(report.status());
  return JsonResponse(200, app::ExperimentReportJson(*report));
}

ApiResponse Lift(ServerContext& ctx, const ApiRequest& r) {
  app::LiftReportOptions options;
  options.db = ctx.options().db;
  options.now = std::time(nullptr);
  auto alpha = AlphaQuery(r, options.alpha);
  if (!alpha.ok()) return ErrorResponse(alpha.status());
  options.alpha = *alpha;
  auto report = app::BuildLiftReport(options);  // its own connections, as the report's
  if (!report.ok()) return ErrorResponse(report.status());
  return JsonResponse(200, app::LiftReportJson(*report));
}

}  // namespace

void AddExperimentRoutes(Router& router, ServerContext& ctx, RevalidatedPages& pages) {
  router.Add("POST", "/v1/experiments", Access::kAdmin,
             [&ctx](const ApiRequest& r) { return Create(ctx, r); });
  router.Add("GET", "/v1/experiments", Access::kAdmin,
             [&ctx](const ApiRequest&) { return List(ctx); });
  router.Add("GET", "/v1/experiments/{key}", Access::kAdmin,
             [&ctx](const ApiRequest& r) { return Show(ctx, r); });
  router.Add("PATCH", "/v1/experiments/{key}", Access::kAdmin,
             [&ctx](const ApiRequest& r) { return SetStatus(ctx, r); });
  router.Add("GET", "/v1/experiments/{key}/assignment", Access::kStorefront,
             [&ctx](const ApiRequest& r) { return Assign(ctx, r); });
  router.Add("POST", "/v1/experiments/{key}/exposures", Access::kAdmin,
             [&ctx](const ApiRequest& r) { return Exposures(ctx, r); });
  router.Add("GET", "/v1/experiments/{key}/report", Access::kAdmin,
             [&ctx](const ApiRequest& r) { return Report(ctx, r); });
  pages.Add(router, "/v1/reports/lift",
            [&ctx](const ApiRequest& r, const std::string&) { return Lift(ctx, r); });
}

}  // namespace mercato::server
