// Own-price elasticities of a store's products from their daily sales around their price events,
// each day's demand compared with the other products of its leaf category on the same day.
#pragma once

#include <vector>

#include "pricing/elasticity.h"
#include "pricing/store_daily_panel.h"

namespace mercato::pricing {

/// Fits, per comparison set (a leaf category; the products alone in their leaf are compared
/// with the others alone in theirs within the same top-level category), the Poisson model
///   log E[units of product i on day d] = g(set, d) + a(i, block) + e_i·log(price) + b·promo
/// by maximum likelihood (alternating exact updates of g and a, Newton steps for e and b).
/// g absorbs whatever moves the whole set on a day (season, weekday, trend, holidays); a(i, block)
/// is a level per product and block of days, so only a product's changes within a block inform
/// e_i — equivalently, its units on each block's days conditional on the block's total
/// (a multinomial likelihood). A block is the days within options.event_window_days of one or
/// more price events (observed days whose price differs from the previous observed day's by more
/// than 1%), merged where they overlap; the days away from events form blocks of at most twice
/// that length (they inform g only). b, the lift of a temporary promotion beyond its price, is one
/// for the store: it is identified because promotions' depths vary. First a pooled stage fits one
/// e per top-level category with b; then each fitted product's own e_i, from its category's, with
/// b fixed. Censored days are absent from the panel, so they inform nothing.
/// Per product: estimated (with `reason` when not: fewer than options.min_price_changes events,
/// no other product to compare with, no units near its events, fewer than
/// options.min_residual_dof days beyond its coefficients, or no finite fit: |e_i| reaching 20),
/// elasticity e_i, se from the information of its block-conditional likelihood with each day
/// weighted by m·M/(m + M) (m: its expected units at its category's pooled e, scaled to each
/// block's total, so the weight does not follow its own noisy estimate; M: the other products'
/// expected units that day, so the noise of the comparison counts) times a quasi-Poisson
/// dispersion of at least 1, n_obs (days in its event windows) and n_price_changes (events);
/// terms "log_price", "promo" with coefficients e_i and b. One fit per daily.panel.series, in
/// order.
std::vector<SeriesFit> FitEventElasticities(const DailyPricePanel& daily,
                                            const ElasticityOptions& options);

}  // namespace mercato::pricing
