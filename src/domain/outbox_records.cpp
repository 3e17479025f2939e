// The check of what a journey may put in the outbox.
#include "domain/outbox_records.h"

#include "domain/untrusted_json.h"

namespace mercato {

Status CheckOutboxMessage(const OutboxMessage& message) {
  const std::string who =
      "outbox message '" + message.id + "' (journey '" + message.journey_id + "')";
  const std::pair<std::string_view, const std::string*> required[] = {
      {"id", &message.id},           {"journey_id", &message.journey_id},
      {"step_id", &message.step_id}, {"customer_id", &message.customer_id},
      {"channel", &message.channel}, {"purpose", &message.purpose},
  };
  for (const auto& [name, value] : required) {
    if (value->empty()) return InvalidArgument(who + " has no " + std::string(name));
  }
  const UntrustedJson payload = ParseUntrustedJson(message.payload_json);
  if (!payload.ok()) return InvalidArgument(who + ": payload_json: " + payload.status().message());
  if (!payload.value.is_object()) {
    return InvalidArgument(who +
                           ": payload_json must be a JSON object, e.g. {\"subject\": \"...\"}");
  }
  return Status::Ok();
}

}  // namespace mercato
