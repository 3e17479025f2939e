// Test support: a small store with brands, categories, stock, customers in several
// jurisdictions and consent records, trained into artifacts and loaded as a service.
#pragma once

#include <memory>
#include <string>

#include "recommend_serving/recommendation_service.h"
#include "store/store.h"

namespace mercato::serving::testing {

/// Filters with the rules that are on by default (in stock, exclude purchased) switched off, for
/// tests of other rules.
inline Filters FiltersOff() {
  Filters filters;
  filters.in_stock = false;
  filters.exclude_purchased = false;
  return filters;
}

/// Writes the CSV files (generic import format) of the serving test store into `dir`/data and
/// returns that folder:
/// - products p0..p9: p0-p4 "Home > Mugs", p5-p9 "Garden"; brand Acme (even) / Zen (odd);
///   price 10 * (n + 1); image https://shop.example/pN.jpg; p3 out of stock (inventory level
///   0), p4 in stock;
/// - customers: us1 (US, allowed by default), de1 (DE, no record: opt-in not given), de2 (DE,
///   granted), us2 (US, revoked), new1 (US, no orders), f0..f29 (US) who buy pairs
///   (p0,p1), (p2,p5), (p6,p7) and p8 alone (f26, f28, f29 buy nothing); the named
///   customers' orders are o-us1 (p0, p2),
///   o-de1 (p5, p6), o-de2 (p1, p7), o-us2 (p6, p9).
std::string WriteServingData(const std::string& dir);

/// Imports WriteServingData(dir) into `dir`/store.db.
std::unique_ptr<Store> MakeServingStore(const std::string& dir);

/// The catalog part of a snapshot of `store` (what serving and campaigns read); fails the test
/// on an error.
Snapshot CatalogSnapshot(Store& store);

/// Loads the service from `artifact_dir` over CatalogSnapshot(store) and the store's consents
/// under `policy`.
Result<std::unique_ptr<RecommendationService>> LoadService(
    Store& store, const std::string& artifact_dir,
    const privacy::ConsentPolicy& policy = privacy::DefaultConsentPolicy(),
    const FactorSearchOptions& search = {});

/// Trains every model into `dir`/artifacts and loads the service.
std::unique_ptr<RecommendationService> TrainAndLoad(Store& store, const std::string& dir,
                                                    uint64_t seed = 42);

/// Flips one byte in the middle of the artifact `kind` ("recommend.sar") in `artifact_dir`, so
/// that its checksum no longer matches; fails the test when there is no such artifact.
void CorruptArtifact(const std::string& artifact_dir, const std::string& kind);

}  // namespace mercato::serving::testing
