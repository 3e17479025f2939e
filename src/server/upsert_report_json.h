// The part of an upsert's answer that says what the erased-customer rule did (app::PutBatch).
#pragma once

#include <nlohmann/json.hpp>

#include "app/upsert_actions.h"

namespace mercato::server {

/// Adds to `body` "withheld" (entities not written) and "anonymized" (written without the
/// customer id) counts, and when either is not zero "withheld_ids", "anonymized_ids" and
/// "erased_customer_reason".
void AddErasedCustomerReport(const app::UpsertReport& report, nlohmann::json& body);

}  // namespace mercato::server
