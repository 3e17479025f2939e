// Offline evaluation of recommenders: time and per-user random splits, and the ranking metrics
// of Microsoft Recommenders' python_evaluation (see docs/recommend-evaluation.md).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "recommend/recommender.h"

namespace mercato::recommend {

/// Training data and, per training customer (dense id), the held-out relevant items: those
/// interacted with in the test part and not in the customer's training history.
struct EvalSplit {
  Snapshot train;
  std::vector<std::vector<int32_t>> relevant;  // sorted; empty for customers not evaluated
  std::vector<std::string> item_texts;         // for the content model (see TrainInput)
};

/// The cut-off of a time split of `full` (a snapshot of the whole store): its last time minus
/// `holdout_days`. InvalidArgument when that leaves no training data, FailedPrecondition when
/// the snapshot has no orders or interactions.
Result<Timestamp> TimeSplitCutoff(const Snapshot& full, int holdout_days);

/// Trains on `train` (the same store's snapshot loaded with until = TimeSplitCutoff(full, ...))
/// and holds out the rest of `full`; item texts come from the catalog.
/// Items first seen in the holdout cannot be recommended and are left out of `relevant`.
Result<EvalSplit> TimeSplit(const Snapshot& full, Snapshot train);

/// The time split of `full` at TimeSplitCutoff(full, holdout_days) without a store: for learning
/// inside a training snapshot (the ranker's validation window). The training part keeps the
/// orders (renumbered in their order), order lines, returns, stock levels, demand panels and
/// interactions before the cut-off, with customer and item ids as in `full`; an interaction touched
/// on both sides of the cut-off keeps the order lines before it but loses its interaction events
/// (the snapshot does not keep them one by one). The catalog, promotions, customers and purchase
/// orders are kept whole.
Result<EvalSplit> InMemoryTimeSplit(const Snapshot& full, int holdout_days);

/// Holds out round(test_fraction * n) of each customer's n distinct items (at least 1 and at
/// most n - 1; customers with one item keep it in training), chosen with `seed`. Order lines of
/// held-out (customer, item) pairs are dropped from the training snapshot too.
Result<EvalSplit> RandomSplit(const Snapshot& full, double test_fraction, uint64_t seed);

/// Averages over the evaluated users (hit_rate: share with at least one hit; coverage: distinct
/// recommended items / items with a training interaction).
struct Metrics {
  double precision = 0, recall = 0, ndcg = 0, map = 0, hit_rate = 0, coverage = 0;
};

/// Whether `a` ranks above `b` when choosing among models or settings: higher recall, then higher
/// NDCG (a full tie does not: the one measured first is kept).
bool RanksAbove(const Metrics& a, const Metrics& b);

/// Per-user metrics of one ranked list against a sorted relevant set, summed into `sum`
/// (everything but coverage).
void AccumulateMetrics(std::span<const int32_t> ranked, std::span<const int32_t> relevant, int k,
                       Metrics& sum);

/// The customer's latest training items: those of their row of `m` last interacted with at its
/// latest time (one order's lines share it), ascending; empty for a row without items or outside m.
std::vector<int32_t> LatestItems(const SparseRows& m, int32_t customer);

/// How a list is asked for, as each serving surface asks it, for an evaluated customer:
/// kUser: ForUser(customer); kRelated: Related(their latest training item); kItems: ForItems of
/// their latest training order's items as added to a cart; kAfterPurchase: AfterPurchase of
/// their latest training order's items.
enum class EvalQuery : uint8_t { kUser, kRelated, kItems, kAfterPurchase };

/// Evaluates `model` on the customers with both training history and relevant items: asks for
/// k + |history| items the way `query` says, drops the training items, keeps k.
Metrics Evaluate(const Recommender& model, const EvalSplit& split, int k,
                 EvalQuery query = EvalQuery::kUser);

/// Customers with both training history and relevant items.
int64_t UsersEvaluated(const EvalSplit& split);
/// Those customers' dense ids, ascending: the only ones Evaluate asks for a list.
std::vector<int32_t> EvaluatedUsers(const EvalSplit& split);

struct ModelReport {
  ModelKind kind;
  Metrics metrics;
  double train_seconds = 0;
};

/// Trains every model in `kinds` on the split and evaluates it.
Result<std::vector<ModelReport>> EvaluateModels(const EvalSplit& split,
                                                std::span<const ModelKind> kinds,
                                                const RecommendConfig& config, int k);

}  // namespace mercato::recommend
