// Cross-price effects within a category: each series' price index of the other series of its
// location and category (a regressor of its demand model, pricing/elasticity.h), and the
// cross-price elasticities that model estimates, shrunk series -> group -> all like the own ones.
#pragma once

#include <optional>

#include "common/status.h"
#include "pricing/elasticity.h"
#include "pricing/price_panel.h"

namespace mercato::pricing {

/// Sets every series' category_price: per period of the series, the log of the weighted
/// geometric mean price of the OTHER series with the same location and category, each weighted
/// by its total units in the panel (so a brand that sells more counts more; the weights do not
/// change over time, so the index moves only with prices). A series' price in a period it has
/// no row for is its last observed price (its first before it has one). A series alone in its
/// location and category, or whose others sold nothing, keeps an empty category_price.
void AddCategoryPriceIndex(PricePanel& panel);

/// The cross-price elasticities of `own`'s fits (SeriesFit::cross_elasticity, cross_se),
/// shrunk with ShrinkElasticities' method and levels: a series whose fit has no cross term is
/// pooled to its group's (or the overall) estimate. nullopt when no series' fit has one;
/// InvalidArgument as ShrinkElasticities.
Result<std::optional<ElasticityReport>> ShrinkCrossElasticities(const PricePanel& panel,
                                                                const ElasticityReport& own,
                                                                const ElasticityOptions& options);

}  // namespace mercato::pricing
