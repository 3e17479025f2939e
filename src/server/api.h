// The API without sockets: every request goes through Handle — routing, API-key auth and
// scopes, customer and order tokens, CORS, rate limits, body limits, metrics — to the route
// handlers. The HTTP server, the in-process tests and the request fuzzer all call it.
#pragma once

#include <memory>
#include <string>

#include "server/api_types.h"
#include "server/metrics.h"
#include "server/router.h"
#include "server/server_context.h"

namespace mercato::server {

class Api {
 public:
  explicit Api(ServerContext& ctx);

  /// Answers one request; thread-safe; never throws.
  ApiResponse Handle(ApiRequest request);

  /// Counts, in /metrics, a request or connection the HTTP front end refused with `status`
  /// before it reached Handle (see Metrics::ObserveRefusal); thread-safe.
  void RecordFrontEndRefusal(int status) { metrics_->ObserveRefusal(status); }

  /// Whether `request` may be answered on the I/O thread that read it: its route runs inline
  /// (Runs::kInline). Unknown routes go to the pool, where Handle answers them.
  bool RunsInline(const ApiRequest& request) const {
    return router_.RunsInline(request.method, request.path);
  }

  const Router& router() const { return router_; }

 private:
  ApiResponse Dispatch(ApiRequest& request, int& route_index);
  ApiResponse Preflight(const ApiRequest& request, const Router::Match& match) const;
  bool OriginAllowed(std::string_view origin) const;
  // Verifies the customer and order tokens a storefront caller sent into request.caller.
  void IdentifyStorefrontCaller(ApiRequest& request) const;
  // The rate limiters' gauges, in Prometheus text format.
  std::string LimiterMetrics() const;

  ServerContext& ctx_;
  Router router_;
  std::unique_ptr<Metrics> metrics_;
};

}  // namespace mercato::server
