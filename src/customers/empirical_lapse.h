// The empirical fallback of the customer models, used when the data are too few for a
// buy-till-you-die fit (or the fit is degenerate): lapse risk and the next order from the days
// since the last purchase against inter-purchase intervals — the customer's own, shrunk towards
// the store's — with no fitted parameter.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "common/time.h"
#include "customers/order_history.h"

namespace mercato::customers {

/// Days between consecutive purchase days (days with an order) of customer `c`, over their
/// orders before `as_of`.
std::vector<double> PurchaseIntervals(const OrderHistory& history, int32_t c, Timestamp as_of);

/// What the fallback says of one customer.
struct EmpiricalEstimate {
  /// Chance the customer still buys: for a repeat buyer, the share of reference intervals
  /// longer than the days since their last purchase; for a one-time buyer, that share times
  /// the store's repeat share.
  double p_alive = 0;
  /// Median, 90th percentile and mean of the reference intervals, days.
  double median_days = 0, p90_days = 0, mean_days = 0;
  /// Days from the last purchase to the expected next one: the median of the reference
  /// intervals longer than the time already waited; nullopt when none is that long (the
  /// customer is not expected to return).
  std::optional<double> next_purchase_days;
};

/// The store's inter-purchase intervals and repeat share, and the per-customer estimate.
class EmpiricalLapseModel {
 public:
  /// From every customer's purchases before `as_of`. A store without a repeat purchase has no
  /// intervals: every estimate is then p_alive 0 and no next purchase.
  EmpiricalLapseModel(const OrderHistory& history, Timestamp as_of);

  /// The estimate for a customer with `own` intervals (empty for a one-time buyer) whose last
  /// purchase was `days_since_last` days ago. The own intervals each weigh 1 and the store's
  /// weigh kStoreWeight together, so one own interval counts a third, three count 60%: the
  /// credibility weighting n / (n + k) of Bühlmann (1967) with k = 2.
  EmpiricalEstimate Estimate(std::span<const double> own, double days_since_last) const;

  /// The store's repeat share: customers with a second purchase day among those whose first
  /// purchase is at least the store's 90th-percentile interval old (all customers when none is).
  double repeat_share() const { return repeat_share_; }
  std::span<const double> store_intervals() const { return store_; }

  static constexpr double kStoreWeight = 2.0;

 private:
  std::vector<double> store_;  // sorted
  double repeat_share_ = 0;
};

}  // namespace mercato::customers
