// Candidate pools and LambdaMART boosters shared by the customer and the item ranker.
#include "recommend/ranker_core.h"

#include <omp.h>

#include <algorithm>
#include <limits>
#include <unordered_map>

#include "recommend/ranking.h"

namespace mercato::recommend {

Candidates Gather(std::span<const Recommender* const> models, const Ask& ask, int n) {
  constexpr float kAbsent = std::numeric_limits<float>::quiet_NaN();
  Candidates c;
  const size_t width = ModelColumnCount(models.size());
  std::unordered_map<int32_t, size_t> index;
  for (size_t m = 0; m < models.size(); ++m) {
    if (models[m] == nullptr) continue;
    const std::vector<ScoredItem> list = ask(*models[m], n);
    for (size_t r = 0; r < list.size(); ++r) {
      const ScoredItem& s = list[r];
      const auto [it, added] = index.emplace(s.item, c.items.size());
      const size_t at = it->second;
      if (added) {
        c.items.push_back(s.item);
        c.model_columns.resize(c.model_columns.size() + width, kAbsent);
        c.model_columns.back() = 0.0f;
        c.reasons.push_back(s.reason);
        c.best_rank.push_back(static_cast<int32_t>(r));
        c.fusion.push_back(0.0f);
      } else if (static_cast<int32_t>(r) < c.best_rank[at]) {
        c.reasons[at] = s.reason;
        c.best_rank[at] = static_cast<int32_t>(r);
      }
      float* row = c.model_columns.data() + at * width;
      row[2 * m] = s.score;
      row[2 * m + 1] = static_cast<float>(r);
      row[width - 1] += 1.0f;
      c.fusion[at] += static_cast<float>(1.0 / (kFusionOffset + static_cast<double>(r) + 1.0));
    }
  }
  return c;
}

std::vector<int32_t> KeptItems(const Candidates& c, std::span<const size_t> keep) {
  std::vector<int32_t> items;
  for (size_t i : keep) items.push_back(c.items[i]);
  return items;
}

void AppendCandidateRows(const Candidates& c, std::span<const size_t> keep, size_t models,
                         std::span<const float> features, size_t feature_count,
                         std::vector<float>& x) {
  const size_t width = ModelColumnCount(models);
  for (size_t k = 0; k < keep.size(); ++k) {
    const float* row = c.model_columns.data() + keep[k] * width;
    x.insert(x.end(), row, row + width);
    const float* f = features.data() + k * feature_count;
    x.insert(x.end(), f, f + feature_count);
  }
}

LearningSet Concatenate(std::span<const LearningSet> parts) {
  LearningSet set;
  for (const LearningSet& part : parts) {
    set.x.insert(set.x.end(), part.x.begin(), part.x.end());
    set.labels.insert(set.labels.end(), part.labels.begin(), part.labels.end());
    set.groups.insert(set.groups.end(), part.groups.begin(), part.groups.end());
  }
  return set;
}

// XGBoost's own parallel regions are too short to pay on a few hundred groups: each booster on
// one thread, several boosters at once.
Result<std::vector<std::string>> LearnBoosters(const LearningSet& set, size_t cols,
                                               const RecommendConfig& config, int threads) {
  const auto count = static_cast<size_t>(config.ranker_boosters);
  std::vector<Result<std::string>> learned(count, Internal("the booster was not learned"));
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
  for (size_t b = 0; b < count; ++b) {
    BoostedTreesParams params;
    params.objective = BoostedObjective::kRankNdcg;
    params.rounds = config.ranker_rounds;
    params.max_depth = config.ranker_max_depth;
    params.eta = config.ranker_eta;
    params.min_child_weight = config.ranker_min_child_weight;
    params.seed = config.seed + b;
    params.nthread = 1;
    auto trained =
        BoostedTrees::Train({set.x, set.labels.size(), cols}, set.labels, {}, params, set.groups);
    learned[b] = trained.ok() ? trained.value().Save() : Result<std::string>(trained.status());
  }
  std::vector<std::string> bytes;
  for (Result<std::string>& r : learned) {
    if (!r.ok()) return r.status();
    bytes.push_back(std::move(r).value());
  }
  return bytes;
}

Result<std::vector<BoostedTrees>> LoadBoosters(std::span<const std::string> bytes, size_t cols,
                                               std::string_view owner) {
  std::vector<BoostedTrees> boosters;
  for (const std::string& one : bytes) {
    // Queries score one short list each: one thread.
    auto booster = BoostedTrees::Load(one);
    if (!booster.ok() || booster.value().num_features() != cols) {
      return InvalidArgument("a " + std::string(owner) + " booster is not one over the " +
                             std::string(owner) + "'s " + std::to_string(cols) + " columns");
    }
    boosters.push_back(std::move(booster).value());
  }
  return boosters;
}

Result<std::vector<float>> AverageScores(std::span<const BoostedTrees> boosters,
                                         const FeatureMatrix& x) {
  std::vector<float> mean(x.rows, 0.0f);
  for (const BoostedTrees& booster : boosters) {
    ASSIGN_OR_RETURN(const std::vector<float> scores, booster.Predict(x));
    for (size_t r = 0; r < x.rows; ++r) mean[r] += scores[r];
  }
  for (float& v : mean) v /= static_cast<float>(boosters.size());
  return mean;
}

std::vector<ScoredItem> BestCandidates(const Candidates& c, std::span<const float> scores, int k) {
  std::vector<ScoredItem> list;
  list.reserve(c.items.size());
  for (size_t i = 0; i < c.items.size(); ++i) list.push_back({c.items[i], scores[i], c.reasons[i]});
  const size_t n = std::min(list.size(), static_cast<size_t>(std::max(k, 0)));
  std::partial_sort(list.begin(), list.begin() + static_cast<ptrdiff_t>(n), list.end(),
                    RanksBefore);
  list.resize(n);
  return list;
}

Result<std::optional<EvalSplit>> RankerValidationSplit(const Snapshot& snapshot,
                                                       const RecommendConfig& config) {
  auto split = InMemoryTimeSplit(snapshot, config.ranker_validation_days);
  if (split.status().code() == StatusCode::kInvalidArgument) {
    split = RandomSplit(snapshot, kRandomValidationShare, config.seed);
  }
  if (split.ok()) return std::optional<EvalSplit>(std::move(split).value());
  if (split.status().code() == StatusCode::kFailedPrecondition) return std::optional<EvalSplit>();
  return split.status();
}

}  // namespace mercato::recommend
