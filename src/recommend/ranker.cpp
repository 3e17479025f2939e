// The two-stage ranker: the other models' candidates, their features, LambdaMART learned on the
// training window's last days (or reciprocal rank fusion when there is too little to learn).
#include "recommend/ranker.h"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <unordered_map>

#include "numeric/boosted_trees.h"
#include "recommend/config_io.h"
#include "recommend/evaluation.h"
#include "recommend/model_registry.h"
#include "recommend/ranker_core.h"
#include "recommend/ranker_features.h"
#include "recommend/ranker_lists.h"
#include "recommend/ranking.h"

namespace mercato::recommend {
namespace {

// Every registered model but the two rankers, in registry order.
std::vector<ModelKind> BaseKinds() {
  std::vector<ModelKind> kinds;
  for (const RecommendModel& model : kRecommendModels) {
    if (model.kind != ModelKind::kRanker && model.kind != ModelKind::kItemRanker) {
      kinds.push_back(model.kind);
    }
  }
  return kinds;
}

// Per base kind the trained model, null when the data cannot train it (FailedPrecondition).
using BaseModels = std::vector<std::unique_ptr<Recommender>>;

Result<BaseModels> TrainBaseModels(std::span<const ModelKind> kinds, const TrainInput& input,
                                   const RecommendConfig& config) {
  BaseModels models;
  for (ModelKind kind : kinds) {
    auto model = Train(kind, input, config);
    if (model.status().code() == StatusCode::kFailedPrecondition) {
      models.push_back(nullptr);
      continue;
    }
    if (!model.ok()) return model.status();
    models.push_back(std::move(model).value());
  }
  return models;
}

// Columns per candidate: the base models' columns (ModelColumnCount), then the RankerFeature
// columns.
size_t ColumnCount(size_t base_models) {
  return ModelColumnCount(base_models) + kRankerFeatureCount;
}

// Non-owning views of the base models, for Gather.
std::vector<const Recommender*> Views(const BaseModels& models) {
  std::vector<const Recommender*> views;
  for (const auto& m : models) views.push_back(m.get());
  return views;
}

// The feature rows of candidates `keep` (indexes into c) for `shopper`.
void AppendRows(const Candidates& c, std::span<const size_t> keep, size_t base_models,
                const RankerContext& context, const Shopper& shopper, std::vector<float>& x) {
  std::vector<float> features;
  context.Append(shopper, KeptItems(c, keep), features);
  AppendCandidateRows(c, keep, base_models, features, kRankerFeatureCount, x);
}

// How many items each base model is asked for: the candidates (or k when more) plus the
// shopper's own items, which serving filters out.
int CandidatesAsked(const RecommendConfig& config, int k, size_t own_items) {
  return std::max(config.ranker_candidates, k) + static_cast<int>(own_items);
}

class RankerModel final : public Recommender {
 public:
  RankerModel(RecommendConfig config, BaseModels models, RankerContext context,
              std::vector<std::string> booster_bytes, std::vector<BoostedTrees> boosters,
              StoredLists lists = {})
      : config_(config),
        models_(std::move(models)),
        context_(std::move(context)),
        booster_bytes_(std::move(booster_bytes)),
        boosters_(std::move(boosters)),
        lists_(std::move(lists)) {}

  ModelKind kind() const override { return ModelKind::kRanker; }
  int32_t num_items() const override { return context_.num_items(); }

