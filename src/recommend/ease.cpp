// EASE: the Gram matrix of the most-bought items, its regularized inverse by an in-place
// Cholesky factorization, and per-item neighbour lists of the resulting weights.
#include "recommend/ease.h"

#include <omp.h>

// Items are reduced in parallel by our own loop; Eigen stays single-threaded (see als.cpp).
#define EIGEN_DONT_PARALLELIZE
#include <Eigen/Dense>
#include <algorithm>
#include <cmath>

#include "recommend/config_io.h"
#include "recommend/cooccurrence.h"

namespace mercato::recommend {
namespace {

using GramMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::ColMajor>;

// The `cap` items with most buyers (ties to the lower id), in ascending id order.
std::vector<int32_t> MostBoughtItems(const std::vector<int32_t>& support, int cap) {
  std::vector<int32_t> items;
  for (size_t i = 0; i < support.size(); ++i) {
    if (support[i] > 0) items.push_back(static_cast<int32_t>(i));
  }
  if (items.size() > static_cast<size_t>(cap)) {
    std::nth_element(items.begin(), items.begin() + cap, items.end(), [&](int32_t a, int32_t b) {
      const int32_t sa = support[static_cast<size_t>(a)], sb = support[static_cast<size_t>(b)];
      return sa > sb || (sa == sb && a < b);
    });
    items.resize(static_cast<size_t>(cap));
    std::sort(items.begin(), items.end());
  }
  return items;
}

// X^T X over the kept items (by position in `kept`): the lower triangle and the diagonal
// counted, the strictly upper triangle a copy of the lower (the factorization overwrites only
// the lower triangle, so the upper keeps the co-occurrence counts for the reasons).
GramMatrix KeptGram(const ItemSets& sets, const std::vector<int32_t>& kept) {
  std::vector<int32_t> position(static_cast<size_t>(sets.num_items), -1);
  for (size_t p = 0; p < kept.size(); ++p)
    position[static_cast<size_t>(kept[p])] = static_cast<int32_t>(p);
  const auto n = static_cast<Eigen::Index>(kept.size());
  GramMatrix g = GramMatrix::Zero(n, n);
  std::vector<int32_t> row;
  for (int32_t r = 0; r < sets.rows(); ++r) {
    row.clear();
    for (int32_t i : sets.Row(r)) {
      if (position[static_cast<size_t>(i)] >= 0) row.push_back(position[static_cast<size_t>(i)]);
    }
    for (size_t a = 0; a < row.size(); ++a) {
      for (size_t b = a; b < row.size(); ++b) g(row[b], row[a]) += 1.0f;  // row[b] >= row[a]
    }
  }
  g.triangularView<Eigen::StrictlyUpper>() = g.transpose();
  return g;
}

// P = (L L^T)^-1 by solving against the identity in blocks of kSolveBlock columns, the blocks in
// parallel; the block width does not depend on the thread count, so neither does P.
constexpr Eigen::Index kSolveBlock = 256;
GramMatrix SolveIdentity(const Eigen::LLT<Eigen::Ref<GramMatrix>>& llt, int threads) {
  const Eigen::Index n = llt.rows();
  GramMatrix p(n, n);
  const Eigen::Index blocks = (n + kSolveBlock - 1) / kSolveBlock;
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
  for (Eigen::Index b = 0; b < blocks; ++b) {
    const Eigen::Index first = b * kSolveBlock, width = std::min(kSolveBlock, n - first);
    p.middleCols(first, width) = llt.solve(GramMatrix::Identity(n, n).middleCols(first, width));
  }
  return p;
}

struct EaseWeight {
  int32_t item;
  float weight;
  int32_t count;
};

// Per item, its `keep` weights B(i, j) = -P(j, i) / P(j, j) largest in magnitude (P symmetric,
// so row i of B reads column i of P), sorted by descending weight, ties by ascending id.
Neighbours NeighboursOfWeights(const GramMatrix& p, const GramMatrix& counts,
                               const std::vector<int32_t>& kept, int32_t num_items, int keep,
                               int threads) {
  const auto n = static_cast<int32_t>(kept.size());
  std::vector<std::vector<EaseWeight>> rows(kept.size());
#pragma omp parallel for schedule(dynamic, 16) num_threads(threads)
  for (int32_t a = 0; a < n; ++a) {
    std::vector<EaseWeight>& out = rows[static_cast<size_t>(a)];
    for (int32_t b = 0; b < n; ++b) {
      const float w = -p(b, a) / p(b, b);
      if (b == a || w == 0.0f || !std::isfinite(w)) continue;
      const float both = a < b ? counts(a, b) : counts(b, a);
      out.push_back({kept[static_cast<size_t>(b)], w, static_cast<int32_t>(both)});
    }
    const auto by_magnitude = [](const EaseWeight& x, const EaseWeight& y) {
      const float mx = std::abs(x.weight), my = std::abs(y.weight);
      return mx > my || (mx == my && x.item < y.item);
    };
    if (out.size() > static_cast<size_t>(keep)) {
      std::nth_element(out.begin(), out.begin() + keep, out.end(), by_magnitude);
      out.resize(static_cast<size_t>(keep));
    }
    std::sort(out.begin(), out.end(), [](const EaseWeight& x, const EaseWeight& y) {
      return x.weight > y.weight || (x.weight == y.weight && x.item < y.item);
    });
  }
  Neighbours nb;
  nb.start.assign(static_cast<size_t>(num_items) + 1, 0);
  for (size_t a = 0; a < kept.size(); ++a) {
    nb.start[static_cast<size_t>(kept[a]) + 1] = static_cast<int64_t>(rows[a].size());
  }
  for (size_t i = 1; i < nb.start.size(); ++i) nb.start[i] += nb.start[i - 1];
  for (const std::vector<EaseWeight>& row : rows) {  // kept is ascending: rows in item order
    for (const EaseWeight& w : row) {
      nb.item.push_back(w.item);
      nb.score.push_back(w.weight);
      nb.count.push_back(w.count);
    }
  }
  return nb;
}

class EaseModel final : public Recommender {
 public:
  EaseModel(RecommendConfig config, int32_t num_items, Neighbours nb, ItemSets users)
      : config_(config), num_items_(num_items), nb_(std::move(nb)), users_(std::move(users)) {}

