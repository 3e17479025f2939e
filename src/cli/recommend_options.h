// What `mercato recommend` and `mercato campaign recommendations` share: the store and artifact
// options, the business-rule filter options, loading the service, and printing a list.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <optional>
#include <string>

#include "recommend_serving/recommendation_service.h"
#include "store/store.h"

namespace mercato::cli {

/// Options common to every serving command.
struct ServingArgs {
  std::string db;
  std::string artifacts;  // default: <db>.artifacts
  int k = 10;
  bool json = false;
  std::string model;  // empty: each surface's default
  serving::Filters filters;
  std::optional<double> min_price, max_price;
};

/// Adds --db, --artifacts, --k, --json, --model and the filter options to `cmd`.
void AddServingOptions(CLI::App* cmd, ServingArgs& args);

/// The store, its catalog snapshot and the service loaded from the artifacts, ready to query.
struct LoadedService {
  std::unique_ptr<Store> store;
  Snapshot catalog;  // catalog_only
  std::unique_ptr<serving::RecommendationService> service;
};
/// `queries` is how many user queries the command will ask: a few are answered by the exact
/// scan, since building the approximate-search graph costs seconds on a large catalog; many
/// (a campaign) are worth the graph.
enum class QueryVolume { kFew, kMany };
Result<LoadedService> LoadService(const ServingArgs& args, QueryVolume queries);

/// The query the options describe (k, filters, model).
Result<serving::Query> QueryOf(const ServingArgs& args);

/// One line per item: rank, SKU, title, price and the reason.
void PrintList(const serving::RecommendationList& list);

}  // namespace mercato::cli
