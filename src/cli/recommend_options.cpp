// Shared options and output of the serving commands.
#include "cli/recommend_options.h"

#include <cstdio>

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
  cmd->add_option("--model", a.model,
                  "Model to ask first (" + Join(recommend::RecommendModelNames(), ", ") +
                      "); default: the surface's preference");
  serving::Filters& f = a.filters;
  cmd->add_flag(
      "--in-stock", f.in_stock,
      "Only items not known to be out of stock (the default; see --include-out-of-stock)");
  cmd->add_flag("--include-out-of-stock{false}", f.in_stock, "Also items known to be out of stock");
  cmd->add_flag("--exclude-purchased", f.exclude_purchased,
                "Leave out products the customer bought before, unless due again on their learned "
                "repurchase cycle (the default; needs personalization consent)");
  cmd->add_flag("--include-purchased{false}", f.exclude_purchased,
                "Also products the customer bought before");
  cmd->add_option("--repurchasable-category", f.repurchasable_categories,
                  "Category exempt from --exclude-purchased (repeatable)");
  cmd->add_option("--repurchase-min-rate", f.repurchase_min_rate,
                  "A purchased product comes back once this share of its buyers bought it again "
                  "and about its median interval has passed (above 1: never)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("--all-variants{false}", f.one_per_product,
                "List variants of one product separately (default: one card per product)");
  cmd->add_option("--exclude", f.exclude, "SKUs never to recommend (repeatable)");
  cmd->add_option("--category", f.categories,
                  "Only items in this category: any level or path prefix (repeatable)");
  cmd->add_option("--min-price", a.min_price, "Lowest price");
  cmd->add_option("--max-price", a.max_price, "Highest price");
  cmd->add_option("--max-per-brand", f.max_per_brand, "At most N items per brand (0: no limit)");
  cmd->add_option("--max-per-category", f.max_per_category,
                  "At most N items per top-level category (0: no limit)");
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
