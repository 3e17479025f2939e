// The reorder plan: per SKU × location, safety stock, reorder point, order-up-to level, EOQ, the
// order to place today, its latest order date, projected stock-out, cover, excess and markdowns.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "inventory/demand_estimate.h"
#include "inventory/inventory_data.h"
#include "inventory/lead_time.h"
#include "inventory/options.h"
#include "inventory/reorder_math.h"

namespace mercato::inventory {

/// Why a plan line is what it is, in order of urgency.
enum class PlanReason { kReorderNow, kReorderSoon, kMarkdown, kExcess, kNoDemand, kCovered };
/// "reorder_now", "reorder_soon", "markdown", "excess", "no_demand", "covered".
const char* PlanReasonName(PlanReason reason);

/// Where a plan line's supplier comes from: a supplier record or purchase order, the product's
/// vendor (Shopify's Vendor) when the SKU has neither, or nowhere.
enum class SupplierSource { kSupplier, kVendor, kNone };
/// "supplier", "vendor", "" (none).
const char* SupplierSourceName(SupplierSource source);

struct PlanLine {
  std::string sku, location, supplier;
  SupplierSource supplier_source = SupplierSource::kNone;
  std::string title;                  // the product's title, or ""
  std::optional<double> unit_cost;    // in cents: product cost, else the latest PO's unit cost
  std::optional<double> order_value;  // order_quantity × unit_cost, in cents; none without cost
  int64_t on_hand = 0, on_order = 0, backorders = 0;
  int64_t inventory_position = 0;  // on hand + on order − backorders
  DemandRate demand;               // this location's share, per day
  LeadTimeEstimate lead_time;
  ReorderPolicy policy;
  int64_t order_quantity = 0;  // to order today (MOQ and case pack applied)
  /// The day the position reaches s; none without demand or beyond the options' horizon_days.
  std::optional<int64_t> order_by_day;
  /// On hand / demand rate, nothing more arriving; none without demand or beyond horizon_days.
  std::optional<int64_t> stockout_day;
  std::optional<double> weeks_of_cover;  // on hand / weekly demand; none without demand
  int64_t excess_units = 0;              // position above excess_cover_weeks of demand
  std::optional<int64_t> last_sale_day;
  bool markdown_candidate = false;  // stock on hand, no sale in markdown_no_sale_weeks
  PlanReason reason = PlanReason::kCovered;
};

struct Plan {
  int64_t as_of_day = 0;  // the plan is for the start of this day, from data before it
  /// The service target the reorder points aim at: "cycle" (a cycle service level),
  /// "fill_rate" (the fill rate of every SKU) or "store_fill_rate" (the fill rate of the store).
  std::string service_kind = "cycle";
  double service_level = 0;             // that target
  double z = 0;                         // the cycle service level's normal quantile (kind "cycle")
  std::string stock_source = "levels";  // InventoryData::stock_source
  std::vector<PlanLine> lines;          // by SKU, then location
  /// The currency of unit costs and order values (ISO 4217); empty when unknown. The caller who
  /// knows the store sets it (app/store_currency.h); the planner does not read it.
  std::string currency;
};

/// Everything a policy for one SKU needs as of a day, from data strictly before it.
struct SkuPlanningInputs {
  DemandEstimate demand;  // the SKU over all locations
  LeadTimeEstimate lead_time;
  const Supplier* supplier = nullptr;  // nullptr when unknown
};

/// Lead-time observations per supplier and per item as of a day (ObservedLeadTimes).
struct LeadTimeHistory {
  std::vector<std::vector<LeadTimeObservation>> per_item;
  std::unordered_map<std::string, std::vector<LeadTimeObservation>> per_supplier;
};
/// The observations available at the start of `as_of_day`.
LeadTimeHistory CollectLeadTimes(const InventoryData& data, int64_t as_of_day,
                                 const InventoryOptions& options);

/// Demand and lead time of `item` as of `as_of_day`.
SkuPlanningInputs PlanningInputs(const InventoryData& data, const LeadTimeHistory& lead_times,
                                 int32_t item, int64_t as_of_day, forecast::ModelFn model,
                                 const InventoryOptions& options);

/// The inputs of the (s, S) policy of `item` from its planning inputs and a share of its demand
/// (one location of several).
PolicyInputs PolicyInputsFor(const InventoryData& data, int32_t item, const SkuPlanningInputs& in,
                             double demand_share, const InventoryOptions& options);

/// The (s, S) policies of SKUs planned together: each on its own (ComputeReorderPolicy), or with
/// a store-wide fill rate all at once (StoreFillRatePolicies).
std::vector<ReorderPolicy> ComputePolicies(const std::vector<PolicyInputs>& inputs,
                                           const InventoryOptions& options);

/// The plan at the start of `as_of_day` (default: the day after the latest data) for every
/// SKU × location with a stock level. A SKU's demand is shared equally among its locations
/// (orders carry no location). Invalid options are InvalidArgument errors.
Result<Plan> PlanInventory(const InventoryData& data, const InventoryOptions& options,
                           std::optional<int64_t> as_of_day = std::nullopt);

}  // namespace mercato::inventory
