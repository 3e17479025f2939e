// Records of the API's access and compliance machinery: API keys, the audit log, and everything
// held about one customer (for data-subject exports).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/time.h"
#include "domain/entities.h"
#include "domain/experiment_records.h"
#include "domain/journey_records.h"
#include "domain/outbox_records.h"

namespace mercato {

/// What an API key may do: storefront keys read recommendations and post events; admin keys
/// may do everything.
enum class KeyScope { kStorefront, kAdmin };

/// "storefront" or "admin".
std::string_view KeyScopeName(KeyScope scope);
/// The scope of that name, or nullopt.
std::optional<KeyScope> ParseKeyScope(std::string_view name);

/// A stored API key: never the key itself, only its salt and salted hash.
struct ApiKeyRecord {
  std::string id;  // the public part of the key, 12 hex characters
  std::string name;
  KeyScope scope = KeyScope::kStorefront;
  std::string salt;  // hex
  std::string hash;  // hex SHA-256 of salt bytes followed by the secret
  Timestamp created_at = 0;
  std::optional<Timestamp> revoked_at;
};

/// One entry of the append-only audit log. Holds no personal data.
struct AuditRecord {
  int64_t seq = 0;  // assigned by the store, increasing
  Timestamp ts = 0;
  std::string actor;    // an API key id, or "cli"
  std::string action;   // consent_change, export, erasure, admin_read, key_created, key_revoked,
                        // shop_redact
  std::string subject;  // SHA-256 hex of a customer id, or empty; never the id itself
  std::string detail;
};

/// Everything the store holds about one customer.
/// One experiment a customer was exposed to, and how (Exposure's unit: their id or a session).
struct CustomerExposure {
  std::string experiment_key;
  Exposure exposure;
};

struct CustomerRecords {
  Customer customer;
  bool found = false;  // whether a customer row exists (records may exist without one)
  std::vector<Consent> consents;
  std::vector<Order> orders;
  std::vector<OrderLine> order_lines;
  std::vector<Return> returns;
  std::vector<Event> events;
  std::vector<Cart> carts;
  std::vector<CartItem> cart_items;
  /// Their first exposures to experiments: as the customer, or through a session of their
  /// events or carts (what an erasure deletes), by experiment then unit.
  std::vector<CustomerExposure> exposures;
  std::vector<JourneyLogRecord> journey_log;  // their entries, steps and exits
  std::vector<OutboxMessage> outbox;          // the messages decided for them, with delivery state
};

}  // namespace mercato
