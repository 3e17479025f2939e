// The textbook replenishment formulas: normal quantile of a service level, demand over the
// lead time, safety stock, EOQ, MOQ and case-pack rounding, and the (s, S) policy built from them;
// the discrete distribution of demand over the lead time and the allocation of a store-wide fill
// rate across SKUs (the exchange curve).
#pragma once

#include <cstdint>
#include <vector>

namespace mercato::inventory {

/// Standard normal quantile Φ⁻¹(p) for 0 < p < 1 (Acklam's approximation refined by one Halley
/// step; absolute error below 1e-12).
double NormalQuantile(double p);

/// Demand per day: mean and standard deviation of one day's demand.
struct DemandRate {
  double mean = 0;
  double sd = 0;
};

/// Lead time in days: mean and standard deviation.
struct LeadTimeMoments {
  double mean = 0;
  double sd = 0;
};

/// Mean and standard deviation of demand over an interval of random length.
struct IntervalDemand {
  double mean = 0;
  double sd = 0;
};

/// Demand over the protection interval (lead time + review period), days independent:
/// mean = μ_d·(L + R), variance = (L + R)·σ_d² + μ_d²·σ_L².
IntervalDemand DemandOverLeadTime(const DemandRate& demand, const LeadTimeMoments& lead_time,
                                  double review_days);

/// Economic order quantity √(2·D·K / h) for annual demand D, cost K per order and holding cost h
/// per unit and year; 0 when D is 0, +∞ when h is 0.
double EconomicOrderQuantity(double annual_demand, double ordering_cost, double holding_per_unit);

/// The smallest orderable quantity ≥ `quantity`: at least the minimum order quantity, a multiple
/// of the case pack (a MOQ that is not a multiple is rounded up to one). 0 when `quantity` ≤ 0.
int64_t RoundOrderQuantity(double quantity, int64_t min_order_quantity, int64_t case_pack);

/// The inputs of one SKU's (s, S) policy.
struct PolicyInputs {
  DemandRate demand;
  LeadTimeMoments lead_time;
  double review_days = 1;
  double z = 0;                // normal quantile of the cycle service level
  double unit_cost = 0;        // ≤ 0 or NaN: unknown, the order cycle is the cover cap
  double holding_rate = 0.25;  // per year, fraction of unit cost
  double ordering_cost = 10;   // per order
  double max_order_cover_days = 28;
  /// When in (0, 1): the safety factor targets this fill rate (share of demand served from
  /// stock) instead of using `z`: the z with σ·G(z) = (1 − fill_rate)·Q for the order actually
  /// placed in a cycle, Q = ExpectedOrderQuantity (G the standard normal loss function), at
  /// least 0: a minimum order of months of demand already serves most of it.
  double fill_rate = 0;
  int64_t min_order_quantity = 1;  // the supplier's; orders are rounded up to it ...
  int64_t case_pack = 1;           // ... and to whole cases
};

/// A continuous-review (s, S) policy: order up to S when the inventory position is at or below s.
struct ReorderPolicy {
  double lead_time_demand = 0;  // mean demand over lead time + review
  double safety_stock = 0;      // stock beyond it: z · σ of that demand, or for a store-wide
                                // fill rate s − mean, negative when s is below the mean
  double eoq = 0;               // unrounded; +∞ when the unit cost is unknown
  int64_t reorder_point = 0;    // s = ⌊mean + safety stock⌋ (integer positions ≤ s reorder)
  int64_t order_up_to = 0;      // S = ⌈s_real + min(EOQ, cover cap)⌉, > s when demand > 0
};

/// Standard normal loss function G(z) = φ(z) − z·(1 − Φ(z)): expected shortfall of a unit normal
/// above z.
double NormalLoss(double z);

/// The safety factor z ≥ 0 at which the expected shortage per order cycle σ·G(z) is
/// (1 − fill_rate)·cycle_quantity: the fill-rate (type-2 service) calibration. 0 when σ is 0.
double FillRateSafetyFactor(double fill_rate, double sd, double cycle_quantity);

/// The (s, S) policy for `in`.
ReorderPolicy ComputeReorderPolicy(const PolicyInputs& in);

/// The distribution of the whole units demanded over the protection interval, from its mean and
/// standard deviation: Poisson when the variance is at most the mean, else negative binomial with
/// that mean and variance. Slow and lumpy SKUs sell 0, 1 or 2 units over a lead time, far from
/// the normal curve.
class IntervalDemandDistribution {
 public:
  explicit IntervalDemandDistribution(const IntervalDemand& demand);
  /// P(X > s); 1 for s < 0.
  double Exceeds(int64_t s) const;
  /// E[(X − s)⁺]: the expected units short in a cycle that reorders at position s.
  double ExpectedShortage(int64_t s) const;
  /// The smallest s ≥ 0 with Exceeds(s) ≤ limit (a binary search: Exceeds falls as s grows).
  int64_t SmallestWithExceedsAtMost(double limit) const;

 private:
  double mean_ = 0;
  // Over k = 0 … n − 1 (n large enough that P(X ≥ n) is negligible): P(X ≤ k) and
  // Σ_{j≤k} j·P(X = j).
  std::vector<double> head_probability_, head_units_;
};

/// The order a policy places in an average cycle: min(EOQ, cover cap) rounded up to the MOQ and
/// case pack (at least one unit when there is demand).
double ExpectedOrderQuantity(const PolicyInputs& in);

/// Reorder points that reach a store-wide fill rate (units served / units demanded over all SKUs
/// together) with the least inventory value: the exchange curve. Each SKU's reorder point s
/// minimises  c·E[inventory] + λ·E[units lost per day]  for its unit cost c (unknown: the mean
/// known cost), where raising s by one adds c·P(X ≤ s) of stock and saves λ·(μ/Q)·P(X > s) lost
/// units per day (X the discrete demand over lead time + review, μ the daily demand, Q the
/// expected order): s is the smallest with P(X > s) ≤ c·Q / (c·Q + λ·μ). One λ serves all SKUs,
/// bisected until the expected units short, Σ (μ/Q)·E[(X − s)⁺], are (1 − fill_rate)·Σ μ.
/// Service goes where it is cheapest: fast, cheap SKUs get more of it, slow and expensive ones
/// ordered in large minimum quantities less. The rest of each policy is ComputeReorderPolicy's.
std::vector<ReorderPolicy> StoreFillRatePolicies(const std::vector<PolicyInputs>& in,
                                                 double fill_rate);

}  // namespace mercato::inventory
