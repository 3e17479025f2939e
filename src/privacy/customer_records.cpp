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
