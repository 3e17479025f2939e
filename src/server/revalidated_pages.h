// Admin routes whose answers take seconds on a large store and change only with its data: the
// dashboard's pages and the routes they load (forecasts, the reorder plan, the lift report). Each
// answer is kept per request for the store's data version and the served models' version and
// revalidated in the background once they move (server/response_cache.h: stale-while-revalidate,
// single flight); the pages' usual requests are computed in the background when the server starts
// and as soon as new models are installed. The answers are also kept on disk (KeptPagesDir of the
// artifacts): a restarted server answers them at once, stale, while it revalidates them. An
// erasure drops every kept answer: none computed before it may be shown again.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "server/response_cache.h"
#include "server/router.h"
#include "server/server_context.h"
#include "store/store.h"

namespace mercato::server {

class RevalidatedPages : public std::enable_shared_from_this<RevalidatedPages> {
 public:
  /// A route's answer to a request, computed at a version ("<data version>/<models version>").
  using Page = std::function<ApiResponse(const ApiRequest&, const std::string& version)>;

  /// Answers kept `ctx.options().planning_cache_seconds` at most, `capacity` requests at once,
  /// starting with those a server before it kept in KeptPagesDir(ctx.artifact_dir()).
  static std::shared_ptr<RevalidatedPages> Create(ServerContext& ctx, size_t capacity);

  /// Adds GET `path` for admins, answered by `page` through the cache.
  void Add(Router& router, const std::string& path, Page page);

  /// Computes `requests` (of paths added before) in the background, in their order one at a
  /// time, now and after every installed models version; a forced install (an erasure, whose
  /// reload is forced) first drops every kept answer and discards the computations running.
  void WarmUp(std::vector<ApiRequest> requests);

  /// "<data version>/<models version>": the store's data version read on a connection of its
  /// own (SQLite's data_version moves when any other connection commits, the server's own writer
  /// included) and the served models' version.
  Result<std::string> Version();

 private:
  RevalidatedPages(ServerContext& ctx, size_t capacity);
  std::function<ApiResponse()> Computation(const ApiRequest& request, const std::string& v);
  void Queue(const std::vector<ApiRequest>& requests);

  ServerContext& ctx_;
  std::map<std::string, Page> pages_;  // by path; filled before the server serves
  std::mutex probe_mu_;
  std::unique_ptr<Store> probe_;  // guarded by probe_mu_
  // Last: destroyed first, it waits for its background computation, which uses the members
  // above.
  ResponseCache cache_;
};

}  // namespace mercato::server
