// Replenishment formulas.
#include "inventory/reorder_math.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace mercato::inventory {

double NormalQuantile(double p) {
  static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
                                 -2.759285104469687e+02, 1.383577518672690e+02,
                                 -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
                                 -1.556989798598866e+02, 6.680131188771972e+01,
                                 -1.328068155288572e+01};
  static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
                                 -2.400758277161838e+00, -2.549732539343734e+00,
                                 4.374664141464968e+00,  2.938163982698783e+00};
  static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01,
                                 2.445134137142996e+00, 3.754408661907416e+00};
  constexpr double kLow = 0.02425;
  if (!(p > 0.0 && p < 1.0)) return std::numeric_limits<double>::quiet_NaN();
  auto tail = [&](double q) {
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
           ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
  };
  double x;
  if (p < kLow) {
    x = tail(std::sqrt(-2.0 * std::log(p)));
  } else if (p > 1.0 - kLow) {
    x = -tail(std::sqrt(-2.0 * std::log1p(-p)));
  } else {
    const double q = p - 0.5;
    const double r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0);
  }
  // One Halley step on Φ(x) − p.
  const double e = 0.5 * std::erfc(-x / std::sqrt(2.0)) - p;
  const double u = e * std::sqrt(2.0 * M_PI) * std::exp(x * x / 2.0);
  return x - u / (1.0 + x * u / 2.0);
}

IntervalDemand DemandOverLeadTime(const DemandRate& demand, const LeadTimeMoments& lead_time,
                                  double review_days) {
  const double interval = lead_time.mean + review_days;
  const double variance =
      interval * demand.sd * demand.sd + demand.mean * demand.mean * lead_time.sd * lead_time.sd;
  return {demand.mean * interval, std::sqrt(variance)};
}

double EconomicOrderQuantity(double annual_demand, double ordering_cost, double holding_per_unit) {
  if (annual_demand <= 0) return 0;
  if (!(holding_per_unit > 0)) return std::numeric_limits<double>::infinity();
  return std::sqrt(2.0 * annual_demand * ordering_cost / holding_per_unit);
}

int64_t RoundOrderQuantity(double quantity, int64_t min_order_quantity, int64_t case_pack) {
  if (!(quantity > 0)) return 0;
  const int64_t pack = std::max<int64_t>(case_pack, 1);
  const int64_t q = std::max(static_cast<int64_t>(std::ceil(quantity - 1e-9)), min_order_quantity);
  return (q + pack - 1) / pack * pack;
}

double NormalLoss(double z) {
  const double pdf = std::exp(-z * z / 2.0) / std::sqrt(2.0 * M_PI);
  return pdf - z * 0.5 * std::erfc(z / std::sqrt(2.0));
}

double FillRateSafetyFactor(double fill_rate, double sd, double cycle_quantity) {
  if (!(sd > 0)) return 0;
  const double target = (1.0 - fill_rate) * cycle_quantity / sd;
  if (target >= NormalLoss(0.0)) return 0;
  // G is decreasing: bisect on [0, 8].
  double lo = 0, hi = 8;
  for (int i = 0; i < 60; ++i) {
    const double mid = (lo + hi) / 2;
    (NormalLoss(mid) > target ? lo : hi) = mid;
  }
  return (lo + hi) / 2;
}

namespace {

// What every policy of a SKU shares: demand over lead time + review, EOQ and the order cycle.
struct PolicyBasis {
  IntervalDemand dlt;
  double eoq = 0;
  double cycle = 0;  // min(EOQ, cover cap)
};

PolicyBasis Basis(const PolicyInputs& in) {
  PolicyBasis b;
  b.dlt = DemandOverLeadTime(in.demand, in.lead_time, in.review_days);
  const double holding =
      std::isfinite(in.unit_cost) && in.unit_cost > 0 ? in.holding_rate * in.unit_cost : 0.0;
  b.eoq = EconomicOrderQuantity(in.demand.mean * 365.0, in.ordering_cost, holding);
  b.cycle = std::min(b.eoq, in.demand.mean * in.max_order_cover_days);
  return b;
}

// The order placed in an average cycle (ExpectedOrderQuantity) from the SKU's basis.
double OrderQuantity(const PolicyInputs& in, const PolicyBasis& b) {
  if (!(in.demand.mean > 0)) return 0.0;
  return std::max(
      static_cast<double>(RoundOrderQuantity(b.cycle, in.min_order_quantity, in.case_pack)), 1.0);
}

// The policy reordering at the real-valued level `level`: s = ⌊level⌋, S = ⌈level + cycle⌉.
ReorderPolicy PolicyAt(const PolicyInputs& in, const PolicyBasis& b, double level) {
  ReorderPolicy p;
  p.lead_time_demand = b.dlt.mean;
  p.safety_stock = level - b.dlt.mean;
  p.eoq = b.eoq;
  p.reorder_point = static_cast<int64_t>(std::floor(level + 1e-9));
  // With demand, S lies above s so that reaching s always triggers an order.
  const int64_t floor_up_to = in.demand.mean > 0 ? p.reorder_point + 1 : p.reorder_point;
  p.order_up_to = std::max(floor_up_to, static_cast<int64_t>(std::ceil(level + b.cycle - 1e-9)));
  return p;
}

}  // namespace

