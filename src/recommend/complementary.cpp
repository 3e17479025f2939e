// The complementary model: bought-together neighbours over orders, follow-up neighbours over
// each customer's time-ordered purchases with delay histograms, and each customer's latest order.
#include "recommend/complementary.h"

#include <omp.h>

#include <algorithm>
#include <array>

#include "recommend/config_io.h"
#include "recommend/cooccurrence.h"
#include "recommend/ranking.h"

namespace mercato::recommend {
namespace {

constexpr int32_t kPairDelayMinCount = 20;  // below this a pair takes its category's delay

int BucketOf(Timestamp seconds) {
  const auto days = static_cast<int>(seconds / 86400);
  for (int b = 0; b < kNumDelayBuckets; ++b) {
    if (days <= kDelayBuckets[b].max_days) return b;
  }
  return kNumDelayBuckets - 1;
}

using Histogram = std::array<int32_t, kNumDelayBuckets>;

int ModalDelay(const Histogram& h) {
  const auto best = std::max_element(h.begin(), h.end()) - h.begin();  // ties: shorter delay
  return kDelayBuckets[best].typical_days;
}

// Position of j in i's neighbour list, or -1.
int64_t FindEdge(const Neighbours& nb, int32_t i, int32_t j) {
  if (i < 0 || i >= nb.num_items()) return -1;
  for (int64_t e = nb.Begin(i); e < nb.End(i); ++e) {
    if (nb.item[static_cast<size_t>(e)] == j) return e;
  }
  return -1;
}

// The ranking weight of the pair (i, j): lower within one category (see RecommendConfig).
double CategoryWeight(const Snapshot& s, const RecommendConfig& config, int32_t i, int32_t j) {
  const int32_t ci = s.item_category[static_cast<size_t>(i)];
  return ci != IdIndex::kNone && ci == s.item_category[static_cast<size_t>(j)]
             ? config.complementary_same_category_weight
             : 1.0;
}

Neighbours BoughtTogether(const Snapshot& snapshot, const RecommendConfig& config) {
  const ItemSets orders = ItemSetsOfOrders(snapshot);
  const std::vector<int32_t> support = ItemSupport(orders);
  const double n = orders.rows();
  const PairScore score = [&](int32_t i, int32_t j, int32_t both) -> float {
    const double si = support[static_cast<size_t>(i)], sj = support[static_cast<size_t>(j)];
    const double confidence = both / si, lift = both * n / (si * sj);
    if (confidence < config.fbt_min_confidence) return 0.0f;
    if (!config.fbt_relaxed && lift < config.fbt_min_lift) return 0.0f;
    return static_cast<float>(confidence * CategoryWeight(snapshot, config, i, j));
  };
  return TopNeighbours(orders, config.complementary_neighbours,
                       config.fbt_relaxed ? 1 : config.fbt_min_pair_count, score, config.threads);
}

struct FollowUps {
  Neighbours nb;
  std::vector<int32_t> delay_days;  // per neighbour entry
};

// Each customer's lines sorted by (time, item), and per item the (customer line) positions of
// customers' first purchases of it.
struct PurchaseHistory {
  std::vector<int64_t> start;  // customers + 1
  std::vector<Timestamp> ts;
  std::vector<int32_t> item;
  std::vector<int64_t> first_start;  // items + 1
  std::vector<int64_t> first_pos;    // positions into ts/item
  int32_t customers_with_lines = 0;
};

PurchaseHistory BuildHistory(const Snapshot& s) {
  PurchaseHistory h;
  const auto customers = static_cast<size_t>(s.customers.size());
  h.start.assign(customers + 1, 0);
  for (size_t l = 0; l < s.lines.size(); ++l) {
    if (s.lines.customer[l] != IdIndex::kNone)
      ++h.start[static_cast<size_t>(s.lines.customer[l]) + 1];
  }
  for (size_t c = 1; c <= customers; ++c) h.start[c] += h.start[c - 1];
  std::vector<std::pair<Timestamp, int32_t>> rows(static_cast<size_t>(h.start.back()));
  std::vector<int64_t> fill(h.start.begin(), h.start.end() - 1);
  for (size_t l = 0; l < s.lines.size(); ++l) {
    const int32_t c = s.lines.customer[l];
    if (c == IdIndex::kNone) continue;
    rows[static_cast<size_t>(fill[static_cast<size_t>(c)]++)] = {s.lines.ts[l], s.lines.item[l]};
  }
  const auto items = static_cast<size_t>(s.items.size());
  std::vector<std::vector<int64_t>> firsts(items);
  std::vector<int32_t> stamp(items, -1);
  for (size_t c = 0; c < customers; ++c) {
    auto begin = rows.begin() + h.start[c], end = rows.begin() + h.start[c + 1];
    std::sort(begin, end);
    h.customers_with_lines += begin != end;
    for (int64_t p = h.start[c]; p < h.start[c + 1]; ++p) {
      const auto item = static_cast<size_t>(rows[static_cast<size_t>(p)].second);
      if (stamp[item] == static_cast<int32_t>(c)) continue;
      stamp[item] = static_cast<int32_t>(c);
      firsts[item].push_back(p);
    }
  }
  h.ts.reserve(rows.size());
  h.item.reserve(rows.size());
  for (const auto& [t, i] : rows) {
    h.ts.push_back(t);
    h.item.push_back(i);
  }
  h.first_start.push_back(0);
  for (const auto& f : firsts) {
    h.first_pos.insert(h.first_pos.end(), f.begin(), f.end());
    h.first_start.push_back(static_cast<int64_t>(h.first_pos.size()));
  }
  return h;
}

struct FollowEdge {
  int32_t item;
  float score;
  int32_t count;
  Histogram histogram;
};

FollowUps FollowUpsOf(const Snapshot& s, const RecommendConfig& config) {
  const PurchaseHistory h = BuildHistory(s);
  const int32_t n = s.items.size();
  std::vector<int32_t> buyers(static_cast<size_t>(n));
  for (int32_t i = 0; i < n; ++i) {
    buyers[static_cast<size_t>(i)] = static_cast<int32_t>(
        h.first_start[static_cast<size_t>(i) + 1] - h.first_start[static_cast<size_t>(i)]);
  }
  const Timestamp window = static_cast<Timestamp>(config.followup_max_days) * 86400;
  std::vector<std::vector<FollowEdge>> lists(static_cast<size_t>(n));
  const int threads = config.threads > 0 ? config.threads : omp_get_max_threads();
#pragma omp parallel num_threads(threads)
  {
    std::vector<int32_t> counts(static_cast<size_t>(n), 0);
    std::vector<Histogram> hist(static_cast<size_t>(n), Histogram{});
    std::vector<int64_t> stamp(static_cast<size_t>(n), -1);
    std::vector<int32_t> touched;
#pragma omp for schedule(dynamic, 16)
    for (int32_t x = 0; x < n; ++x) {
      touched.clear();
      for (int64_t f = h.first_start[static_cast<size_t>(x)];
           f < h.first_start[static_cast<size_t>(x) + 1]; ++f) {
        const int64_t pos = h.first_pos[static_cast<size_t>(f)];
        const Timestamp tx = h.ts[static_cast<size_t>(pos)];
        // The customer's lines end where the next customer's start.
        const int64_t end = *std::upper_bound(h.start.begin(), h.start.end(), pos);
        for (int64_t p = pos + 1; p < end && h.ts[static_cast<size_t>(p)] - tx <= window; ++p) {
          const Timestamp delay = h.ts[static_cast<size_t>(p)] - tx;
          const int32_t y = h.item[static_cast<size_t>(p)];
          if (delay == 0 || y == x || stamp[static_cast<size_t>(y)] == f) continue;
          stamp[static_cast<size_t>(y)] = f;
          if (counts[static_cast<size_t>(y)]++ == 0) touched.push_back(y);
          ++hist[static_cast<size_t>(y)][static_cast<size_t>(BucketOf(delay))];
        }
      }
      std::vector<FollowEdge>& out = lists[static_cast<size_t>(x)];
      for (int32_t y : touched) {
        const int32_t c = counts[static_cast<size_t>(y)];
        const double confidence = static_cast<double>(c) / buyers[static_cast<size_t>(x)];
        const double base =
            static_cast<double>(buyers[static_cast<size_t>(y)]) / h.customers_with_lines;
        if (c >= config.followup_min_count && confidence >= base * config.fbt_min_lift) {
          out.push_back({y, static_cast<float>(confidence * CategoryWeight(s, config, x, y)), c,
                         hist[static_cast<size_t>(y)]});
        }
        counts[static_cast<size_t>(y)] = 0;
        hist[static_cast<size_t>(y)] = Histogram{};
      }
      auto better = [](const FollowEdge& a, const FollowEdge& b) {
        return a.score > b.score || (a.score == b.score && a.item < b.item);
      };
      const auto keep = static_cast<size_t>(config.complementary_neighbours);
      if (out.size() > keep) {
        std::nth_element(out.begin(), out.begin() + static_cast<ptrdiff_t>(keep), out.end(),
                         better);
        out.resize(keep);
      }
      std::sort(out.begin(), out.end(), better);
    }
  }
  // Delay distribution per category of the follow-up item, pooled over the kept pairs.
  std::vector<Histogram> by_category(static_cast<size_t>(s.categories.size()), Histogram{});
  for (const auto& list : lists) {
    for (const FollowEdge& e : list) {
      const int32_t cat = s.item_category[static_cast<size_t>(e.item)];
      if (cat == IdIndex::kNone) continue;
      for (int b = 0; b < kNumDelayBuckets; ++b)
        by_category[static_cast<size_t>(cat)][static_cast<size_t>(b)] +=
            e.histogram[static_cast<size_t>(b)];
    }
  }
  FollowUps f;
  f.nb.start.push_back(0);
  for (const auto& list : lists) {
    for (const FollowEdge& e : list) {
      const int32_t cat = s.item_category[static_cast<size_t>(e.item)];
      const bool own = e.count >= kPairDelayMinCount || cat == IdIndex::kNone;
      f.nb.item.push_back(e.item);
      f.nb.score.push_back(e.score);
      f.nb.count.push_back(e.count);
      f.delay_days.push_back(ModalDelay(own ? e.histogram : by_category[static_cast<size_t>(cat)]));
    }
    f.nb.start.push_back(static_cast<int64_t>(f.nb.item.size()));
  }
  return f;
}

class ComplementaryModel final : public Recommender {
 public:
  ComplementaryModel(RecommendConfig config, int32_t num_items, Neighbours together,
                     FollowUps follow, ItemSets latest_orders)
      : config_(config),
        num_items_(num_items),
        together_(std::move(together)),
        follow_(std::move(follow)),
        latest_orders_(std::move(latest_orders)) {}

