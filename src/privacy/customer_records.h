// Data-subject requests: everything held about one customer as JSON (export), and erasure from
// the store with an audit record that names no one.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "common/status.h"
#include "common/time.h"
#include "domain/access_records.h"
#include "store/store.h"

namespace mercato::privacy {

/// Every record in `records` as JSON: {"customer_id", "found", "customer": {...} or null,
/// "consents": [...], "orders": [...], "order_lines": [...], "returns": [...], "events": [...],
/// "carts": [...], "cart_items": [...], "experiment_exposures": [{"experiment", "unit",
/// "variant", "first_at"}], "journey_log": [{"journey", "entry_id", "action" (enter, step or
/// exit), "step" (steps only), "at", "holdout", "detail"}], "outbox": [{"id", "journey", "step",
/// "channel", "purpose", "payload" (the message's JSON), "created_at", "send_after", "status",
/// "attempts", "delivered_at" or null, "last_error"}]}. Each entity is an object keyed by its
/// field names (as in the generic import format); unknown fields are left out, times are ISO
/// 8601 UTC text, numbers are numbers, flags are booleans.
nlohmann::json CustomerRecordsJson(const CustomerRecords& records);

/// Erases the customer from the store (Store::EraseCustomer: personal rows deleted, orders and
/// returns kept without the customer id) and appends an "erasure" audit record by `actor` whose
/// subject is the hash of the id and whose detail counts what was erased, both in one
/// transaction of its own (call it with no transaction open). Erasing an unknown customer
/// succeeds and is audited too.
Status EraseCustomerEverywhere(Store& store, std::string_view customer_id, std::string_view actor,
                               Timestamp now);

}  // namespace mercato::privacy
