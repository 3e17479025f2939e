// The JSON of a reorder plan, shared by `mercato inventory plan --json` and the API.
#pragma once

#include <nlohmann/json.hpp>

#include "inventory/planner.h"

namespace mercato::inventory {

/// How many lines reorder now and how many units, how many hold excess stock or are markdown
/// candidates; the value of the orders (lines with a unit cost, to the cent) and how many
/// orders have no unit cost.
struct PlanCounts {
  int64_t reorder_now = 0, units_to_order = 0, excess = 0, markdown = 0;
  double order_value = 0;
  int64_t orders_without_cost = 0;
};

PlanCounts CountPlan(const Plan& plan);

/// {"as_of", "service_level", "service_level_kind", "z", "summary": {"lines", "reorder_now",
///  "units_to_order", "excess", "markdown_candidates", "order_value", "orders_without_cost"},
///  "lines": [...]}; one object per line with the ERP columns, the planning detail, then title,
/// supplier_source, unit_cost and order_value; dates as YYYY-MM-DD, null when none; "currency"
/// (of the costs and values) after "stock_source" only when known.
nlohmann::ordered_json PlanJson(const Plan& plan);

}  // namespace mercato::inventory
