// The dashboard's kept answers: routes answered through the revalidating cache, their warm-up and
// the drop after an erasure.
#include "server/revalidated_pages.h"

#include "artifact/artifact.h"
#include "store/open_store.h"

namespace mercato::server {

std::shared_ptr<RevalidatedPages> RevalidatedPages::Create(ServerContext& ctx, size_t capacity) {
  return std::shared_ptr<RevalidatedPages>(new RevalidatedPages(ctx, capacity));
}

RevalidatedPages::RevalidatedPages(ServerContext& ctx, size_t capacity)
    : ctx_(ctx),
      cache_(ctx.options().planning_cache_seconds, capacity, KeptPagesDir(ctx.artifact_dir())) {}

Result<std::string> RevalidatedPages::Version() {
  std::lock_guard lock(probe_mu_);
  if (!probe_) {
    ASSIGN_OR_RETURN(probe_, OpenStore(ctx_.options().db));
  }
  ASSIGN_OR_RETURN(const int64_t data, probe_->DataVersion());
  return std::to_string(data) + "/" + ctx_.models()->version;
}

std::function<ApiResponse()> RevalidatedPages::Computation(const ApiRequest& request,
                                                           const std::string& v) {
  // `this` outlives it: the cache is destroyed first (it waits for the computation running).
  return [this, request, v] { return pages_.at(request.path)(request, v); };
}

void RevalidatedPages::Add(Router& router, const std::string& path, Page page) {
  pages_[path] = std::move(page);
  // The routes own the pages (and their cache).
  router.Add("GET", path, Access::kAdmin, [self = shared_from_this()](const ApiRequest& r) {
    auto v = self->Version();
    if (!v.ok()) return ErrorResponse(v.status());
    return self->cache_.GetOrRevalidate(r, self->Computation(r, *v), *v);
  });
}

void RevalidatedPages::Queue(const std::vector<ApiRequest>& requests) {
  auto v = Version();
  if (!v.ok()) return;  // the first call of each page computes it, and says why it cannot
  for (const ApiRequest& request : requests) {
    cache_.Refresh(request, Computation(request, *v), *v);
  }
}

void RevalidatedPages::WarmUp(std::vector<ApiRequest> requests) {
  Queue(requests);
  // Weak: the routes own the pages, not the context.
  ctx_.OnModelsInstalled([weak = weak_from_this(), requests](bool forced) {
    const auto self = weak.lock();
    if (!self) return;
    if (forced) self->cache_.Drop();
    self->Queue(requests);
  });
}

}  // namespace mercato::server
