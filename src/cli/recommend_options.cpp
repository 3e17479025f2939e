// Shared options, service loading and output of the serving commands.
#include "cli/recommend_options.h"

#include <cstdio>
#include <limits>

#include "artifact/artifact.h"
#include "common/text.h"
#include "recommend/model_registry.h"
#include "store/open_store.h"

namespace mercato::cli {

void AddServingOptions(CLI::App* cmd, ServingArgs& a) {
  cmd->add_option("--db", a.db, "Database file")->required()->check(CLI::ExistingFile);
  cmd->add_option("--artifacts", a.artifacts, "Artifacts directory (default: <db>.artifacts)");
  cmd->add_option("--k", a.k, "How many items")->capture_default_str()->check(CLI::PositiveNumber);
  cmd->add_flag("--json", a.json, "Print JSON");
  cmd->add_option("--model", a.model,
                  "Model to ask first (" + Join(recommend::RecommendModelNames(), ", ") +
                      "); default: the surface's preference");
  serving::Filters& f = a.filters;
  cmd->add_flag("--in-stock", f.in_stock, "Only items not known to be out of stock");
  cmd->add_flag("--exclude-purchased", f.exclude_purchased,
                "Leave out what the customer bought before (needs personalization consent)");
  cmd->add_option("--repurchasable-category", f.repurchasable_categories,
                  "Category exempt from --exclude-purchased (repeatable)");
  cmd->add_option("--exclude", f.exclude, "SKUs never to recommend (repeatable)");
  cmd->add_option("--category", f.categories,
                  "Only items in this category: any level or path prefix (repeatable)");
  cmd->add_option("--min-price", a.min_price, "Lowest price");
  cmd->add_option("--max-price", a.max_price, "Highest price");
  cmd->add_option("--max-per-brand", f.max_per_brand, "At most N items per brand (0: no limit)");
  cmd->add_option("--max-per-category", f.max_per_category,
                  "At most N items per top-level category (0: no limit)");
}

Result<LoadedService> LoadService(const ServingArgs& a, QueryVolume queries) {
  LoadedService loaded;
  ASSIGN_OR_RETURN(loaded.store, OpenStore(a.db));
  const std::string dir = a.artifacts.empty() ? DefaultArtifactDir(a.db) : a.artifacts;
  serving::FactorSearchOptions search;
  if (queries == QueryVolume::kFew) search.exact_below = std::numeric_limits<int32_t>::max();
  ASSIGN_OR_RETURN(loaded.catalog, LoadSnapshot(*loaded.store, {.catalog_only = true}));
  ASSIGN_OR_RETURN(privacy::ConsentLedger ledger, privacy::LoadConsentLedger(*loaded.store));
  ASSIGN_OR_RETURN(loaded.service, serving::LoadRecommendationService(
                                       loaded.catalog, std::move(ledger), dir, search));
  return loaded;
}

Result<serving::Query> QueryOf(const ServingArgs& a) {
  serving::Query q;
  q.k = a.k;
  q.filters = a.filters;
  q.filters.min_price = a.min_price;
  q.filters.max_price = a.max_price;
  if (!a.model.empty()) {
    ASSIGN_OR_RETURN(q.model, recommend::ParseModelKind(a.model));
  }
  RETURN_IF_ERROR(serving::ValidateFilters(q.filters));
  return q;
}

void PrintList(const serving::RecommendationList& list) {
  if (!list.fallback.empty()) std::printf("(%s)\n", list.fallback.c_str());
  int rank = 0;
  for (const serving::Recommendation& r : list.items) {
    std::printf("%2d. %-12s %s", ++rank, r.sku.c_str(), r.title.c_str());
    if (r.price) std::printf("  %.2f", *r.price);
    std::printf("\n    %s\n", r.reason_text.c_str());
  }
  if (list.items.empty()) std::printf("no item passes the filters\n");
}

}  // namespace mercato::cli
