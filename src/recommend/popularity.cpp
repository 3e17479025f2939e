// Popularity and trending: one precomputed ranking answers every query.
#include "recommend/popularity.h"

#include <cmath>

#include "recommend/config_io.h"
#include "recommend/ranking.h"

namespace mercato::recommend {
namespace {

class PopularityModel final : public Recommender {
 public:
  PopularityModel(ModelKind kind, RecommendConfig config, std::vector<float> scores,
                  std::vector<int32_t> counts)
      : kind_(kind), config_(config), scores_(std::move(scores)), counts_(std::move(counts)) {
    ranking_ = TopK(scores_, static_cast<int>(scores_.size()));
    for (ScoredItem& s : ranking_) {
      s.reason = {kind_ == ModelKind::kTrending ? ReasonKind::kTrending : ReasonKind::kPopular, -1,
                  counts_[static_cast<size_t>(s.item)], -1};
    }
  }

  ModelKind kind() const override { return kind_; }
  int32_t num_items() const override { return static_cast<int32_t>(scores_.size()); }
  std::vector<ScoredItem> ForUser(int32_t, int k) const override { return Top(k); }
  std::vector<ScoredItem> ForItems(std::span<const ContextItem>, int k) const override {
    return Top(k);
  }
  std::vector<ScoredItem> Related(int32_t, int k) const override { return Top(k); }

  void Serialize(std::string& out) const override {
    ByteWriter w(out);
    w.Put(kind_);
    PutConfig(w, config_);
    w.PutVector(scores_);
    w.PutVector(counts_);
  }

 private:
  std::vector<ScoredItem> Top(int k) const {
    const size_t n = std::min(ranking_.size(), static_cast<size_t>(std::max(k, 0)));
    return {ranking_.begin(), ranking_.begin() + static_cast<ptrdiff_t>(n)};
  }

  ModelKind kind_;
  RecommendConfig config_;
  std::vector<float> scores_;
  std::vector<int32_t> counts_;  // buyers (popularity) or buyers within the half-life (trending)
  std::vector<ScoredItem> ranking_;
};

}  // namespace

std::unique_ptr<Recommender> TrainPopularity(ModelKind kind, const Snapshot& snapshot,
                                             const RecommendConfig& config) {
  const SparseRows& m = snapshot.interactions;
  const auto n = static_cast<size_t>(snapshot.items.size());
  std::vector<double> scores(n, 0.0);
  std::vector<int32_t> counts(n, 0);
  const Timestamp now = snapshot.last_ts.value_or(0);
  const double half_life = config.trending_half_life_days * 86400.0;
  for (int64_t e = 0; e < m.nnz(); ++e) {
    const auto item = static_cast<size_t>(m.col[static_cast<size_t>(e)]);
    if (kind == ModelKind::kTrending) {
      const double age = static_cast<double>(now - m.last_ts[static_cast<size_t>(e)]);
      scores[item] += std::exp2(-std::max(age, 0.0) / half_life);
      if (age <= half_life) ++counts[item];
    } else {
      scores[item] += 1.0;
      ++counts[item];
    }
  }
  return std::make_unique<PopularityModel>(
      kind, config, std::vector<float>(scores.begin(), scores.end()), std::move(counts));
}

Result<std::unique_ptr<Recommender>> DeserializePopularity(ModelKind kind, ByteReader& reader) {
  RecommendConfig config;
  std::vector<float> scores;
  std::vector<int32_t> counts;
  RETURN_IF_ERROR(GetConfig(reader, config));
  RETURN_IF_ERROR(reader.GetVector(scores));
  RETURN_IF_ERROR(reader.GetVector(counts));
  if (counts.size() != scores.size()) return InvalidArgument("popularity model bytes are corrupt");
  return std::unique_ptr<Recommender>(
      std::make_unique<PopularityModel>(kind, config, std::move(scores), std::move(counts)));
}

}  // namespace mercato::recommend
