// BPR: SGD over sampled (customer, item bought, item not bought) triples on flat row-major
// factor arrays whose last column carries the item bias (and a constant 1 for users).
#include "recommend/bpr.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

#include "recommend/config_io.h"
#include "recommend/cooccurrence.h"
#include "recommend/factor_queries.h"
#include "recommend/ranking.h"

namespace mercato::recommend {
namespace {

constexpr float kBprInitScale = 0.1f;  // standard deviation of the initial factors

class BprModel final : public Recommender {
 public:
  // `users` and `items` are rows of bpr_factors + 1 floats: the factors, then 1 for a user and
  // the bias for an item.
  BprModel(RecommendConfig config, std::vector<float> users, std::vector<float> items,
           ItemSets history)
      : config_(config),
        users_(std::move(users)),
        items_(std::move(items)),
        history_(std::move(history)),
        norms_(FactorNorms(Rows())) {}

  ModelKind kind() const override { return ModelKind::kBpr; }
  int32_t num_items() const override { return history_.num_items; }

  std::vector<ScoredItem> ForUser(int32_t customer, int k) const override {
    const std::span<const float> user = UserFactors(customer);
    if (user.empty()) return {};
    return Rank(user, HistoryAnchors(customer), k);
  }

  std::optional<LatentFactors> Factors() const override { return LatentFactors{Width(), items_}; }

  std::span<const float> UserFactors(int32_t customer) const override {
    if (customer < 0 || customer >= history_.rows() || history_.Row(customer).empty()) return {};
    return std::span<const float>(users_).subspan(
        static_cast<size_t>(customer) * static_cast<size_t>(Width()), static_cast<size_t>(Width()));
  }

  void ExplainForUser(int32_t customer, std::span<ScoredItem> items) const override {
    if (UserFactors(customer).empty()) return;
    ExplainByClosestAnchor(Rows(), HistoryAnchors(customer), items);
  }

  // The user vector is the mean factors of the distinct context items (bias weight 1); each
  // item's anchor keeps its latest event.
  std::vector<ScoredItem> ForItems(std::span<const ContextItem> context, int k) const override {
    const int32_t f = config_.bpr_factors;
    std::vector<ContextItem> anchors;
    std::vector<bool> seen(static_cast<size_t>(num_items()), false);
    for (auto c = context.rbegin(); c != context.rend(); ++c) {
      if (c->item < 0 || c->item >= num_items() || seen[static_cast<size_t>(c->item)]) continue;
      seen[static_cast<size_t>(c->item)] = true;
      anchors.push_back(*c);
    }
    if (anchors.empty()) return {};
    std::vector<float> user(static_cast<size_t>(Width()), 0.0f);
    for (const ContextItem& a : anchors) {
      const std::span<const float> q = Rows().Row(a.item);
      for (int32_t d = 0; d < f; ++d) user[static_cast<size_t>(d)] += q[static_cast<size_t>(d)];
    }
    for (int32_t d = 0; d < f; ++d) {
      user[static_cast<size_t>(d)] /= static_cast<float>(anchors.size());
    }
    user[static_cast<size_t>(f)] = 1.0f;
    return Rank(user, anchors, k);
  }

  std::vector<ScoredItem> Related(int32_t item, int k) const override {
    return RelatedByCosine(Rows(), norms_, item, k);
  }

  void Serialize(std::string& out) const override {
    ByteWriter w(out);
    w.Put(ModelKind::kBpr);
    PutConfig(w, config_);
    w.PutVector(users_);
    w.PutVector(items_);
    PutItemSets(w, history_);
  }

  int32_t num_customers() const override { return history_.rows(); }
  void EraseCustomers(const RowErasure& customers) override {
    customers.EraseDense(users_, static_cast<size_t>(Width()));
    customers.EraseCsr(history_.start, history_.item);
  }

 private:
  int32_t Width() const { return config_.bpr_factors + 1; }
  // The item factors without the bias, for similarities and reasons.
  FactorRows Rows() const { return {items_, Width(), config_.bpr_factors}; }

  std::vector<ContextItem> HistoryAnchors(int32_t customer) const {
    std::vector<ContextItem> anchors;
    for (int32_t item : history_.Row(customer)) anchors.push_back({item, ContextEvent::kPurchase});
    return anchors;
  }

  // Top-k by user . item row (bias included); reasons from the closest anchor.
  std::vector<ScoredItem> Rank(std::span<const float> user, std::span<const ContextItem> anchors,
                               int k) const {
    const auto width = static_cast<size_t>(Width());
    std::vector<float> scores(static_cast<size_t>(num_items()));
    for (size_t j = 0; j < scores.size(); ++j) {
      const float* q = items_.data() + j * width;
      float s = 0.0f;
      for (size_t d = 0; d < width; ++d) s += user[d] * q[d];
      scores[j] = s;
    }
    std::vector<ScoredItem> top = TopK(scores, k, -std::numeric_limits<float>::infinity());
    ExplainByClosestAnchor(Rows(), anchors, top);
    return top;
  }

