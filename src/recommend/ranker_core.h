// What both two-stage rankers (per customer, recommend/ranker.h, and per anchor item,
// recommend/item_ranker.h) share: pooling the base models' candidates with their score and rank
// columns, learning LambdaMART boosters on labelled pools and scoring pools with them.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/status.h"
#include "numeric/boosted_trees.h"
#include "recommend/evaluation.h"
#include "recommend/recommender.h"

namespace mercato::recommend {

/// Reciprocal rank fusion's offset (Cormack, Clarke & Buettcher 2009): a list's item at rank r
/// (from 1) adds 1 / (kFusionOffset + r).
inline constexpr double kFusionOffset = 60.0;

/// Share of each customer's items held out at random to learn from when the history is too short
/// for the validation window.
inline constexpr double kRandomValidationShare = 0.25;

/// The split a ranker learns on: the last config.ranker_validation_days of `snapshot` held out,
/// or, when the history is too short for that window (or has no times, as a file of baskets),
/// kRandomValidationShare of each customer's items (seeded by config.seed). nullopt when neither
/// leaves anything to learn from (FailedPrecondition of both); other errors as they are.
Result<std::optional<EvalSplit>> RankerValidationSplit(const Snapshot& snapshot,
                                                       const RecommendConfig& config);

/// One question, as each base model answers it with `n` items.
using Ask = std::function<std::vector<ScoredItem>(const Recommender&, int n)>;

/// The union of the base models' lists for one question.
struct Candidates {
  std::vector<int32_t> items;
  /// items x ModelColumnCount(models): per model its score and rank (from 0), NaN where the model
  /// did not propose the item, then how many models proposed it.
  std::vector<float> model_columns;
  std::vector<Reason> reasons;  // of the model that ranked the item highest (ties: model order)
  std::vector<int32_t> best_rank;
  std::vector<float> fusion;  // reciprocal rank fusion over the models
};

/// Columns Gather writes per candidate for `models` base models.
constexpr size_t ModelColumnCount(size_t models) { return 2 * models + 1; }

/// Asks every non-null model of `models` the question for `n` items and pools the answers.
Candidates Gather(std::span<const Recommender* const> models, const Ask& ask, int n);

/// The items of candidates `keep` (indexes into c), in that order.
std::vector<int32_t> KeptItems(const Candidates& c, std::span<const size_t> keep);

/// Appends to `x` one row per candidate keep[k] of `c` (pooled from `models` base models): its
/// model columns, then the k-th of the rows of `feature_count` values in `features`.
void AppendCandidateRows(const Candidates& c, std::span<const size_t> keep, size_t models,
                         std::span<const float> features, size_t feature_count,
                         std::vector<float>& x);

/// What LambdaMART learns from: rows of features, a 0/1 label per row and the row count of each
/// group (one query), groups in row order.
struct LearningSet {
  std::vector<float> x, labels;
  std::vector<uint32_t> groups;
};

/// The parts' groups one after the other, in order.
LearningSet Concatenate(std::span<const LearningSet> parts);

/// Learns config.ranker_boosters LambdaMART models (rank:ndcg with the config's rounds, depth,
/// eta and minimum child weight) on `set` of `cols` columns, booster b with seed config.seed + b,
/// each on one thread and up to `threads` of them at once (the same boosters whatever the thread
/// count). Returns their saved bytes.
Result<std::vector<std::string>> LearnBoosters(const LearningSet& set, size_t cols,
                                               const RecommendConfig& config, int threads);

/// Loads boosters' bytes; InvalidArgument naming `owner` when one is not a booster over `cols`
/// columns.
Result<std::vector<BoostedTrees>> LoadBoosters(std::span<const std::string> bytes, size_t cols,
                                               std::string_view owner);

/// The mean of the boosters' scores of every row of `x` (boosters non-empty).
Result<std::vector<float>> AverageScores(std::span<const BoostedTrees> boosters,
                                         const FeatureMatrix& x);

/// The best k of a pool's candidates by `scores` (one per candidate), sorted as ScoredItem
/// lists are, each with the candidate's reason.
std::vector<ScoredItem> BestCandidates(const Candidates& c, std::span<const float> scores, int k);

}  // namespace mercato::recommend
