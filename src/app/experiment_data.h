// Attribution of orders to experiment exposures: builds the per-unit outcomes that
// experiment::Analyze judges, from the store's exposures and its orders, read once for a report
// through their own lean path (Store::ForEachOrderSale) rather than the whole snapshot.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "common/time.h"
#include "dataset/id_index.h"
#include "experiment/analysis.h"
#include "experiment/definition.h"
#include "store/store.h"

namespace mercato::app {

/// One order (or one product's share of an order) as attribution sees it.
struct Sale {
  Timestamp ts = 0;
  double revenue = 0;
  double margin = 0;
};

/// Sales grouped by unit, each unit's in time order (a compressed row layout): the unit named
/// `ids.Key(u)` has sales[begin[u], begin[u + 1]).
struct UnitSales {
  IdIndex ids;
  std::vector<int64_t> begin;
  std::vector<Sale> sales;
};

/// The store's orders as attribution reads them, grouped for the unit kinds they were loaded for
/// (LoadAttributionSales); the other kinds' groups stay empty. A report of several experiments
/// reads the orders once and shares this.
///
/// Cancelled orders do not count. An order's revenue is Σ quantity × unit_price over its lines
/// minus the order's discount; its margin subtracts quantity × cost for the lines whose product
/// has a cost (a line without one counts whole). A line without a SKU ("title:<slug>") is the
/// product its title names (domain/title_sku_links.h), as in the snapshot.
///   customer units: each customer's orders.
///   product units (pricing cells): the orders holding the SKU; revenue and margin of its lines
///     only (several lines of the SKU in one order are one sale), each line bearing the order
///     discount in proportion to its value.
///   session units: the orders of the carts of that session (Cart::session_id → order_id).
struct AttributionSales {
  std::vector<experiment::UnitKind> kinds;  // the unit kinds loaded
  UnitSales customers, products, sessions;
};

/// Reads the catalog's costs and title links, the carts (for session units) and, in one stream,
/// every order with its lines, keeping the sales of the unit kinds in `kinds`.
Result<AttributionSales> LoadAttributionSales(Store& store,
                                              std::span<const experiment::UnitKind> kinds);

/// One experiment's exposures as ReadExposures reads them, in unit order: exposure i is the unit
/// Unit(i), first exposed at first_at[i] to the definition's variant number variant[i].
struct ExposedUnits {
  std::string units;              // the units' ids end to end
  std::vector<size_t> unit_ends;  // where each unit's id ends in `units`
  std::vector<Timestamp> first_at;
  std::vector<int32_t> variant;

  std::string_view Unit(size_t i) const {
    const size_t begin = i == 0 ? 0 : unit_ends[i - 1];
    return std::string_view(units).substr(begin, unit_ends[i] - begin);
  }
};

/// Reads the stored exposures of `definition`'s experiment. An exposure naming a variant the
/// definition lacks is FailedPrecondition. `expected_units` (the experiment's count of exposures,
/// StoredExperiment::exposures) only sizes the result up front: any value gives the same result.
Result<ExposedUnits> ReadExposures(Store& store, const experiment::Definition& definition,
                                   int64_t expected_units = 0);

/// One UnitOutcome per exposure of `exposed` (in its order), with the variants' names and
/// weights, the control, and the days the experiment has run (from started_at — or the first
/// exposure when it has none — to stopped_at or `now`, at least 1).
///
/// Each unit's window starts at its first exposure t: its sales in [t, t + attribution_days)
/// count (orders, revenue, margin), pre_revenue is the revenue in the equally long window before
/// t, repeat is 1 when ≥ 2 sales fall in [t, t + repeat_days). A session has no past, so its
/// pre_revenue is 0 unless its carts' orders precede the exposure.
/// `sales` not loaded for the definition's unit kind is InvalidArgument.
Result<experiment::ExperimentData> AttributeExposures(const AttributionSales& sales,
                                                      const ExposedUnits& exposed,
                                                      const experiment::Definition& definition,
                                                      Timestamp now);

/// ReadExposures, then AttributeExposures: the outcome of every stored exposure of
/// `definition`'s experiment, in unit order.
Result<experiment::ExperimentData> BuildExperimentData(Store& store, const AttributionSales& sales,
                                                       const experiment::Definition& definition,
                                                       Timestamp now, int64_t expected_units = 0);

}  // namespace mercato::app
