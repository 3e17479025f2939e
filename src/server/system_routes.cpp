// Health, readiness (with the artifacts that failed to load), metrics and the OpenAPI document.
#include <ctime>
#include <nlohmann/json.hpp>

#include "common/time.h"
#include "recommend/model_registry.h"
#include "server/metrics.h"
#include "server/openapi_document.h"
#include "server/retrainer.h"
#include "server/routes.h"

namespace mercato::server {
namespace {

// An artifact of the served version: loaded, or failed (absent ones are not listed).
struct ArtifactState {
  std::string artifact;
  bool loaded = false;
};

std::vector<ArtifactState> ArtifactStates(const ServedModels& models) {
  std::vector<ArtifactState> states;
  if (models.recommendations) {
    for (size_t k = 0; k < recommend::kModelKinds; ++k) {
      const auto kind = static_cast<recommend::ModelKind>(k);
      if (models.recommendations->HasModel(kind)) {
        states.push_back({serving::ModelArtifactKind(kind), true});
      }
    }
  }
  for (const serving::ArtifactFailure& f : models.failed_artifacts) {
    states.push_back({f.artifact, false});
  }
  return states;
}

nlohmann::json FailuresJson(const std::vector<serving::ArtifactFailure>& failures) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& f : failures) out.push_back({{"artifact", f.artifact}, {"reason", f.reason}});
  return out;
}

nlohmann::json OptionalTimeJson(const std::optional<Timestamp>& t) {
  return t ? nlohmann::json(FormatTimestamp(*t)) : nlohmann::json(nullptr);
}

// The scheduled retraining's state for /readyz.
nlohmann::json RetrainJson(const Retrainer& retrainer) {
  const Retrainer::State state = retrainer.state();
  nlohmann::json failure = nullptr;
  if (state.last_failure_at) {
    failure = {{"at", FormatTimestamp(*state.last_failure_at)}, {"reason", state.last_failure}};
  }
  return {{"every_seconds", retrainer.every().count()},
          {"running", state.running},
          {"successes", state.successes},
          {"failures", state.failures},
          {"last_retrain", OptionalTimeJson(state.last_retrain)},
          {"last_retrain_failure", std::move(failure)}};
}

// The server's own gauges and counters in Prometheus text format.
std::string StateMetrics(ServerContext& ctx) {
  const auto models = ctx.models();
  std::string out;
  auto metric = [&](const char* name, const char* type, const char* help, const std::string& v,
                    const std::string& labels = "") {
    out += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " " + type + "\n" +
           name + labels + " " + v + "\n";
  };
  metric("mercato_model_info", "gauge", "The served model version (artifact fingerprint).", "1",
         "{version=\"" + PrometheusLabel(models->version) + "\",recommendations=\"" +
             (models->recommendations ? "loaded" : "missing") + "\",customer_insights=\"" +
             (models->insights ? "loaded" : "missing") + "\"}");
  metric("mercato_model_loaded_timestamp_seconds", "gauge", "When the served version was loaded.",
         std::to_string(models->loaded_at));
  metric("mercato_model_reloads_total", "counter", "Model versions loaded since start.",
         std::to_string(ctx.reloads.load()));
  metric("mercato_model_reload_failures_total", "counter",
         "Loads with an artifact that could not be loaded, or a store that could not be read.",
         std::to_string(ctx.reload_failures.load()));
  out +=
      "# HELP mercato_model_artifact_loaded Whether a model's artifact is served (1) or "
      "failed to load (0); models without an artifact are not listed.\n"
      "# TYPE mercato_model_artifact_loaded gauge\n";
  for (const ArtifactState& a : ArtifactStates(*models)) {
    out += "mercato_model_artifact_loaded{artifact=\"" + PrometheusLabel(a.artifact) + "\"} " +
           (a.loaded ? "1" : "0") + "\n";
  }
  metric("mercato_events_ingested_total", "counter", "Events accepted by POST /v1/events.",
         std::to_string(ctx.events_ingested.load()));
  const int64_t newest = ctx.last_event_ts.load();
  const int64_t ingested = ctx.last_ingest_time.load();
  metric("mercato_ingestion_lag_seconds", "gauge",
         "Time from the newest ingested event's timestamp to its ingestion.",
         std::to_string(newest > 0 ? std::max<int64_t>(0, ingested - newest) : 0));
  metric("mercato_pending_checkouts", "gauge", "Checkouts started and not completed yet.",
         std::to_string(ctx.live().pending_checkouts()));
  metric("mercato_abandoned_carts_total", "counter", "Checkouts recorded as abandoned carts.",
         std::to_string(ctx.abandoned_carts.load()));
  if (const Retrainer* retrainer = ctx.retrainer()) {
    const Retrainer::State state = retrainer->state();
    out +=
        "# HELP mercato_retrain_total Scheduled retraining runs by result (success: the new "
        "models serve).\n"
        "# TYPE mercato_retrain_total counter\n"
        "mercato_retrain_total{result=\"success\"} " +
        std::to_string(state.successes) + "\nmercato_retrain_total{result=\"failure\"} " +
        std::to_string(state.failures) + "\n";
    metric("mercato_retrain_last_success_timestamp_seconds", "gauge",
           "When retrained models were last installed (0: not yet).",
           std::to_string(state.last_retrain.value_or(0)));
    metric("mercato_retrain_running", "gauge", "Whether a retraining run is in progress.",
           state.running ? "1" : "0");
  }
  return out;
}

}  // namespace

void AddSystemRoutes(Router& router, ServerContext& ctx,
                     std::function<std::string()> render_metrics) {
  router.Add("GET", "/healthz", Access::kPublic, [](const ApiRequest&) {
    return JsonResponse(200, {{"status", "ok"}});
  });
  router.Add("GET", "/readyz", Access::kPublic, [&ctx](const ApiRequest&) {
    const auto models = ctx.models();
    nlohmann::json body = {{"ready", true},
                           {"model_version", models->version},
                           {"recommendations", models->recommendations != nullptr},
                           {"customer_insights", models->insights.has_value()}};
    if (!models->insights) body["customer_insights_missing"] = models->insights_missing;
    if (!models->recommendations) body["recommendations_missing"] = models->recommendations_missing;
    body["failed_artifacts"] = FailuresJson(models->failed_artifacts);
    if (const auto failure = ctx.last_reload_failure()) {
      body["last_reload_failure"] = {{"at", FormatTimestamp(failure->at)},
                                     {"reason", failure->reason},
                                     {"failed_artifacts", FailuresJson(failure->artifacts)}};
    }
    if (const Retrainer* retrainer = ctx.retrainer()) body["retrain"] = RetrainJson(*retrainer);
    return JsonResponse(200, body);
  });
  router.Add("GET", "/metrics", Access::kAdmin, [&ctx, render_metrics](const ApiRequest&) {
    ApiResponse r;
    r.body = render_metrics() + StateMetrics(ctx);
    r.content_type = "text/plain; version=0.0.4";
    return r;
  });
  router.Add("GET", "/v1/openapi.json", Access::kStorefront, [](const ApiRequest&) {
    ApiResponse r;
    r.body = std::string(OpenApiDocument());
    return r;
  });
  router.RunInline("GET", "/healthz");
  router.RunInline("GET", "/readyz");
}

}  // namespace mercato::server