  ModelKind kind() const override { return ModelKind::kComplementary; }
  int32_t num_items() const override { return num_items_; }

  std::vector<ScoredItem> ForUser(int32_t customer, int k) const override {
    if (customer < 0 || customer >= latest_orders_.rows()) return {};
    return AfterPurchase(latest_orders_.Row(customer), k);
  }

  std::vector<ScoredItem> ForItems(std::span<const ContextItem> context, int k) const override {
    std::vector<Seed> seeds;
    for (const ContextItem& c : context)
      seeds.push_back({c.item, 1.0f, ReasonKind::kBoughtTogether});
    return ScoreByNeighbours(together_, seeds, k);
  }

  std::vector<ScoredItem> AfterPurchase(std::span<const int32_t> items, int k) const override {
    std::vector<Seed> seeds;
    for (int32_t item : items) seeds.push_back({item, 1.0f, ReasonKind::kFollowUp});
    std::vector<ScoredItem> top = ScoreByNeighbours(follow_.nb, seeds, k);
    for (ScoredItem& t : top) {
      const int64_t e = FindEdge(follow_.nb, t.reason.anchor, t.item);
      if (e >= 0) t.reason.delay_days = follow_.delay_days[static_cast<size_t>(e)];
    }
    return top;
  }

  std::vector<ScoredItem> Related(int32_t item, int k) const override {
    if (item < 0 || item >= num_items_ || k <= 0) return {};
    std::vector<ScoredItem> merged;
    for (int64_t e = together_.Begin(item); e < together_.End(item); ++e) {
      const auto i = static_cast<size_t>(e);
      merged.push_back({together_.item[i],
                        together_.score[i],
                        {ReasonKind::kBoughtTogether, item, together_.count[i], -1}});
    }
    for (int64_t e = follow_.nb.Begin(item); e < follow_.nb.End(item); ++e) {
      const auto i = static_cast<size_t>(e);
      const ScoredItem candidate{
          follow_.nb.item[i],
          follow_.nb.score[i],
          {ReasonKind::kFollowUp, item, follow_.nb.count[i], follow_.delay_days[i]}};
      auto same = std::find_if(merged.begin(), merged.end(),
                               [&](const ScoredItem& m) { return m.item == candidate.item; });
      if (same == merged.end()) {
        merged.push_back(candidate);
      } else if (candidate.score > same->score) {
        *same = candidate;
      }
    }
    std::sort(merged.begin(), merged.end(), RanksBefore);
    if (merged.size() > static_cast<size_t>(k)) merged.resize(static_cast<size_t>(k));
    return merged;
  }

