// JSON export and erasure of one customer's records.
#include "privacy/customer_records.h"

#include <string>

#include "access/audit.h"
#include "domain/entity_json.h"

namespace mercato::privacy {
namespace {

template <class T>
nlohmann::json ListJson(const std::vector<T>& entities) {
  nlohmann::json out = nlohmann::json::array();
  for (const T& e : entities) out.push_back(EntityToJson(e));
  return out;
}

nlohmann::json ExposuresJson(const std::vector<CustomerExposure>& exposures) {
  nlohmann::json out = nlohmann::json::array();
  for (const CustomerExposure& e : exposures) {
    out.push_back({{"experiment", e.experiment_key},
                   {"unit", e.exposure.unit},
                   {"variant", e.exposure.variant},
                   {"first_at", FormatTimestamp(e.exposure.first_at)}});
  }
  return out;
}

nlohmann::json JourneyLogJson(const std::vector<JourneyLogRecord>& rows) {
  nlohmann::json out = nlohmann::json::array();
  for (const JourneyLogRecord& r : rows) {
    nlohmann::json row = {{"journey", r.journey_id}, {"entry_id", r.entry_id}};
    row["action"] = r.step == JourneyLogRecord::kEnterStep  ? "enter"
                    : r.step == JourneyLogRecord::kExitStep ? "exit"
                                                            : "step";
    if (row["action"] == "step") row["step"] = r.step;
    row["at"] = FormatTimestamp(r.at);
    row["holdout"] = r.holdout;
    row["detail"] = r.detail;
    out.push_back(std::move(row));
  }
  return out;
}

nlohmann::json OutboxJson(const std::vector<OutboxMessage>& messages) {
  nlohmann::json out = nlohmann::json::array();
  for (const OutboxMessage& m : messages) {
    nlohmann::json payload = nlohmann::json::parse(m.payload_json, nullptr, false);
    if (payload.is_discarded()) payload = m.payload_json;  // kept as the text it is
    out.push_back(
        {{"id", m.id},
         {"journey", m.journey_id},
         {"step", m.step_id},
         {"channel", m.channel},
         {"purpose", m.purpose},
         {"payload", std::move(payload)},
         {"created_at", FormatTimestamp(m.created_at)},
         {"send_after", FormatTimestamp(m.send_after)},
         {"status", m.status},
         {"attempts", m.attempts},
         {"delivered_at", m.delivered_at ? nlohmann::json(FormatTimestamp(*m.delivered_at))
                                         : nlohmann::json(nullptr)},
         {"last_error", m.last_error}});
  }
  return out;
}

}  // namespace

nlohmann::json CustomerRecordsJson(const CustomerRecords& r) {
  nlohmann::json out;
  out["customer_id"] = r.customer.id;
  out["found"] = r.found;
  out["customer"] = r.found ? EntityToJson(r.customer) : nlohmann::json(nullptr);
  out["consents"] = ListJson(r.consents);
  out["orders"] = ListJson(r.orders);
  out["order_lines"] = ListJson(r.order_lines);
  out["returns"] = ListJson(r.returns);
  out["events"] = ListJson(r.events);
  out["carts"] = ListJson(r.carts);
  out["cart_items"] = ListJson(r.cart_items);
  out["experiment_exposures"] = ExposuresJson(r.exposures);
  out["journey_log"] = JourneyLogJson(r.journey_log);
  out["outbox"] = OutboxJson(r.outbox);
  return out;
}

Status EraseCustomerEverywhere(Store& store, std::string_view customer_id, std::string_view actor,
                               Timestamp now) {
  if (customer_id.empty()) return InvalidArgument("a customer id is required for an erasure");
  ASSIGN_OR_RETURN(CustomerRecords before, store.GetCustomerRecords(customer_id));
  // Counts only: the detail must not carry personal data.
  const std::string detail =
      std::string(before.found ? "customer row deleted" : "no customer row") + "; " +
      std::to_string(before.consents.size()) + " consents, " +
      std::to_string(before.events.size()) + " events, " + std::to_string(before.carts.size()) +
      " carts deleted; " + std::to_string(before.orders.size()) + " orders, " +
      std::to_string(before.returns.size()) + " returns kept without the customer id";
  RETURN_IF_ERROR(store.Begin());
  Status s = store.EraseCustomer(customer_id);
  if (s.ok()) s = Audit(store, actor, "erasure", customer_id, detail, now);
  if (s.ok()) return store.Commit();
  (void)store.Rollback();
  return s;
}

}  // namespace mercato::privacy
