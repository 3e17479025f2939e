// The dashboard's settings and data page, the store's part: how much it holds, how fresh it is,
// and its API keys (never their secrets or hashes). GET /v1/dashboard/settings calls this and adds
// the server's own state (models, configuration in effect).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "domain/access_records.h"
#include "privacy/consent_policy.h"

namespace mercato::app {

struct StoreFacts {
  int64_t customers = 0, orders = 0, products = 0, events = 0;
  std::optional<Timestamp> first_order, last_order, last_event;
  std::vector<ApiKeyRecord> keys;  // in the store's order
};

/// Counts and time spans of the store at `db` (its own connection; no table is scanned), and
/// its keys.
Result<StoreFacts> ReadStoreFacts(const std::string& db);

/// {"store": {"customers", "orders", "products", "events", "first_order", "last_order"},
///  "freshness": {"last_order_at", "last_event_at"}, "keys": [{"id", "name", "scope",
///  "created_at", "revoked"}]}: dates YYYY-MM-DD, times ISO-8601 UTC, null when unknown.
nlohmann::ordered_json StoreFactsJson(const StoreFacts& facts);

/// The consent policy as its file format reads it (privacy::LoadConsentPolicy): {"jurisdictions":
/// [{"name", "countries", "defaults": {purpose: "opt_in"|"opt_out"}}], "unknown_country",
/// "elsewhere"}.
nlohmann::ordered_json ConsentPolicyJson(const privacy::ConsentPolicy& policy);

}  // namespace mercato::app
