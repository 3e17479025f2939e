// The audit trail: one call that appends an audit record without personal data.
#pragma once

#include <string_view>

#include "common/status.h"
#include "common/time.h"
#include "store/store.h"

namespace mercato {

/// Whether `action` is one the audit log knows: consent_change, export, erasure, admin_read,
/// key_created, key_revoked, shop_redact.
bool IsAuditAction(std::string_view action);

/// Appends an audit record. `customer_id` (may be empty) is stored only as its SHA-256 hex, so
/// the log names no one yet can be searched for a given customer. `detail` must hold no
/// personal data (say what happened: "3 orders anonymized", a route, a key id). An unknown
/// action is an InvalidArgument error.
Status Audit(Store& store, std::string_view actor, std::string_view action,
             std::string_view customer_id, std::string_view detail, Timestamp now);

/// The audit subject of a customer id: hex SHA-256, or "" for no customer.
std::string AuditSubject(std::string_view customer_id);

}  // namespace mercato
