// The anchored ranker: learning on the last days' baskets, ranking every item's candidates once,
// serving and merging the stored per-item lists.
#include "recommend/item_ranker.h"

#include <omp.h>

#include <algorithm>
#include <limits>
#include <random>
#include <unordered_map>

#include "recommend/cooccurrence.h"
#include "recommend/evaluation.h"
#include "recommend/model_registry.h"
#include "recommend/ranker_core.h"
#include "recommend/ranker_features.h"
#include "recommend/ranker_lists.h"
#include "recommend/ranking.h"

namespace mercato::recommend {
namespace {

constexpr ModelKind kBaseKinds[] = {ModelKind::kComplementary, ModelKind::kSession,
                                    ModelKind::kSar,           ModelKind::kEase,
                                    ModelKind::kTrending,      ModelKind::kPopularity};
constexpr size_t kBases = std::size(kBaseKinds);
constexpr size_t kColumns = ModelColumnCount(kBases) + kAnchorFeatureCount;
// Anchors whose lists are ranked together (one prediction per booster and block).
constexpr size_t kListBlock = 64;

// Base models trained on one snapshot; `owned` holds those trained here.
struct Bases {
  std::vector<std::unique_ptr<Recommender>> owned;
  std::vector<const Recommender*> views;  // per kBaseKinds entry, null when untrainable
};

Result<Bases> TrainBases(const TrainInput& input, const RecommendConfig& config,
                         std::span<const Recommender* const> trained) {
  Bases bases;
  for (ModelKind kind : kBaseKinds) {
    const auto k = static_cast<size_t>(kind);
    if (k < trained.size() && trained[k] != nullptr) {
      bases.views.push_back(trained[k]);
      continue;
    }
    auto model = Train(kind, input, config);
    if (model.status().code() == StatusCode::kFailedPrecondition) {
      bases.views.push_back(nullptr);
      continue;
    }
    if (!model.ok()) return model.status();
    bases.owned.push_back(std::move(model).value());
    bases.views.push_back(bases.owned.back().get());
  }
  return bases;
}

// The candidates of `anchor`: every base model's Related list of `config.ranker_candidates`
// items plus the anchor (which Related may return and the lists leave out).
Candidates AnchorCandidates(const Bases& bases, int32_t anchor, const RecommendConfig& config) {
  return Gather(
      bases.views, [anchor](const Recommender& m, int n) { return m.Related(anchor, n); },
      config.ranker_candidates + 1);
}

// The rows of candidates `keep` of `c` for `anchor`.
void AppendAnchorRows(const Candidates& c, std::span<const size_t> keep, int32_t anchor,
                      const RankerContext& context, std::vector<float>& x) {
  std::vector<float> features;
  context.AppendForAnchor(anchor, KeptItems(c, keep), features);
  AppendCandidateRows(c, keep, kBases, features, kAnchorFeatureCount, x);
}

// One group per anchor of every validation customer (see TrainItemRanker).
Result<LearningSet> AnchorValidationSet(const EvalSplit& split, const RecommendConfig& config,
                                        int threads) {
  ASSIGN_OR_RETURN(const Bases bases, TrainBases(TrainInput{split.train, {}}, config, {}));
  const RankerContext context(split.train, config.ranker_trend_days);
  const SparseRows& m = split.train.interactions;
  std::vector<int32_t> customers;
  for (int32_t u = 0; u < static_cast<int32_t>(split.relevant.size()); ++u) {
    if (!split.relevant[static_cast<size_t>(u)].empty() && context.OfCustomer(u).known()) {
      customers.push_back(u);
    }
  }
  std::vector<LearningSet> per_customer(customers.size());
#pragma omp parallel for schedule(dynamic, 8) num_threads(threads)
  for (size_t j = 0; j < customers.size(); ++j) {
    const int32_t u = customers[j];
    const std::vector<int32_t> own = context.OfCustomer(u).items;
    std::vector<int32_t> anchors = LatestItems(m, u);
    std::mt19937_64 rng(config.seed + static_cast<uint64_t>(u));
    std::shuffle(anchors.begin(), anchors.end(), rng);
    if (anchors.size() > static_cast<size_t>(kItemRankerAnchors)) {
      anchors.erase(anchors.begin() + kItemRankerAnchors, anchors.end());
    }
    const std::vector<int32_t>& relevant = split.relevant[static_cast<size_t>(u)];
    LearningSet& out = per_customer[j];
    for (int32_t anchor : anchors) {
      const Candidates c = AnchorCandidates(bases, anchor, config);
      std::vector<size_t> keep;
      std::vector<float> labels;
      for (size_t i = 0; i < c.items.size(); ++i) {
        if (std::binary_search(own.begin(), own.end(), c.items[i])) continue;
        keep.push_back(i);
        labels.push_back(std::binary_search(relevant.begin(), relevant.end(), c.items[i]));
      }
      if (std::find(labels.begin(), labels.end(), 1.0f) == labels.end()) continue;
      AppendAnchorRows(c, keep, anchor, context, out.x);
      out.labels.insert(out.labels.end(), labels.begin(), labels.end());
      out.groups.push_back(static_cast<uint32_t>(labels.size()));
    }
  }
  return Concatenate(per_customer);
}

class ItemRankerModel final : public Recommender {
 public:
  ItemRankerModel(int32_t num_items, StoredLists lists, ItemSets latest,
                  std::vector<std::string> booster_bytes = {})
      : num_items_(num_items),
        lists_(std::move(lists)),
        latest_(std::move(latest)),
        booster_bytes_(std::move(booster_bytes)) {}

