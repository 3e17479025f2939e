// Loading a served version: artifacts, catalog, consent ledger and customer insights.
#include "server/served_models.h"

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <vector>

#include "app/customer_data.h"
#include "app/store_currency.h"
#include "common/time.h"
#include "dataset/snapshot.h"
#include "store/open_store.h"

namespace mercato::server {

const customers::CustomerInsight* ServedModels::Insight(const std::string& customer_id) const {
  auto it = insight_index.find(customer_id);
  return it == insight_index.end() ? nullptr : &insights->customers[it->second];
}

std::string ArtifactDirVersion(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  std::vector<std::string> parts;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (!entry.is_regular_file(ec)) continue;
    const auto size = entry.file_size(ec);
    const auto mtime = entry.last_write_time(ec).time_since_epoch().count();
    parts.push_back(entry.path().filename().string() + ":" + std::to_string(size) + ":" +
                    std::to_string(mtime));
  }
  std::sort(parts.begin(), parts.end());
  std::string joined;
  for (const std::string& p : parts) joined += p + ";";
  return joined.empty() ? "none" : Sha256Hex(joined).substr(0, 16);
}

Result<std::unique_ptr<ServedModels>> LoadServedModels(const std::string& db,
                                                       const std::string& dir,
                                                       const privacy::ConsentPolicy& policy) {
  auto models = std::make_unique<ServedModels>();
  models->version = ArtifactDirVersion(dir);
  models->loaded_at = std::time(nullptr);
  ASSIGN_OR_RETURN(auto store, OpenStore(db));
  ASSIGN_OR_RETURN(privacy::ConsentLedger ledger, privacy::LoadConsentLedger(*store, policy));
  ASSIGN_OR_RETURN(models->currency, app::StoreCurrency(*store));
  ASSIGN_OR_RETURN(Snapshot snapshot, LoadSnapshot(*store));
  std::vector<serving::ArtifactFailure>& failed = models->failed_artifacts;
  auto service = serving::LoadRecommendationService(snapshot, std::move(ledger), dir, {}, &failed);
  if (service.ok()) {
    models->recommendations = std::move(service).value();
  } else {
    models->recommendations_missing = service.status().message();
    // Not "untrained" (FailedPrecondition): the serving index itself could not be loaded.
    if (service.status().code() != StatusCode::kFailedPrecondition) {
      failed.push_back({std::string(serving::kServingIndexArtifact), service.status().message()});
    }
  }
  for (const serving::ArtifactFailure& f : failed) {
    std::cerr << "mercato serve: artifact " << f.artifact << " in " << dir
              << " not loaded, serving without it: " << f.reason << "\n";
  }
  ASSIGN_OR_RETURN(app::StoreInsights loaded, app::LoadStoreInsights(snapshot, {}));
  if (loaded.failed) std::cerr << "mercato serve: " << loaded.missing << "\n";
  models->insights_missing = std::move(loaded.missing);
  models->insights = std::move(loaded.insights);
  if (models->insights) {
    for (size_t i = 0; i < models->insights->customers.size(); ++i) {
      models->insight_index.emplace(models->insights->customers[i].id, i);
    }
  }
  return models;
}

}  // namespace mercato::server
