// Splits and ranking metrics for `mercato eval recommend`.
#include "recommend/evaluation.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <random>

namespace mercato::recommend {
namespace {

bool Evaluated(const EvalSplit& split, int32_t u) {
  const SparseRows& m = split.train.interactions;
  return !split.relevant[static_cast<size_t>(u)].empty() && u < m.rows &&
         m.row_start[static_cast<size_t>(u)] < m.row_start[static_cast<size_t>(u) + 1];
}

// The list `query` asks `model` for, of `n` items, for evaluated customer `u`.
std::vector<ScoredItem> Ask(const Recommender& model, const SparseRows& m, int32_t u, int n,
                            EvalQuery query) {
  switch (query) {
    case EvalQuery::kUser:
      return model.ForUser(u, n);
    case EvalQuery::kRelated:
      return model.Related(LatestItems(m, u).front(), n);
    case EvalQuery::kItems: {
      std::vector<ContextItem> cart;
      for (int32_t item : LatestItems(m, u)) cart.push_back({item, ContextEvent::kAddToCart});
      return model.ForItems(cart, n);
    }
    case EvalQuery::kAfterPurchase:
      return model.AfterPurchase(LatestItems(m, u), n);
  }
  return {};
}

// `full` without anything at or after `cutoff` (see InMemoryTimeSplit).
Snapshot CutBefore(const Snapshot& full, Timestamp cutoff) {
  Snapshot s = full;
  s.until = cutoff;
  s.last_ts.reset();
  auto widen = [&s](Timestamp ts) {
    if (!s.last_ts || ts > *s.last_ts) s.last_ts = ts;
  };
  // Orders before the cut-off keep their relative order under new dense ids.
  std::vector<int32_t> new_order(full.order_ts.size(), IdIndex::kNone);
  s.orders = IdIndex();
  s.order_customer.clear();
  s.order_ts.clear();
  s.order_channel.clear();
  s.order_country.clear();
  s.order_discount.clear();
  for (size_t o = 0; o < full.order_ts.size(); ++o) {
    if (full.order_ts[o] >= cutoff) continue;
    widen(full.order_ts[o]);
    new_order[o] = s.orders.Add(full.orders.Key(static_cast<int32_t>(o)));
    // Columns a snapshot built without a store may leave empty stay empty.
    auto keep = [o](auto& out, const auto& in) {
      if (o < in.size()) out.push_back(in[o]);
    };
    keep(s.order_customer, full.order_customer);
    s.order_ts.push_back(full.order_ts[o]);
    keep(s.order_channel, full.order_channel);
    keep(s.order_country, full.order_country);
    keep(s.order_discount, full.order_discount);
  }
  LineColumns lines;
  std::vector<SparseRecord> bought, daily, weekly;
  for (size_t l = 0; l < full.lines.size(); ++l) {
    const Timestamp ts = full.lines.ts[l];
    if (ts >= cutoff) continue;
    widen(ts);
    lines.order.push_back(new_order[static_cast<size_t>(full.lines.order[l])]);
    lines.customer.push_back(full.lines.customer[l]);
    lines.item.push_back(full.lines.item[l]);
    lines.ts.push_back(ts);
    lines.quantity.push_back(full.lines.quantity[l]);
    lines.unit_price.push_back(full.lines.unit_price[l]);
    const int32_t item = full.lines.item[l];
    if (full.lines.customer[l] != IdIndex::kNone) {
      bought.push_back({full.lines.customer[l], item, 1.0, ts});
    }
    if (full.lines.quantity[l] > 0) {
      const auto units = static_cast<double>(full.lines.quantity[l]);
      daily.push_back({item, DayOf(ts), units, ts});
      weekly.push_back({item, WeekOf(ts), units, ts});
    }
  }
  s.lines = std::move(lines);
  const SparseRows& m = full.interactions;
  const SparseRows bought_rows = BuildSparseRows(bought, m.rows, m.cols);
  std::vector<SparseRecord> kept;
  kept.reserve(static_cast<size_t>(m.nnz()));
  for (int32_t u = 0; u < m.rows; ++u) {
    const auto cols = bought_rows.ColsOf(u);
    const int64_t offset = bought_rows.row_start[static_cast<size_t>(u)];
    for (int64_t e = m.row_start[static_cast<size_t>(u)];
         e < m.row_start[static_cast<size_t>(u) + 1]; ++e) {
      const auto entry = static_cast<size_t>(e);
      if (m.last_ts[entry] < cutoff) {
        kept.push_back({u, m.col[entry], m.value[entry], m.last_ts[entry]});
        continue;
      }
      const auto at = std::lower_bound(cols.begin(), cols.end(), m.col[entry]);
      if (at == cols.end() || *at != m.col[entry]) continue;
      const auto b = static_cast<size_t>(offset + (at - cols.begin()));
      kept.push_back({u, m.col[entry], bought_rows.value[b], bought_rows.last_ts[b]});
    }
  }
  for (const SparseRecord& r : kept) widen(r.ts);
  s.interactions = BuildSparseRows(std::move(kept), m.rows, m.cols);
  s.daily_demand =
      BuildSparseRows(std::move(daily), s.items.size(), s.last_ts ? DayOf(*s.last_ts) + 1 : 0);
  s.weekly_demand =
      BuildSparseRows(std::move(weekly), s.items.size(), s.last_ts ? WeekOf(*s.last_ts) + 1 : 0);
  ReturnColumns returns;
  for (size_t r = 0; r < full.returns.size(); ++r) {
    if (full.returns.ts[r] >= cutoff) continue;
    returns.customer.push_back(full.returns.customer[r]);
    returns.item.push_back(full.returns.item[r]);
    returns.ts.push_back(full.returns.ts[r]);
    returns.quantity.push_back(full.returns.quantity[r]);
    returns.amount.push_back(full.returns.amount[r]);
  }
  s.returns = std::move(returns);
  StockColumns stock;
  for (size_t r = 0; r < full.stock.size(); ++r) {
    if (full.stock.ts[r] >= cutoff) continue;
    stock.item.push_back(full.stock.item[r]);
    stock.location.push_back(full.stock.location[r]);
    stock.ts.push_back(full.stock.ts[r]);
    stock.on_hand.push_back(full.stock.on_hand[r]);
    stock.on_order.push_back(full.stock.on_order[r]);
  }
  s.stock = std::move(stock);
  return s;
}

}  // namespace

std::vector<int32_t> LatestItems(const SparseRows& m, int32_t u) {
  if (u < 0 || u >= m.rows) return {};
  const auto begin = static_cast<size_t>(m.row_start[static_cast<size_t>(u)]);
  const auto end = static_cast<size_t>(m.row_start[static_cast<size_t>(u) + 1]);
  if (begin == end) return {};
  Timestamp latest = m.last_ts[begin];
  for (size_t e = begin; e < end; ++e) latest = std::max(latest, m.last_ts[e]);
  std::vector<int32_t> items;
  for (size_t e = begin; e < end; ++e) {
    if (m.last_ts[e] == latest) items.push_back(static_cast<int32_t>(m.col[e]));
  }
  return items;
}

Result<Timestamp> TimeSplitCutoff(const Snapshot& full, int holdout_days) {
  if (holdout_days <= 0) return InvalidArgument("--holdout-days must be positive");
  if (!full.last_ts) return FailedPrecondition("the store has no orders or interactions to split");
  const Timestamp cutoff = *full.last_ts - static_cast<Timestamp>(holdout_days) * 86400;
  if (cutoff <= *full.first_ts) {
    return InvalidArgument("--holdout-days " + std::to_string(holdout_days) +
                           " leaves no training data (the store spans " +
                           FormatTimestamp(*full.first_ts) + " to " +
                           FormatTimestamp(*full.last_ts) + ")");
  }
  return cutoff;
}

Result<EvalSplit> TimeSplit(const Snapshot& full, Snapshot train) {
  if (!train.until) {
    return InvalidArgument("a time split's training snapshot needs a cut-off (until)");
  }
  const Timestamp cutoff = *train.until;
  EvalSplit split;
  split.train = std::move(train);
  split.item_texts = ItemTexts(split.train);
  split.relevant.resize(static_cast<size_t>(split.train.customers.size()));
  const SparseRows& m = full.interactions;
  for (int32_t u = 0; u < m.rows; ++u) {
    const int32_t tu = split.train.customers.Find(full.customers.Key(u));
    if (tu == IdIndex::kNone) continue;
    const auto seen = split.train.interactions.ColsOf(tu);
    for (int64_t e = m.row_start[static_cast<size_t>(u)];
         e < m.row_start[static_cast<size_t>(u) + 1]; ++e) {
      if (m.last_ts[static_cast<size_t>(e)] < cutoff) continue;
      const int32_t ti = split.train.items.Find(
          full.items.Key(static_cast<int32_t>(m.col[static_cast<size_t>(e)])));
      if (ti == IdIndex::kNone || std::binary_search(seen.begin(), seen.end(), int64_t{ti}))
        continue;
      split.relevant[static_cast<size_t>(tu)].push_back(ti);
    }
    std::sort(split.relevant[static_cast<size_t>(tu)].begin(),
              split.relevant[static_cast<size_t>(tu)].end());
  }
  return split;
}

Result<EvalSplit> InMemoryTimeSplit(const Snapshot& full, int holdout_days) {
  ASSIGN_OR_RETURN(const Timestamp cutoff, TimeSplitCutoff(full, holdout_days));
  return TimeSplit(full, CutBefore(full, cutoff));
}

Result<EvalSplit> RandomSplit(const Snapshot& full, double test_fraction, uint64_t seed) {
  if (!(test_fraction > 0 && test_fraction < 1)) {
    return InvalidArgument("--test-fraction must be between 0 and 1 (exclusive)");
  }
  EvalSplit split;
  split.train = full;
  split.relevant.resize(static_cast<size_t>(full.customers.size()));
  std::mt19937_64 rng(seed);
  const SparseRows& m = full.interactions;
  std::vector<SparseRecord> kept;
  kept.reserve(static_cast<size_t>(m.nnz()));
  std::vector<int64_t> entries;
  for (int32_t u = 0; u < m.rows; ++u) {
    const int64_t begin = m.row_start[static_cast<size_t>(u)];
    const int64_t end = m.row_start[static_cast<size_t>(u) + 1];
    entries.resize(static_cast<size_t>(end - begin));
    for (int64_t e = begin; e < end; ++e) entries[static_cast<size_t>(e - begin)] = e;
    const auto n = static_cast<int64_t>(entries.size());
    int64_t held = 0;
    if (n >= 2) {
      held = std::clamp<int64_t>(std::llround(test_fraction * static_cast<double>(n)), 1, n - 1);
      // Partial Fisher-Yates: the first `held` entries become the held-out ones.
      for (int64_t i = 0; i < held; ++i) {
        std::uniform_int_distribution<int64_t> pick(i, n - 1);
        std::swap(entries[static_cast<size_t>(i)], entries[static_cast<size_t>(pick(rng))]);
      }
    }
    for (int64_t i = 0; i < n; ++i) {
      const auto e = static_cast<size_t>(entries[static_cast<size_t>(i)]);
      if (i < held) {
        split.relevant[static_cast<size_t>(u)].push_back(static_cast<int32_t>(m.col[e]));
      } else {
        kept.push_back({u, m.col[e], m.value[e], m.last_ts[e]});
      }
    }
    std::sort(split.relevant[static_cast<size_t>(u)].begin(),
              split.relevant[static_cast<size_t>(u)].end());
  }
  split.train.interactions = BuildSparseRows(std::move(kept), m.rows, m.cols);
  // Drop the order lines of held-out pairs so that basket-based models do not see them.
  LineColumns& lines = split.train.lines;
  LineColumns filtered;
  for (size_t l = 0; l < full.lines.size(); ++l) {
    const int32_t c = full.lines.customer[l];
    if (c != IdIndex::kNone) {
      const auto& rel = split.relevant[static_cast<size_t>(c)];
      if (std::binary_search(rel.begin(), rel.end(), full.lines.item[l])) continue;
    }
    filtered.order.push_back(full.lines.order[l]);
    filtered.customer.push_back(c);
    filtered.item.push_back(full.lines.item[l]);
    filtered.ts.push_back(full.lines.ts[l]);
    filtered.quantity.push_back(full.lines.quantity[l]);
    filtered.unit_price.push_back(full.lines.unit_price[l]);
  }
  lines = std::move(filtered);
  return split;
}

void AccumulateMetrics(std::span<const int32_t> ranked, std::span<const int32_t> relevant, int k,
                       Metrics& sum) {
  if (relevant.empty() || k <= 0) return;
  int hits = 0;
  double dcg = 0, precision_sum = 0;
  const size_t n = std::min(ranked.size(), static_cast<size_t>(k));
  for (size_t r = 0; r < n; ++r) {
    if (!std::binary_search(relevant.begin(), relevant.end(), ranked[r])) continue;
    ++hits;
    dcg += 1.0 / std::log2(static_cast<double>(r) + 2.0);
    precision_sum += static_cast<double>(hits) / static_cast<double>(r + 1);
  }
  const size_t ideal = std::min(relevant.size(), static_cast<size_t>(k));
  double idcg = 0;
  for (size_t r = 0; r < ideal; ++r) idcg += 1.0 / std::log2(static_cast<double>(r) + 2.0);
  sum.precision += static_cast<double>(hits) / k;
  sum.recall += static_cast<double>(hits) / static_cast<double>(relevant.size());
  sum.ndcg += dcg / idcg;
  sum.map += precision_sum / static_cast<double>(ideal);
  sum.hit_rate += hits > 0 ? 1.0 : 0.0;
}

bool RanksAbove(const Metrics& a, const Metrics& b) {
  if (a.recall != b.recall) return a.recall > b.recall;
  return a.ndcg > b.ndcg;
}

int64_t UsersEvaluated(const EvalSplit& split) {
  return static_cast<int64_t>(EvaluatedUsers(split).size());
}

std::vector<int32_t> EvaluatedUsers(const EvalSplit& split) {
  std::vector<int32_t> users;
  for (int32_t u = 0; u < static_cast<int32_t>(split.relevant.size()); ++u) {
    if (Evaluated(split, u)) users.push_back(u);
  }
  return users;
}

Metrics Evaluate(const Recommender& model, const EvalSplit& split, int k, EvalQuery query) {
  Metrics sum;
  const SparseRows& m = split.train.interactions;
  std::vector<char> recommended(static_cast<size_t>(model.num_items()), 0);
  std::vector<char> trained(static_cast<size_t>(model.num_items()), 0);
  for (int64_t c : m.col) trained[static_cast<size_t>(c)] = 1;
  int64_t users = 0;
  std::vector<int32_t> ranked;
  for (int32_t u = 0; u < static_cast<int32_t>(split.relevant.size()); ++u) {
    if (!Evaluated(split, u)) continue;
    ++users;
    const auto seen = m.ColsOf(u);
    ranked.clear();
    for (const ScoredItem& s : Ask(model, m, u, k + static_cast<int>(seen.size()), query)) {
      if (std::binary_search(seen.begin(), seen.end(), int64_t{s.item})) continue;
      if (ranked.size() == static_cast<size_t>(k)) break;
      ranked.push_back(s.item);
      recommended[static_cast<size_t>(s.item)] = 1;
    }
    AccumulateMetrics(ranked, split.relevant[static_cast<size_t>(u)], k, sum);
  }
  if (users == 0) return sum;
  const auto n = static_cast<double>(users);
  sum.precision /= n;
  sum.recall /= n;
  sum.ndcg /= n;
  sum.map /= n;
  sum.hit_rate /= n;
  int64_t distinct = 0, catalog = 0;
  for (size_t i = 0; i < recommended.size(); ++i) {
    distinct += recommended[i];
    catalog += trained[i];
  }
  sum.coverage = catalog > 0 ? static_cast<double>(distinct) / static_cast<double>(catalog) : 0.0;
  return sum;
}

Result<std::vector<ModelReport>> EvaluateModels(const EvalSplit& split,
                                                std::span<const ModelKind> kinds,
                                                const RecommendConfig& config, int k) {
  if (k <= 0) return InvalidArgument("--k must be positive");
  std::vector<ModelReport> reports;
  for (ModelKind kind : kinds) {
    const auto start = std::chrono::steady_clock::now();
    ASSIGN_OR_RETURN(auto model, Train(kind, TrainInput{split.train, split.item_texts}, config));
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    reports.push_back({kind, Evaluate(*model, split, k), took.count()});
  }
  return reports;
}

}  // namespace mercato::recommend