  ModelKind kind() const override { return ModelKind::kItemRanker; }
  int32_t num_items() const override { return num_items_; }

  std::vector<ScoredItem> ForUser(int32_t customer, int k) const override {
    if (customer < 0 || customer >= latest_.rows()) return {};
    return Merge(latest_.Row(customer), k);
  }
  std::vector<ScoredItem> ForItems(std::span<const ContextItem> context, int k) const override {
    std::vector<int32_t> anchors;
    for (const ContextItem& c : context) anchors.push_back(c.item);
    return Merge(anchors, k);
  }
  std::vector<ScoredItem> AfterPurchase(std::span<const int32_t> items, int k) const override {
    return Merge(items, k);
  }
  std::vector<ScoredItem> Related(int32_t item, int k) const override {
    return lists_.Top(item, k);
  }

  void Serialize(std::string& out) const override {
    ByteWriter w(out);
    w.Put(ModelKind::kItemRanker);
    w.Put<int32_t>(num_items_);
    lists_.Serialize(w);
    PutItemSets(w, latest_);
  }

  int32_t num_customers() const override { return latest_.rows(); }
  const std::vector<std::string>& booster_bytes() const { return booster_bytes_; }
  void EraseCustomers(const RowErasure& customers) override {
    customers.EraseCsr(latest_.start, latest_.item);
  }

 private:
  // Reciprocal rank fusion of the distinct anchors' stored lists (see TrainItemRanker).
  std::vector<ScoredItem> Merge(std::span<const int32_t> items, int k) const {
    if (k <= 0) return {};
    std::vector<int32_t> anchors;
    for (int32_t item : items) {
      if (item >= 0 && item < num_items_) anchors.push_back(item);
    }
    std::sort(anchors.begin(), anchors.end());
    anchors.erase(std::unique(anchors.begin(), anchors.end()), anchors.end());
    std::unordered_map<int32_t, size_t> at;
    std::vector<ScoredItem> merged;
    std::vector<size_t> best_rank;
    for (int32_t anchor : anchors) {
      const std::vector<ScoredItem> list = lists_.Top(anchor, std::numeric_limits<int>::max());
      for (size_t r = 0; r < list.size(); ++r) {
        const auto [it, added] = at.emplace(list[r].item, merged.size());
        if (added) {
          merged.push_back({list[r].item, 0.0f, list[r].reason});
          best_rank.push_back(r);
        } else if (r < best_rank[it->second]) {
          merged[it->second].reason = list[r].reason;
          best_rank[it->second] = r;
        }
        merged[it->second].score +=
            static_cast<float>(1.0 / (kFusionOffset + static_cast<double>(r) + 1.0));
      }
    }
    const size_t n = std::min(merged.size(), static_cast<size_t>(k));
    std::partial_sort(merged.begin(), merged.begin() + static_cast<ptrdiff_t>(n), merged.end(),
                      RanksBefore);
    merged.resize(n);
    return merged;
  }

