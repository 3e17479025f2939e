// The route table: method + path pattern ("/v1/customers/{id}") → handler, with who may call
// it. The OpenAPI document and the metrics are keyed by the same patterns.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "server/api_types.h"

namespace mercato::server {

/// Who may call a route: anyone (health checks), storefront or admin keys, admin keys only.
enum class Access { kPublic, kStorefront, kAdmin };

using Handler = std::function<ApiResponse(const ApiRequest&)>;

struct Route {
  std::string method;
  std::string pattern;
  Access access = Access::kAdmin;
  Handler handler;
};

class Router {
 public:
  void Add(std::string method, std::string pattern, Access access, Handler handler);

  struct Match {
    const Route* route = nullptr;  // null: no route for this method and path
    bool path_known = false;       // some route has this path under another method (405)
    std::vector<std::string> allowed_methods;
  };
  /// Finds the route for `method` and `path`, filling `params` with its {name} segments.
  Match Find(std::string_view method, std::string_view path,
             std::map<std::string, std::string>& params) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  static bool Matches(std::string_view pattern, std::string_view path,
                      std::map<std::string, std::string>* params);
  std::vector<Route> routes_;
};

}  // namespace mercato::server
