// Human-readable reasons for recommendations ("bought together with X in 312 orders").
#pragma once

#include <string>

#include "recommend/recommender.h"
#include "recommend_serving/item_catalog.h"

namespace mercato::serving {

/// How an item is named in a reason: its title and SKU, or the SKU alone when it has no title.
std::string ItemLabel(const ItemCatalog& catalog, int32_t item);

/// The reason `item` is recommended as one sentence fragment, naming the anchor item from the
/// catalog. A reason never cites the item itself: an anchor that is `item` or another variant of
/// its product is left unnamed.
std::string RenderReason(const recommend::Reason& reason, int32_t item, const ItemCatalog& catalog);

}  // namespace mercato::serving
