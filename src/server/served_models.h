// The trained state the server answers from — the recommendation service and every customer's
// insights — loaded as one immutable version and swapped atomically when `mercato train` writes
// new artifacts. Requests hold the version they started with until they finish.
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/status.h"
#include "customers/insights.h"
#include "privacy/consent_policy.h"
#include "recommend_serving/recommendation_service.h"

namespace mercato::server {

struct ServedModels {
  /// Null when no recommendation artifacts exist yet (routes then say to train).
  std::unique_ptr<serving::RecommendationService> recommendations;
  std::string recommendations_missing;  // why recommendations is null
  /// Empty when the store has no orders from known customers or the insights failed.
  std::optional<customers::CustomerInsights> insights;
  std::string insights_missing;  // why insights is empty (an error is also logged at load)
  std::unordered_map<std::string, size_t> insight_index;  // customer id -> insights->customers
  /// Artifacts that could not be loaded (corrupt, unreadable, trained on other data): their
  /// models are left out and the rest serves. /readyz, the log and /metrics report them.
  std::vector<serving::ArtifactFailure> failed_artifacts;
  std::string version;  // fingerprint of the artifact directory it was loaded from
  Timestamp loaded_at = 0;
  /// The store's currency (configured, else recorded by its imports; app/store_currency.h);
  /// empty when unknown. Lists carry it.
  std::string currency;

  const customers::CustomerInsight* Insight(const std::string& customer_id) const;
};

/// Fingerprint of an artifact directory: names, sizes and modification times of its files.
/// Changes whenever an artifact is written (atomically renamed into place).
std::string ArtifactDirVersion(const std::string& dir);

/// Loads a version from the store at `db` (its own connection) and the artifacts in `dir`.
/// Insights that cannot be computed leave `insights` empty, say why in `insights_missing` and
/// are reported on standard error; the rest of the version still serves. So do artifacts that
/// cannot be loaded: each is left out, listed in `failed_artifacts` and reported on standard
/// error (a broken serving index, or no popularity or trending model left, leaves
/// `recommendations` null with the reason in `recommendations_missing`). Only a store that
/// cannot be read is an error.
Result<std::unique_ptr<ServedModels>> LoadServedModels(const std::string& db,
                                                       const std::string& dir,
                                                       const privacy::ConsentPolicy& policy);

/// The current version, swapped atomically.
class ModelRegistry {
 public:
  std::shared_ptr<const ServedModels> Current() const { return current_.load(); }
  void Install(std::unique_ptr<ServedModels> models) { current_.store(std::move(models)); }

 private:
  std::atomic<std::shared_ptr<const ServedModels>> current_;
};

}  // namespace mercato::server
