// Weighted empirical distributions of inter-purchase intervals and the estimates drawn from them.
#include "customers/empirical_lapse.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <utility>

namespace mercato::customers {
namespace {

// The customer's own intervals (weight 1 each) pooled with the store's sorted ones (weight
// `store_weight` each), queried by binary search so a large store costs O(log) per customer.
class PooledIntervals {
 public:
  PooledIntervals(std::span<const double> own, std::span<const double> store, double store_weight)
      : own_(own.begin(), own.end()), store_(store), store_weight_(store_weight) {
    std::sort(own_.begin(), own_.end());
  }

  double total() const { return Weight(-1, kInfinity); }
  // Weight of the values in (lo, hi].
  double Weight(double lo, double hi) const {
    auto count = [lo, hi](std::span<const double> v) {
      return static_cast<double>(std::upper_bound(v.begin(), v.end(), hi) -
                                 std::upper_bound(v.begin(), v.end(), lo));
    };
    return count(own_) + store_weight_ * count(store_);
  }
  // The smallest value v > floor with Weight(floor, v) >= q Weight(floor, ∞); nullopt when no
  // value exceeds floor.
  std::optional<double> Quantile(double q, double floor = -1) const {
    const double above = Weight(floor, kInfinity);
    if (!(above > 0)) return std::nullopt;
    const double target = q * above - 1e-12;
    std::optional<double> best;
    for (double v : own_) {
      if (v > floor && Weight(floor, v) >= target) {
        best = v;
        break;
      }
    }
    auto first = std::upper_bound(store_.begin(), store_.end(), floor);
    auto reaches = [&](double v) { return Weight(floor, v) >= target; };
    auto it = std::partition_point(first, store_.end(), [&](double v) { return !reaches(v); });
    if (it != store_.end() && (!best || *it < *best)) best = *it;
    return best;
  }
  double Mean() const {
    double sum = std::accumulate(own_.begin(), own_.end(), 0.0);
    sum += store_weight_ * std::accumulate(store_.begin(), store_.end(), 0.0);
    const double weight = total();
    return weight > 0 ? sum / weight : 0;
  }

 private:
  static constexpr double kInfinity = std::numeric_limits<double>::infinity();
  std::vector<double> own_;
  std::span<const double> store_;
  double store_weight_;
};

}  // namespace

std::vector<double> PurchaseIntervals(const OrderHistory& history, int32_t c, Timestamp as_of) {
  std::vector<double> intervals;
  int64_t last_day = -1;
  for (int32_t o = history.customer_start[c]; o < history.customer_start[c + 1]; ++o) {
    if (history.ts[o] >= as_of) break;
    const int64_t day = DayOf(history.ts[o]);
    if (last_day >= 0 && day != last_day) intervals.push_back(static_cast<double>(day - last_day));
    last_day = day;
  }
  return intervals;
}

EmpiricalLapseModel::EmpiricalLapseModel(const OrderHistory& history, Timestamp as_of) {
  std::vector<Timestamp> first;
  std::vector<bool> repeat;
  for (int32_t c = 0; c < history.num_customers(); ++c) {
    if (history.num_orders(c) == 0 || history.first_order(c) >= as_of) continue;
    const std::vector<double> own = PurchaseIntervals(history, c, as_of);
    store_.insert(store_.end(), own.begin(), own.end());
    first.push_back(history.first_order(c));
    repeat.push_back(!own.empty());
  }
  std::sort(store_.begin(), store_.end());
  if (store_.empty()) return;
  const double p90 = store_[std::min(store_.size() - 1, store_.size() * 9 / 10)];
  int64_t mature = 0, mature_repeat = 0, repeaters = 0;
  for (size_t i = 0; i < first.size(); ++i) {
    repeaters += repeat[i] ? 1 : 0;
    if (static_cast<double>(as_of - first[i]) / kSecondsPerDay >= p90) {
      ++mature;
      mature_repeat += repeat[i] ? 1 : 0;
    }
  }
  repeat_share_ = mature > 0 ? static_cast<double>(mature_repeat) / static_cast<double>(mature)
                             : static_cast<double>(repeaters) / static_cast<double>(first.size());
}

EmpiricalEstimate EmpiricalLapseModel::Estimate(std::span<const double> own,
                                                double days_since_last) const {
  EmpiricalEstimate e;
  const PooledIntervals sample(
      own, store_, store_.empty() ? 0.0 : kStoreWeight / static_cast<double>(store_.size()));
  const double total = sample.total();
  if (!(total > 0)) return e;
  e.median_days = *sample.Quantile(0.5);
  e.p90_days = *sample.Quantile(0.9);
  e.mean_days = sample.Mean();
  const double survival = sample.Weight(days_since_last, INFINITY) / total;
  e.p_alive = own.empty() ? repeat_share_ * survival : survival;
  e.next_purchase_days = sample.Quantile(0.5, days_since_last);
  return e;
}

}  // namespace mercato::customers
