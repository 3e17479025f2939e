// The route table: method + path pattern ("/v1/customers/{id}") → handler, with who may call
// it and where it may run. The OpenAPI document and the metrics are keyed by the same patterns.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "server/api_types.h"

namespace mercato::server {

/// Who may call a route: anyone (health checks), storefront or admin keys, admin keys only.
enum class Access { kPublic, kStorefront, kAdmin };

/// Where a route's handler may run: on the handler pool (it may wait, e.g. for the store's
/// writer), or inline on the connection's I/O thread (it is quick and reads only memory: loaded
/// models, live in-memory state), which saves the hand-off between threads.
enum class Runs { kOnPool, kInline };

using Handler = std::function<ApiResponse(const ApiRequest&)>;

struct Route {
  std::string method;
  std::string pattern;
  Access access = Access::kAdmin;
  Handler handler;
  Runs runs = Runs::kOnPool;
  std::vector<std::string> segments;  // the pattern split at '/', once
};

class Router {
 public:
  void Add(std::string method, std::string pattern, Access access, Handler handler);
  /// Lets the route added as `method` `pattern` run inline (Runs::kInline); it must exist.
  void RunInline(std::string_view method, std::string_view pattern);

  struct Match {
    const Route* route = nullptr;  // null: no route for this method and path
    bool path_known = false;       // some route has this path under another method (405)
    std::vector<std::string> allowed_methods;  // HEAD follows each GET
  };
  /// Finds the route for `method` and `path` (HEAD finds the GET route), filling `params` with
  /// its {name} segments.
  Match Find(std::string_view method, std::string_view path,
             std::map<std::string, std::string>& params) const;

  /// Whether the route for `method` and `path` runs inline (false when there is none).
  bool RunsInline(std::string_view method, std::string_view path) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  /// Whether `route` answers `method`: its own, and HEAD wherever GET is (RFC 9110 §9.3.2: the
  /// same head without the body, which the HTTP layer leaves out).
  static bool Serves(const Route& route, std::string_view method);
  /// The route for `method` among those matching `segments`: the most literal one.
  const Route* Best(std::string_view method, const std::vector<std::string_view>& segments) const;
  static bool Matches(const Route& route, const std::vector<std::string_view>& path,
                      std::map<std::string, std::string>* params);
  std::vector<Route> routes_;
};

}  // namespace mercato::server