  void Serialize(std::string& out) const override {
    ByteWriter w(out);
    w.Put(ModelKind::kComplementary);
    PutConfig(w, config_);
    w.Put(num_items_);
    PutNeighbours(w, together_);
    PutNeighbours(w, follow_.nb);
    w.PutVector(follow_.delay_days);
    PutItemSets(w, latest_orders_);
  }

  int32_t num_customers() const override { return latest_orders_.rows(); }
  void EraseCustomers(const RowErasure& customers) override {
    customers.EraseCsr(latest_orders_.start, latest_orders_.item);
  }

 private:
  RecommendConfig config_;
  int32_t num_items_;
  Neighbours together_;
  FollowUps follow_;
  ItemSets latest_orders_;  // per customer
};

}  // namespace

std::unique_ptr<Recommender> TrainComplementary(const Snapshot& snapshot,
                                                const RecommendConfig& config) {
  return std::make_unique<ComplementaryModel>(
      config, snapshot.items.size(), BoughtTogether(snapshot, config),
      FollowUpsOf(snapshot, config), LatestOrderOfCustomers(snapshot));
}

Result<std::unique_ptr<Recommender>> DeserializeComplementary(ByteReader& reader) {
  RecommendConfig config;
  int32_t num_items = 0;
  Neighbours together;
  FollowUps follow;
  ItemSets latest_orders;
  RETURN_IF_ERROR(GetConfig(reader, config));
  RETURN_IF_ERROR(reader.Get(num_items));
  if (num_items < 0) return InvalidArgument("complementary model bytes are corrupt");
  RETURN_IF_ERROR(GetNeighbours(reader, num_items, together));
  RETURN_IF_ERROR(GetNeighbours(reader, num_items, follow.nb));
  RETURN_IF_ERROR(reader.GetVector(follow.delay_days));
  RETURN_IF_ERROR(GetItemSets(reader, num_items, latest_orders));
  if (follow.delay_days.size() != follow.nb.item.size()) {
    return InvalidArgument("complementary model bytes are corrupt");
  }
  return std::unique_ptr<Recommender>(std::make_unique<ComplementaryModel>(
      config, num_items, std::move(together), std::move(follow), std::move(latest_orders)));
}

}  // namespace mercato::recommend