ReorderPolicy ComputeReorderPolicy(const PolicyInputs& in) {
  const PolicyBasis b = Basis(in);
  const double z = in.fill_rate > 0 && in.fill_rate < 1
                       ? FillRateSafetyFactor(in.fill_rate, b.dlt.sd, OrderQuantity(in, b))
                       : in.z;
  return PolicyAt(in, b, b.dlt.mean + std::max(0.0, z * b.dlt.sd));
}

IntervalDemandDistribution::IntervalDemandDistribution(const IntervalDemand& demand)
    : mean_(std::max(0.0, demand.mean)) {
  if (!(mean_ > 0)) return;
  const double variance = demand.sd * demand.sd;
  const bool negative_binomial = variance > mean_ * (1 + 1e-9);
  // Negative binomial: P(X = k) = Γ(k + r) / (Γ(r)·k!) · q^r · (1 − q)^k.
  const double q = negative_binomial ? mean_ / variance : 1.0;
  const double r = negative_binomial ? mean_ * mean_ / (variance - mean_) : 0.0;
  auto log_pmf = [&](double k) {
    return negative_binomial ? std::lgamma(k + r) - std::lgamma(r) - std::lgamma(k + 1) +
                                   r * std::log(q) + k * std::log1p(-q)
                             : k * std::log(mean_) - mean_ - std::lgamma(k + 1);
  };
  // Until the mass left is negligible, at most mean + 50 sd + 50 terms.
  const auto last = static_cast<int64_t>(std::ceil(mean_ + 50.0 * std::sqrt(variance) + 50.0));
  double probability = 0, units = 0;
  for (int64_t k = 0; k <= last && (probability < 1 - 1e-12 || k <= mean_); ++k) {
    const double p = std::exp(log_pmf(static_cast<double>(k)));
    probability += p;
    units += static_cast<double>(k) * p;
    head_probability_.push_back(probability);
    head_units_.push_back(units);
  }
}

double IntervalDemandDistribution::Exceeds(int64_t s) const {
  if (s < 0) return 1.0;
  // Beyond the table the mass left is taken as none, so every search for a level ends there.
  if (static_cast<size_t>(s) + 1 >= head_probability_.size()) return 0.0;
  return std::max(0.0, 1.0 - head_probability_[static_cast<size_t>(s)]);
}

double IntervalDemandDistribution::ExpectedShortage(int64_t s) const {
  if (s < 0) return mean_ - static_cast<double>(s);
  if (head_probability_.empty()) return 0.0;
  // E[(X − s)⁺] = E[X] − Σ_{k≤s} k·P(k) − s·P(X > s).
  const size_t k = std::min(static_cast<size_t>(s), head_units_.size() - 1);
  return std::max(0.0, mean_ - head_units_[k] - static_cast<double>(s) * Exceeds(s));
}

int64_t IntervalDemandDistribution::SmallestWithExceedsAtMost(double limit) const {
  // Exceeds is 0 from the table's last index on, so the answer lies in [0, last].
  int64_t lo = 0, hi = std::max<int64_t>(0, static_cast<int64_t>(head_probability_.size()) - 1);
  while (lo < hi) {
    const int64_t mid = lo + (hi - lo) / 2;
    if (Exceeds(mid) > limit) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

double ExpectedOrderQuantity(const PolicyInputs& in) { return OrderQuantity(in, Basis(in)); }

std::vector<ReorderPolicy> StoreFillRatePolicies(const std::vector<PolicyInputs>& in,
                                                 double fill_rate) {
  double known_cost = 0;
  int known = 0;
  for (const PolicyInputs& p : in) {
    if (std::isfinite(p.unit_cost) && p.unit_cost > 0) known_cost += p.unit_cost, ++known;
  }
  const double fallback_cost = known > 0 ? known_cost / known : 1.0;
  struct Sku {
    PolicyBasis basis;
    IntervalDemandDistribution x;
    double order = 0, cost = 0;
  };
  std::vector<Sku> skus;
  skus.reserve(in.size());
  double demand = 0;
  for (const PolicyInputs& p : in) {
    const PolicyBasis b = Basis(p);
    skus.push_back({b, IntervalDemandDistribution(b.dlt), OrderQuantity(p, b),
                    std::isfinite(p.unit_cost) && p.unit_cost > 0 ? p.unit_cost : fallback_cost});
    demand += std::max(0.0, p.demand.mean);
  }
  auto reorder_point = [&](size_t i, double lambda) -> int64_t {
    const double mu = in[i].demand.mean;
    if (!(mu > 0)) return 0;
    const double stock = skus[i].cost * skus[i].order;
    return skus[i].x.SmallestWithExceedsAtMost(stock / (stock + lambda * mu));
  };
  auto shortage = [&](double lambda) {
    double units = 0;
    for (size_t i = 0; i < skus.size(); ++i) {
      if (in[i].demand.mean > 0) {
        units += in[i].demand.mean / skus[i].order *
                 skus[i].x.ExpectedShortage(reorder_point(i, lambda));
      }
    }
    return units;
  };
  // The shortage falls as λ grows: bisect log λ.
  const double target = (1.0 - fill_rate) * demand;
  double lo = std::log(1e-9), hi = std::log(1e12);
  for (int iteration = 0; iteration < 80; ++iteration) {
    const double mid = (lo + hi) / 2;
    (shortage(std::exp(mid)) > target ? lo : hi) = mid;
  }
  std::vector<ReorderPolicy> out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    out.push_back(
        PolicyAt(in[i], skus[i].basis, static_cast<double>(reorder_point(i, std::exp(hi)))));
  }
  return out;
}

}  // namespace mercato::inventory
