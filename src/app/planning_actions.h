// Planning actions: demand forecasts of a store, its reorder plan and the replay of its history
// under a policy. The inventory options are described once here (InventoryOptionDocs) for the
// CLI's flags and the API's query parameters. `mercato forecast`, `mercato inventory` and the
// planning routes call these.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "app/option_doc.h"
#include "common/status.h"
#include "forecast/store_forecast.h"
#include "inventory/options.h"
#include "inventory/planner.h"
#include "inventory/replay.h"
#include "inventory/supplier_orders.h"

namespace mercato::app {

/// The inventory options a user sets, in the order the CLI lists them: service_level,
/// fill_rate, store_fill_rate, holding_rate, ordering_cost, model, max_cover_days, horizon_days.
std::span<const OptionDoc<inventory::InventoryOptions>> InventoryOptionDocs();

/// A day given as text (YYYY-MM-DD or any format ParseTimestamp reads) as days since the epoch;
/// nullopt for empty text. `option` names the option in errors.
Result<std::optional<int64_t>> ParseDayOption(const std::string& text, const std::string& option);

/// The store forecast's options both front ends read — the CLI's flags of `forecast` and
/// `forecast backtest`, the query parameters of /v1/forecasts: ma_window, sold_within, country.
std::span<const OptionDoc<forecast::StoreForecastOptions>> StoreForecastOptionDocs();

/// The options of the forecast itself, not of its backtest — the CLI's flags of `forecast`, the
/// query parameters of /v1/forecasts: history, no_pooled_season.
std::span<const OptionDoc<forecast::StoreForecastOptions>> ForecastOutputOptionDocs();

struct ForecastDemandOptions {
  std::string db;
  forecast::StoreForecastOptions store;
  /// The default of `mercato forecast` and /v1/forecasts: the safe automatic choice (issue 20).
  std::string model = "safe";
  /// The store's currency when configured ([shop] currency); empty: the one its imports recorded
  /// (app/store_currency.h). The result's demand carries it.
  std::string currency;
};

struct DemandForecasts {
  forecast::StoreDemand demand;
  std::vector<forecast::DemandForecast> forecasts;  // one per series of demand.panel
};

/// Builds the store's demand panel (its own read connection) and forecasts every series. An
/// unknown model is an InvalidArgument listing the registered ones, before the store is read.
Result<DemandForecasts> ForecastDemand(const ForecastDemandOptions& options);

struct PlanInventoryOptions {
  std::string db;
  inventory::InventoryOptions inventory;
  std::optional<int64_t> as_of_day;  // default: the day after the data
  /// The store's currency when configured ([shop] currency); empty: the one its imports recorded
  /// (app/store_currency.h). The plan carries it.
  std::string currency;
};

/// The reorder plan per SKU x location, from the store's inventory data (its own connection).
Result<inventory::Plan> PlanInventory(const PlanInventoryOptions& options);

/// One purchase-order file written by WritePurchaseOrders.
struct WrittenPurchaseOrder {
  std::string path;
  inventory::SupplierOrder order;  // points into the plan
};

/// Writes one purchase-order CSV per supplier of `plan`'s orders (inventory::SupplierOrderCsv,
/// with the plan's currency) into `dir` (created when missing), named po-<supplier slug>.csv
/// (po-no-supplier.csv for the lines without one; a slug two suppliers share gets -2, -3…).
/// Each file is written to a temporary name and renamed, so a failure leaves no half-written
/// order.
Result<std::vector<WrittenPurchaseOrder>> WritePurchaseOrders(const inventory::Plan& plan,
                                                              const std::string& dir);

struct SimulateInventoryOptions {
  std::string db;
  inventory::InventoryOptions inventory;
  std::string policy = "forecast";  // forecast, minmax or minmax:MIN:MAX
  std::optional<int64_t> from_day;  // default: `days` before the end of the data
  int64_t days = 182;
  int replan_days = 7;
  int64_t warmup_days = 0;
  uint64_t seed = 1;
};

struct InventorySimulation {
  inventory::ReplayOptions replay;  // the period replayed
  inventory::ReplayReport report;   // the policy first, then the min/max baseline (unless it is)
};

/// Replays the store's daily demand under the policy and beside the min/max baseline.
Result<InventorySimulation> SimulateInventory(const SimulateInventoryOptions& options);

}  // namespace mercato::app