  std::vector<ScoredItem> ForUser(int32_t customer, int k) const override {
    if (config_.ranker_stored_items > 0) return lists_.Top(customer, k);
    const Shopper shopper = context_.OfCustomer(customer);
    // Without history only the baselines would answer: serving's own fallback says so.
    if (!shopper.known()) return {};
    return Rank(AskForUser(customer), shopper, k,
                CandidatesAsked(config_, k, shopper.items.size()));
  }
  std::vector<ScoredItem> ForItems(std::span<const ContextItem> context, int k) const override {
    std::vector<int32_t> items;
    for (const ContextItem& c : context) items.push_back(c.item);
    return Rank([context](const Recommender& m, int n) { return m.ForItems(context, n); },
                context_.OfItems(items), k, CandidatesAsked(config_, k, context.size()));
  }
  std::vector<ScoredItem> Related(int32_t item, int k) const override {
    const int32_t items[] = {item};
    return Rank([item](const Recommender& m, int n) { return m.Related(item, n); },
                context_.OfItems(items), k, CandidatesAsked(config_, k, 1));
  }
  std::vector<ScoredItem> AfterPurchase(std::span<const int32_t> items, int k) const override {
    return Rank([items](const Recommender& m, int n) { return m.AfterPurchase(items, n); },
                context_.OfItems(items), k, CandidatesAsked(config_, k, items.size()));
  }

  void Serialize(std::string& out) const override {
    ByteWriter w(out);
    w.Put(ModelKind::kRanker);
    PutConfig(w, config_);
    const std::vector<ModelKind> kinds = BaseKinds();
    w.Put<uint32_t>(static_cast<uint32_t>(kinds.size()));
    std::string bytes;
    for (size_t m = 0; m < kinds.size(); ++m) {
      w.Put(kinds[m]);
      w.Put<uint8_t>(models_[m] ? 1 : 0);
      if (!models_[m]) continue;
      bytes.clear();
      models_[m]->Serialize(bytes);
      w.PutBytes(bytes);
    }
    context_.Serialize(w);
    w.Put<uint32_t>(static_cast<uint32_t>(booster_bytes_.size()));
    for (const std::string& booster : booster_bytes_) w.PutBytes(booster);
    w.Put<int32_t>(config_.ranker_stored_items);  // outside the config's fields (config_io.cpp)
    lists_.Serialize(w);
  }

  const std::vector<std::string>& booster_bytes() const { return booster_bytes_; }

  int32_t num_customers() const override { return context_.num_customers(); }
  void EraseCustomers(const RowErasure& customers) override {
    for (const auto& model : models_) {
      if (model) model->EraseCustomers(customers);
    }
    context_.EraseCustomers(customers);
    lists_.EraseCustomers(customers);
  }

  // Ranks every customer with history once for ForUser to look up (nothing when
  // config.ranker_stored_items is 0), or only those of `listed` when given: the pool a live
  // query of k <= ranker_candidates asks, ordered, kept down to its ranker_stored_items-th item
  // the customer had not taken (the customer's own items above it stay: serving filters them or
  // brings them back on their repurchase cycle). Customers are ranked in blocks, `threads`
  // blocks at a time, each block's candidates scored by one prediction per booster.
  void StoreLists(int threads, const std::optional<std::vector<int32_t>>& listed) {
    if (config_.ranker_stored_items <= 0) return;
    std::vector<int32_t> customers;
    if (listed) {
      customers.assign(listed->begin(), listed->end());
    } else {
      for (int32_t c = 0; c < context_.num_customers(); ++c) customers.push_back(c);
    }
    std::vector<std::vector<ScoredItem>> lists(static_cast<size_t>(context_.num_customers()));
    const size_t blocks = (customers.size() + kListBlock - 1) / kListBlock;
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
    for (size_t block = 0; block < blocks; ++block) {
      std::vector<int32_t> ranked;
      std::vector<Shopper> shoppers;
      std::vector<Candidates> pools;
      for (size_t j = block * kListBlock; j < std::min(customers.size(), (block + 1) * kListBlock);
           ++j) {
        const int32_t customer = customers[j];
        Shopper shopper = context_.OfCustomer(customer);
        if (!shopper.known()) continue;
        pools.push_back(Gather(views_, AskForUser(customer),
                               CandidatesAsked(config_, 0, shopper.items.size())));
        shoppers.push_back(std::move(shopper));
        ranked.push_back(customer);
      }
      const std::vector<std::vector<float>> scores = Score(pools, shoppers);
      for (size_t q = 0; q < ranked.size(); ++q) {
        std::vector<ScoredItem> list =
            BestCandidates(pools[q], scores[q], std::numeric_limits<int>::max());
        const std::vector<int32_t>& own = shoppers[q].items;
        int fresh = 0;
        size_t end = 0;
        while (end < list.size() && fresh < config_.ranker_stored_items) {
          if (!std::binary_search(own.begin(), own.end(), list[end].item)) ++fresh;
          ++end;
        }
        list.resize(end);
        lists[static_cast<size_t>(ranked[q])] = std::move(list);
      }
    }
    lists_ = StoredLists(lists);
  }

