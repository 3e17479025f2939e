// What `mercato recommend` and `mercato campaign recommendations` share: the store, artifact and
// business-rule filter flags of the recommendation actions, and printing a list.
#pragma once

#include <CLI/CLI.hpp>

#include "app/recommend_actions.h"

namespace mercato::cli {

/// Options common to every serving command.
struct ServingArgs {
  app::ServingOptions options;
  bool json = false;
};

/// Adds --db, --artifacts, --k, --json, --model and the filter options to `cmd`.
void AddServingOptions(CLI::App* cmd, ServingArgs& args);

/// One line per item: rank, SKU, title, price and the reason.
void PrintList(const serving::RecommendationList& list);

}  // namespace mercato::cli
