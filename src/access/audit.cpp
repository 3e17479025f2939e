// Audit records without personal data.
#include "access/audit.h"

#include <array>
#include <string>

#include "common/text.h"

namespace mercato {

bool IsAuditAction(std::string_view action) {
  static constexpr std::array<std::string_view, 7> kActions{
      "consent_change", "export",      "erasure",    "admin_read",
      "key_created",    "key_revoked", "shop_redact"};
  for (std::string_view a : kActions) {
    if (a == action) return true;
  }
  return false;
}

std::string AuditSubject(std::string_view customer_id) {
  return customer_id.empty() ? std::string() : Sha256Hex(customer_id);
}

Status Audit(Store& store, std::string_view actor, std::string_view action,
             std::string_view customer_id, std::string_view detail, Timestamp now) {
  if (!IsAuditAction(action)) {
    return InvalidArgument("unknown audit action '" + std::string(action) + "'");
  }
  if (actor.empty()) return InvalidArgument("an audit record needs an actor");
  AuditRecord record;
  record.ts = now;
  record.actor = std::string(actor);
  record.action = std::string(action);
  record.subject = AuditSubject(customer_id);
  record.detail = std::string(detail);
  return store.AppendAudit(record);
}

}  // namespace mercato
