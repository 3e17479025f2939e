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

ReorderPolicy ComputeReorderPolicy(const PolicyInputs& in) {
  ReorderPolicy p;
  const IntervalDemand dlt = DemandOverLeadTime(in.demand, in.lead_time, in.review_days);
  p.lead_time_demand = dlt.mean;
  const double holding =
      std::isfinite(in.unit_cost) && in.unit_cost > 0 ? in.holding_rate * in.unit_cost : 0.0;
  p.eoq = EconomicOrderQuantity(in.demand.mean * 365.0, in.ordering_cost, holding);
  const double cycle = std::min(p.eoq, in.demand.mean * in.max_order_cover_days);
  const double z = in.fill_rate > 0 && in.fill_rate < 1
                       ? FillRateSafetyFactor(in.fill_rate, dlt.sd, cycle)
                       : in.z;
  p.safety_stock = std::max(0.0, z * dlt.sd);
  const double s = dlt.mean + p.safety_stock;
  p.reorder_point = static_cast<int64_t>(std::floor(s + 1e-9));
  // With demand, S lies above s so that reaching s always triggers an order.
  const int64_t floor_up_to = in.demand.mean > 0 ? p.reorder_point + 1 : p.reorder_point;
  p.order_up_to = std::max(floor_up_to, static_cast<int64_t>(std::ceil(s + cycle - 1e-9)));
  return p;
}

}  // namespace mercato::inventory
