// The anchored two-stage ranker of the item surfaces (product page complements, cart,
// post-purchase): per anchor item, the item-item models' candidates ordered by LambdaMART over
// their scores and ranks and the (anchor, candidate) features, ranked once at training and
// served from stored per-item lists.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "recommend/bytes.h"
#include "recommend/recommender.h"

namespace mercato::recommend {

/// The models whose Related(anchor) lists the item ranker pools, in this order: complementary,
/// session, SAR, EASE, trending, popularity.
std::span<const ModelKind> ItemRankerBaseKinds();

/// Trains the item ranker on `input`:
/// 1. cuts the snapshot at its end minus config.ranker_validation_days (InMemoryTimeSplit; 25%
///    of each customer's items held out with config.seed when that leaves no training data),
///    trains the base models on the earlier part and, for every customer with history before
///    the cut and new items after it, takes up to kItemRankerAnchors items of their latest
///    training order as anchors (chosen with config.seed): one group per anchor, its candidates
///    the union of the base models' Related(anchor) lists of config.ranker_candidates items
///    (the customer's own items left out, as evaluation drops them), labelled 1 when the
///    customer took the item after the cut. With at least config.ranker_min_customers groups
///    holding a positive it learns config.ranker_boosters LambdaMART models over the base
///    models' score and rank columns and the AnchorFeature columns (recommend/ranker_core.h);
///    with fewer the candidates are ordered by reciprocal rank fusion;
/// 2. ranks, with the base models trained on the whole input, the candidates of every item with
///    an interaction once and keeps its best config.ranker_stored_items (the anchor itself left
///    out), each with the reason of the model that ranked it highest (ties: base kind order); 0
///    keeps none. An item nobody took has no list (no item-item model knows it: serving's
///    popularity fallback answers).
/// Related(item) is that stored list. ForItems, AfterPurchase and ForUser (the customer's latest
/// order at training) merge the stored lists of their distinct anchors by reciprocal rank
/// fusion, sum over the anchors of 1 / (60 + rank), rank from 1: booster scores only order the
/// candidates of one anchor (LambdaMART learns an order per group, not a scale shared by
/// groups), ranks are comparable across anchors; the reason is the one of the anchor list that
/// ranked the item highest (ties: the lower anchor id). A model the data cannot train
/// (FailedPrecondition) proposes nothing.
Result<std::unique_ptr<Recommender>> TrainItemRanker(const TrainInput& input,
                                                     const RecommendConfig& config);

/// TrainItemRanker with base models already trained on the whole of `input` with the same
/// config: one slot per ModelKind (or none), null where absent; those absent are trained here.
/// Non-empty `boosters` (ItemRankerBoosterBytes of an earlier item ranker) are kept instead of
/// learning in step 1 (`mercato train recommend` keeps those its choice learned and measured one
/// window earlier). A model in the wrong slot or of another catalog size, more than
/// RecommendConfig::kMaxRankerBoosters boosters or bytes that are not a booster over the item
/// ranker's columns are InvalidArgument.
Result<std::unique_ptr<Recommender>> TrainItemRanker(const TrainInput& input,
                                                     const RecommendConfig& config,
                                                     std::span<const Recommender* const> trained,
                                                     std::vector<std::string> boosters = {});
/// The same with the trained models owned by their slots (as TrainRecommendModels and the
/// per-surface choice hold them).
Result<std::unique_ptr<Recommender>> TrainItemRanker(
    const TrainInput& input, const RecommendConfig& config,
    const std::vector<std::unique_ptr<Recommender>>& trained,
    std::vector<std::string> boosters = {});

/// The saved bytes of the boosters an item ranker ranked its lists with, as trained (none when
/// it fused ranks, for another model, or for one read from bytes: its artifact stores the lists,
/// not the boosters).
std::vector<std::string> ItemRankerBoosterBytes(const Recommender& item_ranker);

/// Anchors per validation customer the item ranker learns from. 2 rather than 5: on the stores'
/// own choice splits (bench/REPORT.md, "The ranker on the item surfaces") the same figures within
/// 1% (UCI nDCG@10 0.0833 / 0.0840 against 0.0826 / 0.0832; synthetic 0.1780 against
/// 0.1781 / 0.1798) from 41% of the rows on UCI (78% on the synthetic store).
inline constexpr int kItemRankerAnchors = 2;

/// Reads the body written by the item ranker's Serialize (after the kind tag); InvalidArgument on
/// truncated or corrupt bytes (StoredLists' checks, and the customers' latest orders).
Result<std::unique_ptr<Recommender>> DeserializeItemRanker(ByteReader& reader);

}  // namespace mercato::recommend
