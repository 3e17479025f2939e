// The JSON of one customer's insights, shared by `mercato customers list --json` and the API's
// customer profile.
#pragma once

#include <nlohmann/json.hpp>

#include "customers/insights.h"

namespace mercato::customers {

/// {"id", "segment", "stage", "rfm", "purchases", "first_purchase", "last_purchase",
///  "total_spend", "p_alive", "lapse_risk", "expected_purchases_90d", "next_order_date",
///  "expected_spend", "clv", "lapse_date", "winback_start", "basis"}; dates as YYYY-MM-DD, null
///  when none (a date past the prediction horizon is none); "basis" is the model's name or
///  "empirical" (the fallback for too little data or a degenerate fit).
nlohmann::ordered_json InsightJson(const CustomerInsight& c);

}  // namespace mercato::customers