 private:
  // Customers whose lists StoreLists ranks together.
  static constexpr size_t kListBlock = 64;

  static Ask AskForUser(int32_t customer) {
    return [customer](const Recommender& m, int n) { return m.ForUser(customer, n); };
  }

  // The candidates of every base model for one question (`asked` items from each), scored by
  // the boosters (or fused), the best k of them.
  std::vector<ScoredItem> Rank(const Ask& ask, const Shopper& shopper, int k, int asked) const {
    if (k <= 0) return {};
    const Candidates c = Gather(views_, ask, asked);
    if (c.items.empty()) return {};
    return BestCandidates(c, Score({&c, 1}, {&shopper, 1}).front(), k);
  }

  // Per pool (of the shopper at the same position) its candidates' scores: the mean of the
  // boosters' over every pool's rows at once (one prediction per booster: a row's score does
  // not depend on the rows beside it), or the fused ones.
  std::vector<std::vector<float>> Score(std::span<const Candidates> pools,
                                        std::span<const Shopper> shoppers) const {
    std::vector<std::vector<float>> scores;
    for (const Candidates& c : pools) scores.push_back(c.fusion);
    if (boosters_.empty()) return scores;
    std::vector<float> x;
    size_t rows = 0;
    std::vector<size_t> all;
    for (size_t q = 0; q < pools.size(); ++q) {
      all.resize(pools[q].items.size());
      for (size_t i = 0; i < all.size(); ++i) all[i] = i;
      AppendRows(pools[q], all, models_.size(), context_, shoppers[q], x);
      rows += all.size();
    }
    if (rows == 0) return scores;
    // Shapes were checked when the boosters were trained or loaded; should XGBoost still fail,
    // the fused order answers rather than nothing.
    auto averaged = AverageScores(boosters_, {x, rows, ColumnCount(models_.size())});
    if (!averaged.ok()) return scores;
    size_t at = 0;
    for (std::vector<float>& pool : scores) {
      std::copy_n(averaged.value().begin() + static_cast<ptrdiff_t>(at), pool.size(), pool.begin());
      at += pool.size();
    }
    return scores;
  }