  ModelKind kind() const override { return ModelKind::kEase; }
  int32_t num_items() const override { return num_items_; }

  std::vector<ScoredItem> ForUser(int32_t customer, int k) const override {
    if (customer < 0 || customer >= users_.rows()) return {};
    std::vector<Seed> seeds;
    for (int32_t item : users_.Row(customer)) {
      seeds.push_back({item, 1.0f, ReasonKind::kBecauseYouBought});
    }
    return ScoreByNeighbours(nb_, seeds, k);
  }

  // X is binary: each distinct context item counts once, its reason from its latest event.
  std::vector<ScoredItem> ForItems(std::span<const ContextItem> context, int k) const override {
    std::vector<Seed> seeds;
    std::vector<bool> seen(static_cast<size_t>(num_items_), false);
    for (auto c = context.rbegin(); c != context.rend(); ++c) {
      if (c->item < 0 || c->item >= num_items_ || seen[static_cast<size_t>(c->item)]) continue;
      seen[static_cast<size_t>(c->item)] = true;
      seeds.push_back({c->item, 1.0f,
                       c->event == ContextEvent::kView ? ReasonKind::kBecauseYouViewed
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
    w.Put(ModelKind::kEase);
    PutConfig(w, config_);
    w.Put(num_items_);
    PutNeighbours(w, nb_);
    PutItemSets(w, users_);
  }

  int32_t num_customers() const override { return users_.rows(); }
  void EraseCustomers(const RowErasure& customers) override {
    customers.EraseCsr(users_.start, users_.item);
  }

 private:
  RecommendConfig config_;
  int32_t num_items_;
  Neighbours nb_;   // per item i, the kept weights B(i, j)
  ItemSets users_;  // per customer, the training items
};

}  // namespace

Result<std::unique_ptr<Recommender>> TrainEase(const Snapshot& snapshot,
                                               const RecommendConfig& config) {
  ItemSets sets = ItemSetsOfCustomers(snapshot);
  const std::vector<int32_t> kept = MostBoughtItems(ItemSupport(sets), config.ease_max_items);
  const auto n = static_cast<Eigen::Index>(kept.size());
  GramMatrix g = KeptGram(sets, kept);
  g.diagonal().array() += static_cast<float>(config.ease_lambda);
  const int threads = config.threads > 0 ? config.threads : omp_get_max_threads();
  GramMatrix p;
  if (n > 0) {
    Eigen::LLT<Eigen::Ref<GramMatrix>> llt(g);  // in place: the lower triangle becomes L
    if (llt.info() != Eigen::Success) {
      return FailedPrecondition(
          "EASE: X^T X + lambda I does not factor in single precision; raise ease_lambda");
    }
    p = SolveIdentity(llt, threads);
  }
  Neighbours nb = NeighboursOfWeights(p, g, kept, sets.num_items, config.ease_neighbours, threads);
  const int32_t num_items = sets.num_items;
  return std::unique_ptr<Recommender>(
      std::make_unique<EaseModel>(config, num_items, std::move(nb), std::move(sets)));
}

Result<std::unique_ptr<Recommender>> DeserializeEase(ByteReader& reader) {
  RecommendConfig config;
  int32_t num_items = 0;
  Neighbours nb;
  ItemSets users;
  RETURN_IF_ERROR(GetConfig(reader, config));
  RETURN_IF_ERROR(reader.Get(num_items));
  if (num_items < 0) return InvalidArgument("EASE model bytes are corrupt");
  RETURN_IF_ERROR(GetNeighbours(reader, num_items, nb));
  RETURN_IF_ERROR(GetItemSets(reader, num_items, users));
  return std::unique_ptr<Recommender>(
      std::make_unique<EaseModel>(config, num_items, std::move(nb), std::move(users)));
}

}  // namespace mercato::recommend
