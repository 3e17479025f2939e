// The JSON of a reorder plan, shared by `mercato inventory plan --json` and the API.
#pragma once

#include <nlohmann/json.hpp>

#include "inventory/planner.h"

namespace mercato::inventory {

/// How many lines reorder now and how many units, how many hold excess stock or are markdown
/// candidates.
struct PlanCounts {
  int64_t reorder_now = 0, units_to_order = 0, excess = 0, markdown = 0;
};

PlanCounts CountPlan(const Plan& plan);

/// {"as_of", "service_level", "service_level_kind", "z", "summary": {"lines", "reorder_now",
///  "units_to_order", "excess", "markdown_candidates"}, "lines": [...]}; one object per line
/// with the ERP columns and the planning detail, dates as YYYY-MM-DD, null when none.
nlohmann::ordered_json PlanJson(const Plan& plan);

}  // namespace mercato::inventory
