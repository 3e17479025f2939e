// Opening the server's shared state; reloads and periodic sweeps.
#include "server/server_context.h"

#include <ctime>
#include <filesystem>
#include <iostream>

#include "access/access_token.h"
#include "artifact/artifact.h"
#include "common/money.h"
#include "common/time.h"
#include "privacy/consent_ledger.h"
#include "server/client_address.h"
#include "server/exposure_writer.h"
#include "server/journey_scheduler.h"
#include "server/outbox_deliverer.h"
#include "server/recommendation_experiments.h"
#include "server/retrainer.h"
#include "store/open_store.h"

namespace mercato::server {
namespace {

// Checks the token and proxy options, writing the proxies' addresses canonically.
Status CheckAccessOptions(ServerOptions& o) {
  if (!o.token_secret.empty() && o.token_secret.size() < kMinTokenSecretBytes) {
    return InvalidArgument("the token secret has " + std::to_string(o.token_secret.size()) +
                           " bytes; use at least " + std::to_string(kMinTokenSecretBytes) +
                           " random ones (e.g. `openssl rand -hex 32`)");
  }
  if (o.token_max_lifetime_seconds < 1) {
    return InvalidArgument("the token lifetime must be at least 1 second");
  }
  for (std::string& proxy : o.trusted_proxies) {
    const std::optional<std::string> canonical = CanonicalIp(proxy);
    if (!canonical) {
      return InvalidArgument("--trusted-proxy " + proxy +
                             ": expected an IP address (such as 10.0.0.5 or fd00::5)");
    }
    proxy = *canonical;
  }
  return Status::Ok();
}

}  // namespace

ServerContext::ServerContext(ServerOptions options)
    : options_(std::move(options)),
      key_limiter_(options_.rate_limit, options_.rate_burst),
      client_limiter_(options_.storefront_rate_limit, options_.storefront_rate_burst),
      sessions_(SessionLimits{.lifetime_seconds = int64_t{options_.session_hours} * 3600,
                              .idle_seconds = int64_t{options_.session_idle_minutes} * 60,
                              .capacity = options_.max_sessions}) {}

Result<std::unique_ptr<ServerContext>> ServerContext::Open(ServerOptions options) {
  if (!std::filesystem::exists(options.db)) {
    return NotFound(options.db + ": no such store (create it with `mercato import --db " +
                    options.db + " ...`)");
  }
  RETURN_IF_ERROR(CheckAccessOptions(options));
  if (!options.currency.empty()) {
    ASSIGN_OR_RETURN(options.currency, ParseCurrencyCode(options.currency));
  }
  std::unique_ptr<ServerContext> ctx(new ServerContext(std::move(options)));
  const ServerOptions& o = ctx->options_;
  ctx->artifact_dir_ = o.artifacts.empty() ? DefaultArtifactDir(o.db) : o.artifacts;
  ctx->policy_ = privacy::DefaultConsentPolicy();
  if (!o.consent_policy.empty()) {
    ASSIGN_OR_RETURN(ctx->policy_, privacy::LoadConsentPolicy(o.consent_policy));
  }
  ASSIGN_OR_RETURN(ctx->store_, OpenStore(o.db));
  ASSIGN_OR_RETURN(auto ledger, privacy::LoadConsentLedger(*ctx->store_, ctx->policy_));
  ctx->consent_ = std::make_unique<LiveConsent>(std::move(ledger));
  ASSIGN_OR_RETURN(ctx->keys_, KeyAuthenticator::Open(o.db));
  ctx->exposures_ = std::make_unique<ExposureWriter>(*ctx, ExposureWriter::Limits{});
  RETURN_IF_ERROR(ctx->Reload(true));  // reads the running experiments too
  if (o.deliver_every_seconds > 0) {
    app::DeliverOutboxOptions delivery = o.delivery;
    delivery.db = o.db;
    delivery.token_secret = o.token_secret;
    delivery.consent_policy = o.consent_policy;
    ASSIGN_OR_RETURN(
        ctx->outbox_deliverer_,
        OutboxDeliverer::Start(std::move(delivery), std::chrono::seconds(o.deliver_every_seconds)));
  }
  if (o.retrain_every_seconds > 0) {
    app::TrainRecommendOptions train;
    train.db = o.db;
    train.artifacts = ctx->artifact_dir_;
    ctx->retrainer_ = std::make_unique<Retrainer>(*ctx, std::move(train),
                                                  std::chrono::seconds(o.retrain_every_seconds));
  }
  if (o.journeys_every_seconds > 0) {
    ctx->journey_scheduler_ = std::make_unique<JourneyScheduler>(
        ctx->journey_options(), std::chrono::seconds(o.journeys_every_seconds));
  }
  return ctx;
}

ServerContext::~ServerContext() = default;

app::JourneyOptions ServerContext::journey_options() const {
  app::JourneyOptions journeys = options_.journeys;
  journeys.db = options_.db;
  journeys.policy = policy_;
  return journeys;
}

bool ServerContext::StopRetraining(std::chrono::milliseconds grace) {
  return retrainer_ == nullptr || retrainer_->Stop(grace);
}

Status ServerContext::InTransaction(const std::function<Status(Store&)>& fn) {
  return WithStore([&](Store& store) -> Status {
    RETURN_IF_ERROR(store.Begin());
    Status s = fn(store);
    if (!s.ok()) {
      (void)store.Rollback();
      return s;
    }
    return store.Commit();
  });
}

Status ServerContext::RefreshExperiments() {
  std::lock_guard lock(experiments_mu_);
  auto loaded = WithStore([](Store& store) { return RecommendationExperiments::Load(store); });
  if (!loaded.ok()) {
    std::cerr << "mercato serve: running experiments not read: " << loaded.status().message()
              << "\n";
    return loaded.status();
  }
  recommendation_experiments_.store(std::move(loaded).value());
  return Status::Ok();
}

Status ServerContext::Reload(bool force) {
  std::lock_guard lock(reload_mu_);
  return ReloadLocked(force);
}

void ServerContext::OnModelsInstalled(std::function<void(bool forced)> listener) {
  std::lock_guard lock(reload_mu_);
  installed_listeners_.push_back(std::move(listener));
}

Status ServerContext::Publish(const std::function<Status(Store&)>& write) {
  std::lock_guard lock(reload_mu_);
  RETURN_IF_ERROR(WithStore(write));
  RETURN_IF_ERROR(ReloadLocked(false));
  if (registry_.Current()->version != ArtifactDirVersion(artifact_dir_)) {
    std::string why = "the new artifacts were not loaded";
    if (last_reload_failure_) {
      why = last_reload_failure_->reason;
      for (const serving::ArtifactFailure& f : last_reload_failure_->artifacts) {
        why += "; " + f.artifact + ": " + f.reason;
      }
    }
    return FailedPrecondition(why);
  }
  return Status::Ok();
}

Status ServerContext::ReloadLocked(bool force) {
  const auto current = registry_.Current();
  const std::string version = ArtifactDirVersion(artifact_dir_);
  if (!force && current &&
      (current->version == version ||
       (last_reload_failure_ && last_reload_failure_->version == version))) {
    return Status::Ok();
  }
  auto loaded = LoadServedModels(options_.db, artifact_dir_, policy_);
  if (!loaded.ok()) {
    // The store could not be read: tried again on the next tick, logged once per reason.
    reload_failures.fetch_add(1);
    const std::string& reason = loaded.status().message();
    if (!last_reload_failure_ || last_reload_failure_->reason != reason) {
      std::cerr << "mercato serve: reload failed: " << reason << "\n";
    }
    last_reload_failure_ = ReloadFailure{std::time(nullptr), "", reason, {}};
    return loaded.status();
  }
  std::unique_ptr<ServedModels> models = std::move(loaded).value();
  if (models->recommendations) models->recommendations->LinkProducts(options_.shop_url);
  if (!options_.currency.empty()) models->currency = options_.currency;
  if (!models->failed_artifacts.empty()) {
    reload_failures.fetch_add(1);
    if (current && !force) {
      last_reload_failure_ =
          ReloadFailure{std::time(nullptr), version,
                        "an artifact could not be loaded; still serving version " +
                            current->version + " loaded at " + FormatTimestamp(current->loaded_at),
                        models->failed_artifacts};
      std::cerr << "mercato serve: " << last_reload_failure_->reason << "\n";
      return Status::Ok();
    }
  }
  last_reload_failure_.reset();
  registry_.Install(std::move(models));
  reloads.fetch_add(1);
  (void)RefreshExperiments();  // an error keeps the experiments in memory, and is logged
  for (const auto& listener : installed_listeners_) listener(force);
  return Status::Ok();
}

std::optional<ServerContext::ReloadFailure> ServerContext::last_reload_failure() const {
  std::lock_guard lock(reload_mu_);
  return last_reload_failure_;
}

void ServerContext::Tick(Timestamp now) {
  (void)Reload(false);  // a failed reload keeps serving the current version and reports it
  auto abandoned =
      live_.TakeAbandoned(now, static_cast<int64_t>(options_.abandon_after_minutes) * 60);
  if (abandoned.empty()) return;
  const Status s = InTransaction([&](Store& store) -> Status {
    for (const auto& a : abandoned) {
      RETURN_IF_ERROR(store.Put(&a.cart));
      for (const CartItem& item : a.items) RETURN_IF_ERROR(store.Put(&item));
    }
    return Status::Ok();
  });
  if (s.ok()) abandoned_carts.fetch_add(static_cast<int64_t>(abandoned.size()));
}

}  // namespace mercato::server
