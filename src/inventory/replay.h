// Replay of historical daily demand under a replenishment policy: the planned (s, S) policy with
// forecast-driven safety stock, the min/max baseline a merchant derives from history, or a fixed
// min/max; lost sales at zero stock, lead times drawn from the observed purchase orders.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "inventory/inventory_data.h"
#include "inventory/options.h"

namespace mercato::inventory {

enum class PolicyKind {
  kForecast,  // (s, S) from PlanningInputs / ComputePolicies, re-planned every replan_days
  kBaseline,  // min = avg daily sales × (nominal lead time + safety days), max = min + cycle
  kFixed,     // the same min and max for every SKU
};

struct PolicySpec {
  PolicyKind kind = PolicyKind::kForecast;
  int64_t min = 0, max = 0;  // kFixed only
  /// "forecast", "minmax", "minmax:MIN:MAX".
  std::string Name() const;
};

/// Parses "forecast", "minmax" (the baseline) or "minmax:MIN:MAX" (0 ≤ MIN < MAX).
Result<PolicySpec> ParsePolicy(std::string_view text);

struct ReplayOptions {
  int64_t from_day = 0;  // first measured day (days since epoch)
  int64_t to_day = 0;    // end, exclusive
  /// Days replayed before from_day and left out of every figure: the replay starts from the
  /// recorded stock at from_day − warmup_days, so each policy reaches its own stock levels before
  /// it is measured instead of being judged on the stock it inherited.
  int64_t warmup_days = 0;
  int replan_days = 7;  // policies are recomputed from the data before every such day
  uint64_t seed = 1;
  // The baseline min/max: the merchant's days-of-supply rule.
  int baseline_history_days = 56;   // average daily sales over this trailing window
  double baseline_safety_days = 7;  // min covers the nominal lead time plus these days
  double baseline_cycle_days = 28;  // max = min + these days of average sales
};

struct ReplayResult {
  std::string policy;
  int64_t skus = 0, days = 0;
  double units_demanded = 0, units_served = 0;
  double fill_rate = 0;            // served / demanded
  int64_t stockout_days = 0;       // SKU-days with demand left unserved
  double avg_inventory_units = 0;  // mean over days of the end-of-day units on hand
  double avg_inventory_value = 0;  // the same at unit cost (SKUs with a known cost)
  double avg_excess_value = 0;     // at cost, stock above excess_cover_weeks of the SKU's replayed
                                   // average demand, mean over days
  int64_t orders = 0;
  /// The part of avg_inventory_value on the SKUs whose starting stock covers the whole period's
  /// demand (ReplayReference::covered_skus): no policy needs to order for them.
  double avg_covered_value = 0;
};

/// Policy-independent figures that put the policies' average inventory in proportion: every
/// policy holds at least start_stock_value, and the clairvoyant one needs no safety stock.
struct ReplayReference {
  /// SKUs whose stock at the start (on hand and open orders) is at least their demand over the
  /// whole replayed period, warm-up included.
  int64_t covered_skus = 0;
  /// Average inventory value if no order were ever placed: the starting stock and open orders
  /// selling down. Orders only add stock, so no policy holds less.
  double start_stock_value = 0;
  /// Average inventory value of a clairvoyant policy: an order arrives, without lead time, on
  /// each day the stock would not cover that day's demand, of the SKU's economic order at its
  /// replayed mean demand (ExpectedOrderQuantity: min(EOQ, cover cap), MOQ and case pack) or the
  /// shortfall if larger. No safety stock and no lost sale: the least stock any policy with
  /// orders of that size can hold at a fill rate of 1.
  double clairvoyant_value = 0;
};

struct ReplayReport {
  std::vector<ReplayResult> results;  // one per policy, in the order asked
  ReplayReference reference;
};

/// Replays days [from_day − warmup_days, to_day) of recorded sales as demand for every SKU with a
/// stock level, once per policy, and measures days [from_day, to_day); the references are measured
/// over the same days. Each SKU starts from its recorded stock at the end of the day before the
/// first replayed day, with the
/// recorded open purchase orders arriving when they did. Each order's lead time is drawn
/// (seeded per SKU, so every policy sees the same draws in the same order) from the supplier's
/// observed lead times of orders placed within 30 days of it, else all its observed lead times,
/// else its nominal lead time. Demand lost in the recorded history is not known, so the replayed
/// demand is the recorded sales.
Result<ReplayReport> Replay(const InventoryData& data, const InventoryOptions& options,
                            const ReplayOptions& replay, const std::vector<PolicySpec>& policies);

}  // namespace mercato::inventory
