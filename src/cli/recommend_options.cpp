// Shared options and output of the serving commands.
#include "cli/recommend_options.h"

#include <cstdio>

#include "cli/config_file.h"
#include "cli/documented_options.h"
#include "common/money.h"
#include "common/text.h"
#include "recommend/model_registry.h"

namespace mercato::cli {

void AddServingOptions(CLI::App* cmd, ServingArgs& args) {
  app::ServingOptions& a = args.options;
  cmd->add_option("--db", a.db, "Database file")->required()->check(CLI::ExistingFile);
  cmd->add_option("--artifacts", a.artifacts, "Artifacts directory (default: <db>.artifacts)");
  cmd->add_option("--k", a.k, "How many items")->capture_default_str()->check(CLI::PositiveNumber);
  cmd->add_flag("--json", args.json, "Print JSON");
  cmd->add_option("--shop-url", a.shop_url,
                  "The storefront's address (https://roaster.example): items without a URL link "
                  "to its product pages; usually set once as [shop] url in mercato.toml");
  AddCurrencyOption(cmd, a.currency);
  cmd->add_option("--model", a.model,
                  "Model to ask first (" + Join(recommend::RecommendModelNames(), ", ") +
                      "); default: the surface's preference");
  AddDocumentedOptions(cmd, a.filters, app::RecommendationFilterDocs());
}

void PrintList(const serving::RecommendationList& list) {
  if (!list.fallback.empty()) std::printf("(%s)\n", list.fallback.c_str());
  int rank = 0;
  for (const serving::Recommendation& r : list.items) {
    std::printf("%2d. %-12s %s", ++rank, r.sku.c_str(), r.title.c_str());
    if (r.price) std::printf("  %s", MoneyText(*r.price, list.currency).c_str());
    std::printf("\n    %s\n", r.reason_text.c_str());
  }
  if (list.items.empty()) std::printf("no item passes the filters\n");
}

}  // namespace mercato::cli
