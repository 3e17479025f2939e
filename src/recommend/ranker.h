// The two-stage ranker: candidates from every other registered model, ordered by one LambdaMART
// model (XGBoost rank:ndcg) over each model's score and rank and the item's and shopper's
// features (recommend/ranker_features.h), learned on the last days of the training window.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "recommend/bytes.h"
#include "recommend/recommender.h"

namespace mercato::recommend {

/// Trains the ranker on `input`:
/// 1. cuts the training snapshot at its end minus config.ranker_validation_days
///    (InMemoryTimeSplit), trains every other registered model on the earlier part and asks
///    each for config.ranker_candidates items (plus the customer's history length) for every
///    customer with history before the cut and new items after it;
/// 2. labels each candidate 1 when the customer took it after the cut, keeps the customers with
///    at least one labelled candidate and learns config.ranker_boosters LambdaMART models over
///    the features of every candidate, with seeds config.seed, config.seed + 1, ... (each on one
///    thread: the same boosters from the same candidates whatever config.threads);
/// 3. retrains the other models on the whole snapshot and keeps them beside the boosters;
/// 4. ranks every customer with history once and keeps the list (recommend/ranker_lists.h), down
///    to its config.ranker_stored_items-th item the customer had not taken at training.
/// Queries ask every kept model the same question, score the union of their lists by the mean
/// of the boosters' scores and keep the best; the reason is the one of the model that ranked the
/// item highest (ties: registry order). ForUser looks the stored list up instead (microseconds,
/// not milliseconds): its first k items, the live query's answer for k <= ranker_candidates
/// (above it, a live query would ask each model for k items; the stored list ranks the same pool
/// as for k <= ranker_candidates), and no more than the stored list holds. With
/// ranker_stored_items 0 nothing is stored and ForUser ranks live. A customer without training
/// history gets an empty ForUser list, as from the personalized models (only the popularity
/// baselines would answer). When the
/// validation cut leaves no training data (a short history, or none with times), 25% of each
/// customer's items held out at random (RandomSplit with config.seed) are learned from instead.
/// With fewer than config.ranker_min_customers customers with a labelled candidate (or no
/// interactions), nothing is learned and the union is ordered by reciprocal rank fusion: sum over
/// the models of 1 / (60 + rank), rank from 1 (Cormack, Clarke & Buettcher 2009). A model the data
/// cannot train (FailedPrecondition) proposes nothing.
Result<std::unique_ptr<Recommender>> TrainRanker(const TrainInput& input,
                                                 const RecommendConfig& config);

/// What TrainRanker may take from its caller instead of computing it.
struct RankerReuse {
  /// One slot per ModelKind, null where none (or empty): models trained on the whole of the
  /// input with the same config (as the per-surface choice and `mercato train recommend` train
  /// them), kept instead of trained again in step 3; those absent are trained there.
  std::vector<std::unique_ptr<Recommender>> trained;
  /// The boosters of an earlier ranker (RankerBoosterBytes) over the same registry, kept instead
  /// of steps 1 and 2 (`mercato train recommend` keeps those its choice learned and measured one
  /// window earlier); empty: learned here.
  std::vector<std::string> boosters;
  /// Set: step 4 ranks only these customers (dense ids; others and ids outside the snapshot get
  /// no stored list, so an empty ForUser): what an evaluation of some customers needs, each of
  /// their lists the one ranked without it.
  std::optional<std::vector<int32_t>> listed;
};

/// TrainRanker with `reuse`. A trained model in the wrong slot, the ranker itself, or one of
/// another catalog size, more than RecommendConfig::kMaxRankerBoosters boosters or bytes that
/// are not a booster over the ranker's columns are InvalidArgument.
Result<std::unique_ptr<Recommender>> TrainRanker(const TrainInput& input,
                                                 const RecommendConfig& config, RankerReuse reuse);

/// The saved bytes of a ranker's boosters (none when it fused ranks, or for another model).
std::vector<std::string> RankerBoosterBytes(const Recommender& ranker);

/// Reads the body written by the ranker's Serialize (after the kind tag).
Result<std::unique_ptr<Recommender>> DeserializeRanker(ByteReader& reader);

}  // namespace mercato::recommend
