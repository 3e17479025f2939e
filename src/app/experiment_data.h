// Attribution of orders to experiment exposures: builds the per-unit outcomes that
// experiment::Analyze judges, from the store's exposures and the snapshot's orders.
#pragma once

#include "common/status.h"
#include "common/time.h"
#include "dataset/snapshot.h"
#include "experiment/analysis.h"
#include "experiment/definition.h"
#include "store/store.h"

namespace mercato::app {

/// One UnitOutcome per stored exposure of `definition`'s experiment (in unit order), with the
/// variants' names and weights, the control, and the days it has run (from started_at — or the
/// first exposure when it has none — to stopped_at or `now`, at least 1).
///
/// Each unit's window starts at its first exposure t: orders in [t, t + attribution_days) count
/// (orders, revenue, margin), pre_revenue is the revenue in the equally long window before t,
/// repeat is 1 when ≥ 2 orders fall in [t, t + repeat_days). Cancelled orders do not count (the
/// snapshot leaves them out). Revenue is Σ quantity × unit_price minus the order's discount;
/// margin subtracts quantity × cost for the lines whose product has a cost (a line without one
/// counts whole).
///   customer units: the customer's orders.
///   product units (pricing cells): the orders holding the SKU; revenue and margin of its lines
///     only, each line bearing the order discount in proportion to its value.
///   session units: the orders of the carts of that session (Cart::session_id → order_id, read
///     from the store); a session has no past, so pre_revenue is 0.
/// An exposure naming a variant the definition lacks is FailedPrecondition.
Result<experiment::ExperimentData> BuildExperimentData(Store& store, const Snapshot& snapshot,
                                                       const experiment::Definition& definition,
                                                       Timestamp now);

}  // namespace mercato::app
