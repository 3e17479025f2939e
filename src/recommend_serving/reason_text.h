// Human-readable reasons for recommendations ("bought together with X by 312 customers").
#pragma once

#include <string>

#include "recommend/recommender.h"
#include "recommend_serving/item_catalog.h"

namespace mercato::serving {

/// How an item is named in a reason: its title and SKU, or the SKU alone when it has no title.
std::string ItemLabel(const ItemCatalog& catalog, int32_t item);

/// The reason as one sentence fragment, naming the anchor item from the catalog.
std::string RenderReason(const recommend::Reason& reason, const ItemCatalog& catalog);

}  // namespace mercato::serving