  int32_t num_items_ = 0;
  StoredLists lists_;                       // per item
  ItemSets latest_;                         // per customer, their latest order's items at training
  std::vector<std::string> booster_bytes_;  // what ranked lists_ at training; not serialized
};

// Every sold item's best config.ranker_stored_items candidates, ranked by the mean of the
// boosters (fused ranks without any), kListBlock sold items at a time.
std::vector<std::vector<ScoredItem>> RankEveryItem(const Bases& bases, const Snapshot& snapshot,
                                                   const RankerContext& context,
                                                   std::span<const BoostedTrees> boosters,
                                                   const RecommendConfig& config, int threads) {
  const auto items = static_cast<size_t>(context.num_items());
  std::vector<std::vector<ScoredItem>> lists(items);
  if (config.ranker_stored_items <= 0) return lists;
  std::vector<bool> sold(items, false);
  for (const auto col : snapshot.interactions.col) sold[static_cast<size_t>(col)] = true;
  std::vector<int32_t> anchors;
  for (size_t a = 0; a < items; ++a) {
    if (sold[a]) anchors.push_back(static_cast<int32_t>(a));
  }
  const size_t blocks = (anchors.size() + kListBlock - 1) / kListBlock;
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
  for (size_t block = 0; block < blocks; ++block) {
    std::vector<Candidates> pools;
    std::vector<std::vector<size_t>> keeps;
    std::vector<float> x;
    const size_t first = block * kListBlock, end = std::min(anchors.size(), first + kListBlock);
    for (size_t j = first; j < end; ++j) {
      const int32_t anchor = anchors[j];
      pools.push_back(AnchorCandidates(bases, anchor, config));
      std::vector<size_t> keep;
      for (size_t i = 0; i < pools.back().items.size(); ++i) {
        if (pools.back().items[i] != anchor) keep.push_back(i);
      }
      if (!boosters.empty()) AppendAnchorRows(pools.back(), keep, anchor, context, x);
      keeps.push_back(std::move(keep));
    }
    std::vector<float> learned;
    if (!boosters.empty() && !x.empty()) {
      auto averaged = AverageScores(boosters, {x, x.size() / kColumns, kColumns});
      // Shapes were checked when the boosters were learned; should XGBoost still fail, the
      // fused order answers rather than nothing.
      if (averaged.ok()) learned = std::move(averaged).value();
    }
    size_t row = 0;
    for (size_t q = 0; q < pools.size(); ++q) {
      Candidates& c = pools[q];
      Candidates kept;
      std::vector<float> scores;
      for (size_t i : keeps[q]) {
        kept.items.push_back(c.items[i]);
        kept.reasons.push_back(c.reasons[i]);
        scores.push_back(learned.empty() ? c.fusion[i] : learned[row]);
        ++row;
      }
      lists[static_cast<size_t>(anchors[first + q])] =
          BestCandidates(kept, scores, config.ranker_stored_items);
    }
  }
  return lists;
}

}  // namespace

std::span<const ModelKind> ItemRankerBaseKinds() { return kBaseKinds; }

Result<std::unique_ptr<Recommender>> TrainItemRanker(const TrainInput& input,
                                                     const RecommendConfig& config) {
  return TrainItemRanker(input, config, std::span<const Recommender* const>());
}

Result<std::unique_ptr<Recommender>> TrainItemRanker(const TrainInput& input,
                                                     const RecommendConfig& config,
                                                     std::span<const Recommender* const> trained,
                                                     std::vector<std::string> boosters) {
  if (!trained.empty() && trained.size() != kModelKinds) {
    return InvalidArgument("the item ranker's trained models are " +
                           std::to_string(trained.size()) + " slots, one per model kind (" +
                           std::to_string(kModelKinds) + ") expected");
  }
  for (size_t k = 0; k < trained.size(); ++k) {
    if (trained[k] != nullptr && (static_cast<size_t>(trained[k]->kind()) != k ||
                                  trained[k]->num_items() != input.snapshot.items.size())) {
      return InvalidArgument(
          "a model given to the item ranker is not of its slot's kind or was not trained on the "
          "item ranker's data");
    }
  }
  if (boosters.size() > static_cast<size_t>(RecommendConfig::kMaxRankerBoosters)) {
    return InvalidArgument("the item ranker was given " + std::to_string(boosters.size()) +
                           " boosters, at most " +
                           std::to_string(RecommendConfig::kMaxRankerBoosters) + " expected");
  }
  const int threads = config.threads > 0 ? config.threads : omp_get_max_threads();
  std::vector<std::string> booster_bytes = std::move(boosters);
  if (booster_bytes.empty()) {
    ASSIGN_OR_RETURN(const std::optional<EvalSplit> split,
                     RankerValidationSplit(input.snapshot, config));
    if (split) {
      ASSIGN_OR_RETURN(const LearningSet set, AnchorValidationSet(*split, config, threads));
      if (set.groups.size() >= static_cast<size_t>(config.ranker_min_customers)) {
        ASSIGN_OR_RETURN(booster_bytes, LearnBoosters(set, kColumns, config, threads));
      }
    }
  }
  ASSIGN_OR_RETURN(const std::vector<BoostedTrees> loaded,
                   LoadBoosters(booster_bytes, kColumns, "item ranker"));
  ASSIGN_OR_RETURN(const Bases bases, TrainBases(input, config, trained));
  const RankerContext context(input.snapshot, config.ranker_trend_days);
  return std::unique_ptr<Recommender>(std::make_unique<ItemRankerModel>(
      context.num_items(),
      StoredLists(RankEveryItem(bases, input.snapshot, context, loaded, config, threads)),
      LatestOrderOfCustomers(input.snapshot), std::move(booster_bytes)));
}

std::vector<std::string> ItemRankerBoosterBytes(const Recommender& item_ranker) {
  if (item_ranker.kind() != ModelKind::kItemRanker) return {};
  return static_cast<const ItemRankerModel&>(item_ranker).booster_bytes();
}

Result<std::unique_ptr<Recommender>> DeserializeItemRanker(ByteReader& reader) {
  int32_t num_items = 0;
  RETURN_IF_ERROR(reader.Get(num_items));
  if (num_items < 0) return InvalidArgument("item ranker model bytes are corrupt (its item count)");
  ASSIGN_OR_RETURN(StoredLists lists, StoredLists::Deserialize(reader, num_items, num_items));
  ItemSets latest;
  RETURN_IF_ERROR(GetItemSets(reader, num_items, latest));
  return std::unique_ptr<Recommender>(
      std::make_unique<ItemRankerModel>(num_items, std::move(lists), std::move(latest)));
}

Result<std::unique_ptr<Recommender>> TrainItemRanker(
    const TrainInput& input, const RecommendConfig& config,
    const std::vector<std::unique_ptr<Recommender>>& trained, std::vector<std::string> boosters) {
  std::vector<const Recommender*> views;
  for (const auto& m : trained) views.push_back(m.get());
  return TrainItemRanker(input, config, views, std::move(boosters));
}

}  // namespace mercato::recommend
