// The inventory planning parameters in one place, each with its default and its meaning: the
// single source of truth for the planner, the replay and the CLI.
#pragma once

#include <string>

#include "common/status.h"

namespace mercato::inventory {

struct InventoryOptions {
  /// Target cycle service level: the probability of no stock-out in a replenishment cycle.
  /// Safety stock is z · σ(demand over lead time + review) with z the normal quantile of it.
  double service_level = 0.95;
  /// When in (0, 1), safety stock targets this fill rate (share of demand served from stock,
  /// type-2 service) instead of the cycle service level: see FillRateSafetyFactor. 0: unused.
  double fill_rate = 0;
  /// When in (0, 1), the reorder points of all SKUs together target this store-wide fill rate
  /// (units served / units demanded over the store) with the least inventory value: see
  /// StoreFillRatePolicies. 0: unused. Exclusive with fill_rate.
  double store_fill_rate = 0;
  /// Annual holding cost as a fraction of unit cost (capital, storage, shrinkage).
  double holding_rate = 0.25;
  /// Cost of placing one purchase-order line, in the store's currency.
  double ordering_cost = 10.0;
  /// Days between reviews of the stock position (1: checked daily).
  double review_days = 1.0;
  /// Cap on the order cycle (EOQ) in days of forecast demand: slow movers with cheap ordering
  /// would otherwise be bought for months ahead.
  double max_order_cover_days = 28.0;
  /// Weeks of sales history the demand forecast sees.
  int history_weeks = 104;
  /// Forecast model (forecast::FindModel name) for the weekly demand series. "safe": per SKU,
  /// the candidate (auto, theta, damped, ets, ses, naive2, stlf, snaive) with the lowest error
  /// at rolling origins of its own history, so a yearly cycle (season 52 from two years of
  /// history, EstimateDemand) is kept where it forecasts better (issue 20).
  std::string model = "safe";
  /// Lead time assumed for a SKU with neither purchase orders nor a supplier's nominal value.
  double default_lead_time_days = 14.0;
  /// Coefficient of variation assumed for a lead time known only from its nominal value.
  double nominal_lead_time_cv = 0.25;
  /// Fewest observed lead times before a SKU's (or else its supplier's) history is used.
  int min_lead_time_observations = 5;
  /// Most recent purchase orders a lead-time estimate uses (SKU or supplier level).
  int lead_time_window = 10;
  /// A stock position above this many weeks of forecast demand is excess.
  double excess_cover_weeks = 12.0;
  /// Stock on hand with no sale in this many weeks is a markdown candidate.
  int markdown_no_sale_weeks = 8;
  /// Stock-out and order-by dates further ahead than this many days are not dates a merchant
  /// acts on (a slow mover's stock lasting decades): the plan leaves them out.
  int horizon_days = 365;
};

/// Checks every field; names the first bad one.
Status ValidateOptions(const InventoryOptions& options);

/// What the reorder points aim at: kind "cycle" (the cycle service level), "fill_rate" (the fill
/// rate of every SKU) or "store_fill_rate" (the fill rate of the store), and its level.
struct ServiceTarget {
  std::string kind;
  double level = 0;
};
ServiceTarget ServiceTargetOf(const InventoryOptions& options);

}  // namespace mercato::inventory