  RecommendConfig config_;
  BaseModels models_;  // per BaseKinds() entry
  std::vector<const Recommender*> views_ = Views(models_);
  RankerContext context_;
  std::vector<std::string> booster_bytes_;  // none when nothing was learned (fusion)
  std::vector<BoostedTrees> boosters_;      // loaded from booster_bytes_
  StoredLists lists_;                       // per customer; none when ranker_stored_items is 0
};

// Trains the base models on the split's training part and gathers, for every customer with
// history before the cut and new items after it, their candidates (their own items left out:
// serving filters them) labelled by the held-out items.
Result<LearningSet> ValidationSet(const EvalSplit& split, const TrainInput& input,
                                  std::span<const ModelKind> kinds, const RecommendConfig& config,
                                  int threads) {
  ASSIGN_OR_RETURN(const BaseModels models,
                   TrainBaseModels(kinds, TrainInput{split.train, input.item_texts}, config));
  const RankerContext context(split.train, config.ranker_trend_days);
  std::vector<int32_t> customers;
  for (int32_t u = 0; u < static_cast<int32_t>(split.relevant.size()); ++u) {
    if (!split.relevant[static_cast<size_t>(u)].empty() && context.OfCustomer(u).known()) {
      customers.push_back(u);
    }
  }
  const std::vector<const Recommender*> views = Views(models);
  std::vector<LearningSet> per_customer(customers.size());
#pragma omp parallel for schedule(dynamic, 8) num_threads(threads)
  for (size_t j = 0; j < customers.size(); ++j) {
    const int32_t u = customers[j];
    const Shopper shopper = context.OfCustomer(u);
    const Candidates c = Gather(
        views, [u](const Recommender& m, int n) { return m.ForUser(u, n); },
        CandidatesAsked(config, 0, shopper.items.size()));
    const std::vector<int32_t>& relevant = split.relevant[static_cast<size_t>(u)];
    std::vector<size_t> keep;
    LearningSet& out = per_customer[j];
    for (size_t i = 0; i < c.items.size(); ++i) {
      if (std::binary_search(shopper.items.begin(), shopper.items.end(), c.items[i])) continue;
      keep.push_back(i);
      out.labels.push_back(std::binary_search(relevant.begin(), relevant.end(), c.items[i]));
    }
    if (std::find(out.labels.begin(), out.labels.end(), 1.0f) == out.labels.end()) {
      out.labels.clear();
      continue;
    }
    AppendRows(c, keep, models.size(), context, shopper, out.x);
    out.groups.push_back(static_cast<uint32_t>(out.labels.size()));
  }
  return Concatenate(per_customer);
}

}  // namespace

Result<std::unique_ptr<Recommender>> TrainRanker(const TrainInput& input,
                                                 const RecommendConfig& config) {
  return TrainRanker(input, config, RankerReuse{});
}

Result<std::unique_ptr<Recommender>> TrainRanker(const TrainInput& input,
                                                 const RecommendConfig& config, RankerReuse reuse) {
  const std::vector<ModelKind> kinds = BaseKinds();
  std::vector<std::unique_ptr<Recommender>>& trained = reuse.trained;
  if (!trained.empty() && trained.size() != kModelKinds) {
    return InvalidArgument("the ranker's trained models are " + std::to_string(trained.size()) +
                           " slots, one per model kind (" + std::to_string(kModelKinds) +
                           ") expected");
  }
  for (size_t k = 0; k < trained.size(); ++k) {
    const Recommender* model = trained[k].get();
    if (model == nullptr) continue;
    if (static_cast<size_t>(model->kind()) != k || model->kind() == ModelKind::kRanker ||
        model->num_items() != input.snapshot.items.size()) {
      return InvalidArgument(
          "a model given to the ranker is not of its slot's kind or was not "
          "trained on the ranker's data");
    }
  }
  if (reuse.boosters.size() > static_cast<size_t>(RecommendConfig::kMaxRankerBoosters)) {
    return InvalidArgument("the ranker was given " + std::to_string(reuse.boosters.size()) +
                           " boosters, at most " +
                           std::to_string(RecommendConfig::kMaxRankerBoosters) + " expected");
  }
  const int threads = config.threads > 0 ? config.threads : omp_get_max_threads();
  std::vector<std::string> booster_bytes = std::move(reuse.boosters);
  if (booster_bytes.empty()) {
    ASSIGN_OR_RETURN(const std::optional<EvalSplit> split,
                     RankerValidationSplit(input.snapshot, config));
    if (split) {
      ASSIGN_OR_RETURN(const LearningSet set, ValidationSet(*split, input, kinds, config, threads));
      if (set.groups.size() >= static_cast<size_t>(config.ranker_min_customers)) {
        ASSIGN_OR_RETURN(booster_bytes,
                         LearnBoosters(set, ColumnCount(kinds.size()), config, threads));
      }
    }
  }
  ASSIGN_OR_RETURN(std::vector<BoostedTrees> boosters,
                   LoadBoosters(booster_bytes, ColumnCount(kinds.size()), "ranker"));
  BaseModels models;
  for (ModelKind kind : kinds) {
    const auto k = static_cast<size_t>(kind);
    if (k < trained.size() && trained[k]) {
      models.push_back(std::move(trained[k]));
      continue;
    }
    ASSIGN_OR_RETURN(BaseModels one, TrainBaseModels(std::span(&kind, 1), input, config));
    models.push_back(std::move(one.front()));
  }
  auto ranker = std::make_unique<RankerModel>(
      config, std::move(models), RankerContext(input.snapshot, config.ranker_trend_days),
      std::move(booster_bytes), std::move(boosters));
  ranker->StoreLists(threads, reuse.listed);
  return std::unique_ptr<Recommender>(std::move(ranker));
}

std::vector<std::string> RankerBoosterBytes(const Recommender& ranker) {
  if (ranker.kind() != ModelKind::kRanker) return {};
  return static_cast<const RankerModel&>(ranker).booster_bytes();
}

Result<std::unique_ptr<Recommender>> DeserializeRanker(ByteReader& reader) {
  RecommendConfig config;
  RETURN_IF_ERROR(GetConfig(reader, config));
  const std::vector<ModelKind> kinds = BaseKinds();
  uint32_t count = 0;
  RETURN_IF_ERROR(reader.Get(count));
  if (count != kinds.size()) {
    return InvalidArgument("the ranker was trained over " + std::to_string(count) +
                           " models, this mercato has " + std::to_string(kinds.size()) +
                           ": train it again");
  }
  BaseModels models;
  for (ModelKind expected : kinds) {
    ModelKind kind{};
    uint8_t present = 0;
    RETURN_IF_ERROR(reader.Get(kind));
    RETURN_IF_ERROR(reader.Get(present));
    if (kind != expected || present > 1) {
      return InvalidArgument("ranker model bytes are corrupt (its models' list)");
    }
    if (!present) {
      models.push_back(nullptr);
      continue;
    }
    std::string_view bytes;
    RETURN_IF_ERROR(reader.GetBytes(bytes));
    // The nested model's own kind tag first: a ranker inside a ranker is never written.
    if (bytes.empty() || static_cast<ModelKind>(bytes.front()) != kind) {
      return InvalidArgument("ranker model bytes are corrupt (a model)");
    }
    ASSIGN_OR_RETURN(std::unique_ptr<Recommender> model, Deserialize(bytes));
    models.push_back(std::move(model));
  }
  ASSIGN_OR_RETURN(RankerContext context, RankerContext::Deserialize(reader));
  for (const auto& model : models) {
    if (model && model->num_items() != context.num_items()) {
      return InvalidArgument("ranker model bytes are corrupt (catalog sizes differ)");
    }
  }
  uint32_t booster_count = 0;
  RETURN_IF_ERROR(reader.Get(booster_count));
  if (booster_count > static_cast<uint32_t>(RecommendConfig::kMaxRankerBoosters)) {
    return InvalidArgument("ranker model bytes are corrupt (the booster count)");
  }
  std::vector<std::string> booster_bytes;
  std::vector<BoostedTrees> boosters;
  for (uint32_t b = 0; b < booster_count; ++b) {
    std::string_view view;
    RETURN_IF_ERROR(reader.GetBytes(view));
    ASSIGN_OR_RETURN(BoostedTrees booster, BoostedTrees::Load(view));
    if (booster.num_features() != ColumnCount(kinds.size())) {
      return InvalidArgument("ranker model bytes are corrupt (a booster's feature count)");
    }
    booster_bytes.emplace_back(view);
    boosters.push_back(std::move(booster));
  }
  RETURN_IF_ERROR(reader.Get(config.ranker_stored_items));
  if (config.ranker_stored_items < 0 ||
      config.ranker_stored_items > RecommendConfig::kMaxRankerStoredItems) {
    return InvalidArgument("ranker model bytes are corrupt (its stored list length)");
  }
  ASSIGN_OR_RETURN(StoredLists lists,
                   StoredLists::Deserialize(reader, context.num_items(), context.num_customers()));
  if (config.ranker_stored_items > 0 && lists.num_customers() != context.num_customers()) {
    return InvalidArgument("ranker model bytes are corrupt (its stored lists: customer count)");
  }
  return std::unique_ptr<Recommender>(std::make_unique<RankerModel>(
      config, std::move(models), std::move(context), std::move(booster_bytes), std::move(boosters),
      std::move(lists)));
}

}  // namespace mercato::recommend
