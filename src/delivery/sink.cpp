// The delivery document and the unsubscribe headers every destination shares.
#include "delivery/sink.h"

namespace mercato::delivery {

nlohmann::json DeliveryDocument(const Envelope& envelope, const SenderIdentity& sender) {
  const OutboxMessage& m = *envelope.message;
  nlohmann::json headers = nlohmann::json::object();
  for (const auto& [name, value] : UnsubscribeHeaders(envelope.unsubscribe_url)) {
    headers[name] = value;
  }
  return {
      {"id", m.id},
      {"journey_id", m.journey_id},
      {"step_id", m.step_id},
      {"customer_id", m.customer_id},
      {"channel", m.channel},
      {"purpose", m.purpose},
      {"created_at", FormatTimestamp(m.created_at)},
      {"to", {{"email", envelope.email}, {"name", envelope.name}}},
      {"payload", envelope.payload},
      {"sender",
       {{"name", sender.name}, {"email", sender.email}, {"postal_address", sender.postal_address}}},
      {"unsubscribe_url", envelope.unsubscribe_url},
      {"headers", headers},
  };
}

std::vector<std::pair<std::string, std::string>> UnsubscribeHeaders(std::string_view url) {
  return {{"List-Unsubscribe", "<" + std::string(url) + ">"},
          {"List-Unsubscribe-Post", "List-Unsubscribe=One-Click"}};
}

}  // namespace mercato::delivery