  RecommendConfig config_;
  std::vector<float> users_;  // customers x (factors + 1)
  std::vector<float> items_;  // items x (factors + 1)
  ItemSets history_;          // per customer, the training items (anchors of the reasons)
  std::vector<float> norms_;  // per item, the norm of its factors (bias left out)
};

// One SGD step on the triple (u, i, j): gradient ascent on ln sigmoid(x_ui - x_uj).
void BprStep(float* pu, float* qi, float* qj, int32_t f, float lr, float reg) {
  float x = qi[f] - qj[f];
  for (int32_t d = 0; d < f; ++d) x += pu[d] * (qi[d] - qj[d]);
  const float g = 1.0f / (1.0f + std::exp(x));  // sigmoid(-x): the derivative of ln sigmoid(x)
  for (int32_t d = 0; d < f; ++d) {
    const float p = pu[d], a = qi[d], b = qj[d];
    pu[d] += lr * (g * (a - b) - reg * p);
    qi[d] += lr * (g * p - reg * a);
    qj[d] += lr * (-g * p - reg * b);
  }
  qi[f] += lr * (g - reg * qi[f]);
  qj[f] += lr * (-g - reg * qj[f]);
}

}  // namespace

Result<std::unique_ptr<Recommender>> TrainBpr(const Snapshot& snapshot,
                                              const RecommendConfig& config) {
  ItemSets history = ItemSetsOfCustomers(snapshot);
  const int32_t f = config.bpr_factors;
  const auto width = static_cast<size_t>(f) + 1;
  const int32_t num_items = history.num_items;
  std::mt19937_64 rng(config.seed);
  std::normal_distribution<float> normal(0.0f, kBprInitScale);
  std::vector<float> users(static_cast<size_t>(history.rows()) * width);
  std::vector<float> items(static_cast<size_t>(num_items) * width);
  for (size_t u = 0; u < static_cast<size_t>(history.rows()); ++u) {
    for (size_t d = 0; d < width - 1; ++d) users[u * width + d] = normal(rng);
    users[u * width + width - 1] = 1.0f;
  }
  for (size_t i = 0; i < static_cast<size_t>(num_items); ++i) {
    for (size_t d = 0; d < width - 1; ++d) items[i * width + d] = normal(rng);
  }
  std::vector<int32_t> entry_user(history.item.size());
  for (int32_t u = 0; u < history.rows(); ++u) {
    for (int64_t e = history.start[static_cast<size_t>(u)];
         e < history.start[static_cast<size_t>(u) + 1]; ++e) {
      entry_user[static_cast<size_t>(e)] = u;
    }
  }
  const auto nnz = static_cast<int64_t>(entry_user.size());
  const auto lr = static_cast<float>(config.bpr_learning_rate);
  const auto reg = static_cast<float>(config.bpr_regularization);
  if (nnz > 0 && num_items > 1) {
    std::uniform_int_distribution<int64_t> pick_entry(0, nnz - 1);
    std::uniform_int_distribution<int32_t> pick_item(0, num_items - 1);
    for (int epoch = 0; epoch < config.bpr_epochs; ++epoch) {
      for (int64_t s = 0; s < nnz; ++s) {
        const auto e = static_cast<size_t>(pick_entry(rng));
        const int32_t u = entry_user[e], i = history.item[e];
        const std::span<const int32_t> row = history.Row(u);
        if (row.size() >= static_cast<size_t>(num_items)) continue;  // no item left unbought
        int32_t j = pick_item(rng);
        while (std::binary_search(row.begin(), row.end(), j)) j = pick_item(rng);
        BprStep(users.data() + static_cast<size_t>(u) * width,
                items.data() + static_cast<size_t>(i) * width,
                items.data() + static_cast<size_t>(j) * width, f, lr, reg);
      }
    }
  }
  const auto finite = [](float v) { return std::isfinite(v); };
  if (!std::all_of(users.begin(), users.end(), finite) ||
      !std::all_of(items.begin(), items.end(), finite)) {
    return FailedPrecondition("BPR diverged (factors overflowed); lower bpr_learning_rate");
  }
  return std::unique_ptr<Recommender>(
      std::make_unique<BprModel>(config, std::move(users), std::move(items), std::move(history)));
}

Result<std::unique_ptr<Recommender>> DeserializeBpr(ByteReader& reader) {
  RecommendConfig config;
  std::vector<float> users, items;
  ItemSets history;
  RETURN_IF_ERROR(GetConfig(reader, config));
  RETURN_IF_ERROR(reader.GetVector(users));
  RETURN_IF_ERROR(reader.GetVector(items));
  if (config.bpr_factors <= 0) return InvalidArgument("BPR model bytes are corrupt");
  const auto width = static_cast<size_t>(config.bpr_factors) + 1;
  if (items.size() % width != 0) return InvalidArgument("BPR model bytes are corrupt");
  const auto num_items = static_cast<int32_t>(items.size() / width);
  RETURN_IF_ERROR(GetItemSets(reader, num_items, history));
  if (users.size() != static_cast<size_t>(history.rows()) * width) {
    return InvalidArgument("BPR model bytes are corrupt");
  }
  return std::unique_ptr<Recommender>(
      std::make_unique<BprModel>(config, std::move(users), std::move(items), std::move(history)));
}

}  // namespace mercato::recommend
