// Gradient-boosted decision trees: a small RAII wrapper over XGBoost's C API (training from a
// dense matrix, prediction, save/load to bytes, gain importance). Shared by every model that
// needs boosted trees (VIP identification, global forecasting, ranking).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace mercato {

enum class BoostedObjective {
  kBinaryLogistic,  // "binary:logistic": labels in [0, 1], predictions are probabilities
  kSquaredError,    // "reg:squarederror": any finite label, predictions are the conditional mean
  /// "rank:ndcg" (LambdaMART): rows come in groups (one query each), labels are relevance grades
  /// in [0, 31] compared within a group only; predictions order the rows of a group (their
  /// scale means nothing across groups).
  kRankNdcg,
};

/// Training parameters (XGBoost names in brackets). The defaults suit a few thousand to a few
/// million rows of tabular features.
struct BoostedTreesParams {
  BoostedObjective objective = BoostedObjective::kBinaryLogistic;
  /// Boosting rounds, one tree each (num_boost_round), >= 1.
  int rounds = 200;
  /// Maximum depth of a tree (max_depth), >= 1.
  int max_depth = 4;
  /// Learning rate (eta), in (0, 1].
  double eta = 0.05;
  /// Fraction of rows sampled per tree (subsample), in (0, 1].
  double subsample = 0.8;
  /// Fraction of columns sampled per tree (colsample_bytree), in (0, 1].
  double colsample = 0.8;
  /// Minimum hessian sum in a leaf (min_child_weight), >= 0.
  double min_child_weight = 1.0;
  /// L2 penalty on leaf weights (lambda), >= 0.
  double lambda = 1.0;
  /// Seed of the row and column sampling (seed). Same data, parameters and seed give the same
  /// model, because the thread count is fixed too. Reduced modulo 2^31 - 1.
  uint64_t seed = 42;
  /// Threads used to train and predict (nthread), >= 1.
  int nthread = 1;
};

/// A dense row-major matrix of features: `values[r * cols + c]`; NaN marks a missing value,
/// which the trees route down a learned default branch.
struct FeatureMatrix {
  std::span<const float> values;
  size_t rows = 0;
  size_t cols = 0;
};

/// A trained boosted-trees model. Move-only; owns its XGBoost booster.
class BoostedTrees {
 public:
  /// Trains on `x` with one label per row and, optionally, one non-negative weight per row
  /// (empty for equal weights). kRankNdcg needs `group_sizes`: the row counts of consecutive
  /// groups, each >= 1, summing to the row count (and takes no weights); other objectives take
  /// none. Invalid shapes, labels, groups or parameters are InvalidArgument.
  static Result<BoostedTrees> Train(const FeatureMatrix& x, std::span<const float> labels,
                                    std::span<const float> weights,
                                    const BoostedTreesParams& params,
                                    std::span<const uint32_t> group_sizes = {});

  /// Restores a model from the bytes of Save(); predictions then use `nthread` threads.
  static Result<BoostedTrees> Load(std::string_view bytes, int nthread = 1);

  BoostedTrees(BoostedTrees&&) noexcept;
  BoostedTrees& operator=(BoostedTrees&&) noexcept;
  ~BoostedTrees();

  /// One prediction per row of `x` (probabilities for kBinaryLogistic). `x` must have the
  /// training column count.
  Result<std::vector<float>> Predict(const FeatureMatrix& x) const;

  /// The model as bytes (XGBoost's universal binary JSON), for artifacts.
  Result<std::string> Save() const;

  /// Average gain of the splits on each feature (0 for a feature never split on), one entry per
  /// column.
  Result<std::vector<double>> FeatureGain() const;

  /// Columns the model was trained on.
  size_t num_features() const { return num_features_; }

 private:
  struct BoosterDeleter {
    void operator()(void* handle) const;
  };
  using BoosterPtr = std::unique_ptr<void, BoosterDeleter>;

  BoostedTrees(BoosterPtr booster, size_t num_features);

  BoosterPtr booster_;
  size_t num_features_ = 0;
};

}  // namespace mercato
