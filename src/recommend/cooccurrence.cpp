// Co-occurrence counting item by item: walk the sets holding item i and count the other items
// in them with a dense per-thread counter, then keep the top neighbours.
#include "recommend/cooccurrence.h"

#include <omp.h>

#include <algorithm>

#include "recommend/ranking.h"

namespace mercato::recommend {
namespace {

ItemSets FromRows(std::vector<std::vector<int32_t>>& rows, int32_t num_items) {
  ItemSets sets;
  sets.num_items = num_items;
  sets.start.reserve(rows.size() + 1);
  for (auto& row : rows) {
    std::sort(row.begin(), row.end());
    row.erase(std::unique(row.begin(), row.end()), row.end());
    sets.item.insert(sets.item.end(), row.begin(), row.end());
    sets.start.push_back(static_cast<int64_t>(sets.item.size()));
  }
  return sets;
}

ItemSets Transpose(const ItemSets& sets) {
  ItemSets t;
  t.num_items = sets.rows();
  t.start.assign(static_cast<size_t>(sets.num_items) + 1, 0);
  for (int32_t i : sets.item) ++t.start[static_cast<size_t>(i) + 1];
  for (size_t i = 1; i < t.start.size(); ++i) t.start[i] += t.start[i - 1];
  t.item.resize(sets.item.size());
  std::vector<int64_t> fill(t.start.begin(), t.start.end() - 1);
  for (int32_t r = 0; r < sets.rows(); ++r) {
    for (int32_t i : sets.Row(r)) t.item[static_cast<size_t>(fill[static_cast<size_t>(i)]++)] = r;
  }
  return t;
}

struct Scored {
  int32_t item;
  float score;
  int32_t count;
};

}  // namespace

ItemSets ItemSetsOfCustomers(const Snapshot& snapshot) {
  const SparseRows& m = snapshot.interactions;
  ItemSets sets;
  sets.num_items = snapshot.items.size();
  sets.start.assign(m.row_start.begin(), m.row_start.end());
  if (sets.start.empty()) sets.start.push_back(0);
  sets.item.assign(m.col.begin(), m.col.end());  // already sorted and distinct per row
  return sets;
}

ItemSets ItemSetsOfOrders(const Snapshot& snapshot) {
  std::vector<std::vector<int32_t>> rows(static_cast<size_t>(snapshot.orders.size()));
  for (size_t l = 0; l < snapshot.lines.size(); ++l) {
    rows[static_cast<size_t>(snapshot.lines.order[l])].push_back(snapshot.lines.item[l]);
  }
  return FromRows(rows, snapshot.items.size());
}

ItemSets LatestOrderOfCustomers(const Snapshot& snapshot) {
  std::vector<int32_t> latest(static_cast<size_t>(snapshot.customers.size()), -1);
  for (int32_t o = 0; o < static_cast<int32_t>(snapshot.order_customer.size()); ++o) {
    const int32_t c = snapshot.order_customer[static_cast<size_t>(o)];
    if (c == IdIndex::kNone) continue;
    int32_t& l = latest[static_cast<size_t>(c)];
    if (l < 0 ||
        snapshot.order_ts[static_cast<size_t>(o)] >= snapshot.order_ts[static_cast<size_t>(l)]) {
      l = o;
    }
  }
  std::vector<std::vector<int32_t>> rows(latest.size());
  for (size_t l = 0; l < snapshot.lines.size(); ++l) {
    const int32_t c = snapshot.lines.customer[l];
    if (c != IdIndex::kNone && latest[static_cast<size_t>(c)] == snapshot.lines.order[l]) {
      rows[static_cast<size_t>(c)].push_back(snapshot.lines.item[l]);
    }
  }
  return FromRows(rows, snapshot.items.size());
}

std::vector<int32_t> ItemSupport(const ItemSets& sets) {
  std::vector<int32_t> support(static_cast<size_t>(sets.num_items), 0);
  for (int32_t i : sets.item) ++support[static_cast<size_t>(i)];
  return support;
}

Neighbours TopNeighbours(const ItemSets& sets, int keep, int min_count, const PairScore& score,
                         int threads) {
  const ItemSets by_item = Transpose(sets);
  const int32_t n = sets.num_items;
  std::vector<std::vector<Scored>> lists(static_cast<size_t>(n));
  const int nthreads = threads > 0 ? threads : omp_get_max_threads();
#pragma omp parallel num_threads(nthreads)
  {
    std::vector<int32_t> counts(static_cast<size_t>(n), 0);
    std::vector<int32_t> touched;
#pragma omp for schedule(dynamic, 16)
    for (int32_t i = 0; i < n; ++i) {
      touched.clear();
      for (int32_t r : by_item.Row(i)) {
        for (int32_t j : sets.Row(r)) {
          if (j == i) continue;
          if (counts[static_cast<size_t>(j)]++ == 0) touched.push_back(j);
        }
      }
      std::vector<Scored>& out = lists[static_cast<size_t>(i)];
      for (int32_t j : touched) {
        const int32_t c = counts[static_cast<size_t>(j)];
        counts[static_cast<size_t>(j)] = 0;
        if (c < min_count) continue;
        const float s = score(i, j, c);
        if (s > 0) out.push_back({j, s, c});
      }
      auto better = [](const Scored& a, const Scored& b) {
        return a.score > b.score || (a.score == b.score && a.item < b.item);
      };
      if (out.size() > static_cast<size_t>(keep)) {
        std::nth_element(out.begin(), out.begin() + keep, out.end(), better);
        out.resize(static_cast<size_t>(keep));
      }
      std::sort(out.begin(), out.end(), better);
    }
  }
  Neighbours nb;
  nb.start.reserve(static_cast<size_t>(n) + 1);
  nb.start.push_back(0);
  for (const auto& list : lists) {
    for (const Scored& s : list) {
      nb.item.push_back(s.item);
      nb.score.push_back(s.score);
      nb.count.push_back(s.count);
    }
    nb.start.push_back(static_cast<int64_t>(nb.item.size()));
  }
  return nb;
}

void PutItemSets(ByteWriter& w, const ItemSets& sets) {
  w.PutVector(sets.start);
  w.PutVector(sets.item);
}

Status GetItemSets(ByteReader& r, int32_t num_items, ItemSets& sets) {
  RETURN_IF_ERROR(r.GetVector(sets.start));
  RETURN_IF_ERROR(r.GetVector(sets.item));
  sets.num_items = num_items;
  bool ok = !sets.start.empty() && sets.start.front() == 0 &&
            static_cast<size_t>(sets.start.back()) == sets.item.size();
  for (size_t i = 1; ok && i < sets.start.size(); ++i) ok = sets.start[i - 1] <= sets.start[i];
  for (int32_t j : sets.item) ok = ok && j >= 0 && j < num_items;
  return ok ? Status::Ok() : InvalidArgument("item sets in the model bytes are corrupt");
}

void PutNeighbours(ByteWriter& w, const Neighbours& nb) {
  w.PutVector(nb.start);
  w.PutVector(nb.item);
  w.PutVector(nb.score);
  w.PutVector(nb.count);
}

Status GetNeighbours(ByteReader& r, int32_t num_items, Neighbours& nb) {
  RETURN_IF_ERROR(r.GetVector(nb.start));
  RETURN_IF_ERROR(r.GetVector(nb.item));
  RETURN_IF_ERROR(r.GetVector(nb.score));
  RETURN_IF_ERROR(r.GetVector(nb.count));
  const size_t nnz = nb.item.size();
  bool ok = nb.start.size() == static_cast<size_t>(num_items) + 1 && nb.start.front() == 0 &&
            static_cast<size_t>(nb.start.back()) == nnz && nb.score.size() == nnz &&
            nb.count.size() == nnz;
  for (size_t i = 1; ok && i < nb.start.size(); ++i) ok = nb.start[i - 1] <= nb.start[i];
  for (size_t e = 0; ok && e < nnz; ++e) ok = nb.item[e] >= 0 && nb.item[e] < num_items;
  return ok ? Status::Ok() : InvalidArgument("neighbour lists in the model bytes are corrupt");
}

std::vector<ScoredItem> ScoreByNeighbours(const Neighbours& nb, std::span<const Seed> seeds,
                                          int k) {
  const auto n = static_cast<size_t>(nb.num_items());
  std::vector<float> scores(n, 0.0f), best(n, 0.0f);
  std::vector<int32_t> best_seed(n, -1);
  for (size_t s = 0; s < seeds.size(); ++s) {
    const Seed& seed = seeds[s];
    if (seed.item < 0 || static_cast<size_t>(seed.item) >= n || !(seed.weight > 0)) continue;
    for (int64_t e = nb.Begin(seed.item); e < nb.End(seed.item); ++e) {
      const auto j = static_cast<size_t>(nb.item[static_cast<size_t>(e)]);
      const float contribution = seed.weight * nb.score[static_cast<size_t>(e)];
      scores[j] += contribution;
      if (contribution > best[j]) {
        best[j] = contribution;
        best_seed[j] = static_cast<int32_t>(s);
      }
    }
  }
  std::vector<ScoredItem> top = TopK(scores, k);
  for (ScoredItem& t : top) {
    const Seed& seed = seeds[static_cast<size_t>(best_seed[static_cast<size_t>(t.item)])];
    int32_t count = 0;
    for (int64_t e = nb.Begin(seed.item); e < nb.End(seed.item); ++e) {
      if (nb.item[static_cast<size_t>(e)] == t.item) count = nb.count[static_cast<size_t>(e)];
    }
    t.reason = {seed.reason, seed.item, count, -1};
  }
  return top;
}

}  // namespace mercato::recommend
