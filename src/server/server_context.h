// The state every route shares: options, the store (one writer connection), the served models
// with hot reload and scheduled retraining, live activity and consent, keys, rate limits and
// ingestion counters.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "privacy/consent_policy.h"
#include "server/key_authenticator.h"
#include "server/live_activity.h"
#include "server/live_consent.h"
#include "server/rate_limiter.h"
#include "server/served_models.h"
#include "server/server_options.h"
#include "server/session_store.h"
#include "store/store.h"

namespace mercato::server {

class ExposureWriter;
class OutboxDeliverer;
class RecommendationExperiments;
class Retrainer;
class JourneyScheduler;

class ServerContext {
 public:
  /// Opens the store (which must exist), loads the consent ledger, keys and served models,
  /// starts retraining on the schedule options.retrain_every_seconds says (0: never), and the
  /// outbox delivery on options.deliver_every_seconds' (0: never; its settings checked first).
  static Result<std::unique_ptr<ServerContext>> Open(ServerOptions options);
  /// Stops retraining, waiting for a run in progress to finish.
  ~ServerContext();

  const ServerOptions& options() const { return options_; }
  const std::string& artifact_dir() const { return artifact_dir_; }
  const privacy::ConsentPolicy& policy() const { return policy_; }
  /// The journeys the server runs and reports: serve's journey options on its store and consent
  /// policy.
  app::JourneyOptions journey_options() const;

  /// Runs `fn(Store&)` holding the store lock; every store access goes through here.
  template <class Fn>
  auto WithStore(Fn&& fn) {
    std::lock_guard lock(store_mu_);
    return fn(*store_);
  }

  /// Runs `fn(Store&)` in one store transaction: committed when it returns Ok, rolled back
  /// otherwise (and nothing written).
  Status InTransaction(const std::function<Status(Store&)>& fn);

  std::shared_ptr<const ServedModels> models() const { return registry_.Current(); }
  /// Loads the models again when the artifact directory changed (or always with `force`);
  /// the new version serves from the next request on. When an artifact of the new version
  /// cannot be loaded, a running server keeps serving the version it has (unless `force`: an
  /// erasure must not leave the old models in memory, so the new version serves without the
  /// broken artifact), counts the failure, logs it, and keeps it for /readyz; the same artifact
  /// directory is not tried again until it changes (a store that cannot be read is retried). At
  /// start (no version yet) the new version serves without the broken artifacts. Only a store that
  /// cannot be read is an error.
  Status Reload(bool force);

  /// Calls `listener(forced)` after each reload that installs a version (hot reload, Publish, a
  /// forced reload: an erasure's), on the reloading thread with the reload lock held: it must only
  /// start work (queue it), not do it, and must not reload.
  void OnModelsInstalled(std::function<void(bool forced)> listener);

  /// Runs `write(Store&)` (new artifacts into artifact_dir()) holding the store lock, so that no
  /// erasure runs meanwhile, and the reload lock, so that no reload sees half of them; then
  /// reloads. Ok when the written version was installed; a failed write or a version that could
  /// not be loaded is an error, and the served version stays.
  Status Publish(const std::function<Status(Store&)>& write);

  /// The background outbox delivery; null when the server does not deliver.
  const OutboxDeliverer* outbox_deliverer() const { return outbox_deliverer_.get(); }
  /// The scheduled retraining; null when the server does not retrain.
  Retrainer* retrainer() { return retrainer_.get(); }
  /// The journeys on a clock (serve --journeys-every); null when off.
  JourneyScheduler* journey_scheduler() { return journey_scheduler_.get(); }
  /// Stops the scheduled retraining (if any): no run starts and no artifact is written once this
  /// returns. False when a run is still training after `grace` (it cannot be interrupted; the
  /// process may exit without waiting for it).
  bool StopRetraining(std::chrono::milliseconds grace);

  /// A reload that was not installed: when, which artifact directory version, and why.
  struct ReloadFailure {
    Timestamp at = 0;
    std::string version;  // empty when the store could not be read (retried on every tick)
    std::string reason;
    std::vector<serving::ArtifactFailure> artifacts;
  };
  /// The last reload not installed since the served version was, if any.
  std::optional<ReloadFailure> last_reload_failure() const;
  /// Periodic work: reload on new artifacts, record abandoned checkouts.
  void Tick(Timestamp now);

  /// The running recommendations experiments (null when none): one atomic load, no store read.
  std::shared_ptr<const RecommendationExperiments> recommendation_experiments() const {
    return recommendation_experiments_.load();
  }
  /// Reads the running experiments from the store again: after an experiment is created or
  /// changes status, and on every model reload. On an error the experiments in memory stay (and
  /// the error is returned). Must not be called holding the store lock.
  Status RefreshExperiments();
  /// Where the routes queue the exposures of requests served under an experiment (written in
  /// the background).
  ExposureWriter& exposures() { return *exposures_; }

  LiveActivity& live() { return live_; }
  LiveConsent& consent() { return *consent_; }
  KeyAuthenticator& keys() { return *keys_; }
  /// Rate limits of admin keys (by key) and of storefront traffic (by client or customer).
  RateLimiter& key_limiter() { return key_limiter_; }
  RateLimiter& client_limiter() { return client_limiter_; }
  /// The dashboard's sign-in sessions.
  SessionStore& sessions() { return sessions_; }

  /// Ingestion counters for /metrics.
  std::atomic<int64_t> events_ingested{0};
  std::atomic<int64_t> last_event_ts{0};     // newest event time seen
  std::atomic<int64_t> last_ingest_time{0};  // when it was ingested
  std::atomic<int64_t> abandoned_carts{0};
  std::atomic<int64_t> reloads{0};
  std::atomic<int64_t> reload_failures{0};  // reloads not installed, or with broken artifacts

 private:
  explicit ServerContext(ServerOptions options);
  Status ReloadLocked(bool force);  // Reload, holding reload_mu_

  ServerOptions options_;
  std::string artifact_dir_;
  privacy::ConsentPolicy policy_;
  std::mutex store_mu_;
  std::unique_ptr<Store> store_;
  mutable std::mutex reload_mu_;
  std::optional<ReloadFailure> last_reload_failure_;            // guarded by reload_mu_
  std::vector<std::function<void(bool)>> installed_listeners_;  // guarded by reload_mu_
  ModelRegistry registry_;
  LiveActivity live_;
  std::unique_ptr<LiveConsent> consent_;
  std::unique_ptr<KeyAuthenticator> keys_;
  RateLimiter key_limiter_;
  RateLimiter client_limiter_;
  SessionStore sessions_;
  std::mutex experiments_mu_;  // one refresh at a time, so the newest read is the one installed
  std::atomic<std::shared_ptr<const RecommendationExperiments>> recommendation_experiments_;
  std::unique_ptr<ExposureWriter> exposures_;            // drained before the store goes
  std::unique_ptr<OutboxDeliverer> outbox_deliverer_;    // its own store connection
  std::unique_ptr<Retrainer> retrainer_;                 // stopped before the rest goes
  std::unique_ptr<JourneyScheduler> journey_scheduler_;  // last: stopped first
};

}  // namespace mercato::server
