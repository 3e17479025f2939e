// Complementary products: frequently bought together (pairs in the same order, with support,
// confidence, lift and minimum counts; strict or relaxed) and sequential cross-sell (what a
// customer buys within followup_max_days after X, with the best delay for the follow-up).
#pragma once

#include <memory>

#include "recommend/bytes.h"
#include "recommend/recommender.h"

namespace mercato::recommend {

/// Delay buckets of follow-up purchases, in days after the anchor purchase: a delay d falls in
/// the first bucket whose upper bound is >= d; the bucket is reported by its typical delay.
struct DelayBucket {
  int max_days;
  int typical_days;
};
inline constexpr DelayBucket kDelayBuckets[] = {{0, 0},   {3, 2},   {10, 7},
                                                {20, 14}, {45, 30}, {1 << 30, 60}};
inline constexpr int kNumDelayBuckets = 6;

/// Trains the complementary model from the snapshot's order lines.
/// - Frequently bought together: for items i, j in n_ij of N orders (n_i, n_j alone),
///   confidence n_ij / n_i, lift n_ij N / (n_i n_j). Strict keeps pairs with n_ij >=
///   fbt_min_pair_count, confidence >= fbt_min_confidence and lift >= fbt_min_lift; relaxed
///   (fbt_relaxed) keeps every pair seen once with confidence >= fbt_min_confidence.
/// - Follow-ups: y follows x for a customer who bought y in a later order within
///   followup_max_days of their first purchase of x; confidence = such customers / buyers of x,
///   kept when at least followup_min_count customers and lift >= fbt_min_lift. The delay is the
///   modal bucket of the pair when 20+ customers support it, else of the follow-up item's
///   category (all follow-up pairs into that category pooled).
/// Pairs within one category rank with their confidence times
/// complementary_same_category_weight. Related(x) merges both lists by that score; ForItems (a
/// cart) uses bought-together; AfterPurchase uses follow-ups; ForUser answers AfterPurchase of the
/// customer's latest order.
std::unique_ptr<Recommender> TrainComplementary(const Snapshot& snapshot,
                                                const RecommendConfig& config);

Result<std::unique_ptr<Recommender>> DeserializeComplementary(ByteReader& reader);

}  // namespace mercato::recommend
