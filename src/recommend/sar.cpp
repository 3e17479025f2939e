// SAR: neighbour lists plus the affinity rows of the training customers.
#include "recommend/sar.h"

#include <cmath>

#include "recommend/config_io.h"
#include "recommend/cooccurrence.h"

namespace mercato::recommend {
namespace {

class SarModel final : public Recommender {
 public:
  SarModel(RecommendConfig config, int32_t num_items, Neighbours nb, std::vector<int64_t> start,
           std::vector<int32_t> item, std::vector<float> affinity)
      : config_(config),
        num_items_(num_items),
        nb_(std::move(nb)),
        user_start_(std::move(start)),
        user_item_(std::move(item)),
        user_affinity_(std::move(affinity)) {}

  ModelKind kind() const override { return ModelKind::kSar; }
  int32_t num_items() const override { return num_items_; }

  std::vector<ScoredItem> ForUser(int32_t customer, int k) const override {
    if (customer < 0 || static_cast<size_t>(customer) + 1 >= user_start_.size()) return {};
    std::vector<Seed> seeds;
    for (int64_t e = user_start_[static_cast<size_t>(customer)];
         e < user_start_[static_cast<size_t>(customer) + 1]; ++e) {
      seeds.push_back({user_item_[static_cast<size_t>(e)], user_affinity_[static_cast<size_t>(e)],
                       ReasonKind::kBecauseYouBought});
    }
    return ScoreByNeighbours(nb_, seeds, k);
  }

  std::vector<ScoredItem> ForItems(std::span<const ContextItem> context, int k) const override {
    std::vector<Seed> seeds;
    for (const ContextItem& c : context) {
      seeds.push_back({c.item, ContextEventWeight(c.event),
                       c.event == ContextEvent::kView ? ReasonKind::kBecauseYouViewed
                                                      : ReasonKind::kBecauseYouBought});
    }
    return ScoreByNeighbours(nb_, seeds, k);
  }

  std::vector<ScoredItem> Related(int32_t item, int k) const override {
    const Seed seed{item, 1.0f, ReasonKind::kViewedTogether};
    return ScoreByNeighbours(nb_, {&seed, 1}, k);
  }

  void Serialize(std::string& out) const override {
    ByteWriter w(out);
    w.Put(ModelKind::kSar);
    PutConfig(w, config_);
    w.Put(num_items_);
    PutNeighbours(w, nb_);
    w.PutVector(user_start_);
    w.PutVector(user_item_);
    w.PutVector(user_affinity_);
  }

  int32_t num_customers() const override { return static_cast<int32_t>(user_start_.size()) - 1; }
  void EraseCustomers(const RowErasure& customers) override {
    customers.EraseCsr(user_start_, user_item_, user_affinity_);
  }

 private:
  RecommendConfig config_;
  int32_t num_items_;
  Neighbours nb_;
  std::vector<int64_t> user_start_;  // customers + 1 offsets into the two arrays below
  std::vector<int32_t> user_item_;
  std::vector<float> user_affinity_;
};

}  // namespace

std::unique_ptr<Recommender> TrainSar(const Snapshot& snapshot, const RecommendConfig& config) {
  const ItemSets sets = ItemSetsOfCustomers(snapshot);
  const std::vector<int32_t> support = ItemSupport(sets);
  const Similarity similarity = config.sar_similarity;
  const PairScore score = [&](int32_t i, int32_t j, int32_t both) -> float {
    const double ci = support[static_cast<size_t>(i)], cj = support[static_cast<size_t>(j)];
    switch (similarity) {
      case Similarity::kJaccard:
        return static_cast<float>(both / (ci + cj - both));
      case Similarity::kLift:
        return static_cast<float>(both / (ci * cj));
      case Similarity::kCosine:
        return static_cast<float>(both / std::sqrt(ci * cj));
      case Similarity::kCooccurrence:
        return static_cast<float>(both);
    }
    return 0.0f;
  };
  Neighbours nb = TopNeighbours(sets, config.sar_neighbours, config.sar_min_cooccurrence, score,
                                config.threads);

  const SparseRows& m = snapshot.interactions;
  const Timestamp now = snapshot.last_ts.value_or(0);
  const double half_life = config.sar_half_life_days * 86400.0;
  std::vector<float> affinity(static_cast<size_t>(m.nnz()));
  for (size_t e = 0; e < affinity.size(); ++e) {
    const double age = std::max(0.0, static_cast<double>(now - m.last_ts[e]));
    affinity[e] = static_cast<float>(m.value[e] * std::exp2(-age / half_life));
  }
  std::vector<int64_t> start = m.row_start;
  if (start.empty()) start.push_back(0);
  return std::make_unique<SarModel>(config, snapshot.items.size(), std::move(nb), std::move(start),
                                    std::vector<int32_t>(m.col.begin(), m.col.end()),
                                    std::move(affinity));
}

Result<std::unique_ptr<Recommender>> DeserializeSar(ByteReader& reader) {
  RecommendConfig config;
  int32_t num_items = 0;
  Neighbours nb;
  std::vector<int64_t> start;
  std::vector<int32_t> item;
  std::vector<float> affinity;
  RETURN_IF_ERROR(GetConfig(reader, config));
  RETURN_IF_ERROR(reader.Get(num_items));
  if (num_items < 0) return InvalidArgument("SAR model bytes are corrupt");
  RETURN_IF_ERROR(GetNeighbours(reader, num_items, nb));
  RETURN_IF_ERROR(reader.GetVector(start));
  RETURN_IF_ERROR(reader.GetVector(item));
  RETURN_IF_ERROR(reader.GetVector(affinity));
  bool ok = !start.empty() && start.front() == 0 &&
            static_cast<size_t>(start.back()) == item.size() && affinity.size() == item.size();
  for (size_t i = 1; ok && i < start.size(); ++i) ok = start[i - 1] <= start[i];
  for (int32_t j : item) ok = ok && j >= 0 && j < num_items;
  if (!ok) return InvalidArgument("SAR model bytes are corrupt");
  return std::unique_ptr<Recommender>(std::make_unique<SarModel>(
      config, num_items, std::move(nb), std::move(start), std::move(item), std::move(affinity)));
}

}  // namespace mercato::recommend
