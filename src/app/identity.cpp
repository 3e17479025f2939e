// Resolution of the names users give customers and orders to their internal ids.
#include "app/identity.h"

#include <vector>

#include "common/text.h"

namespace mercato::app {
namespace {

template <class T>
std::string IdList(const std::vector<T>& found) {
  std::string ids;
  for (const T& e : found) ids += (ids.empty() ? "" : ", ") + e.id;
  return ids;
}

// Whether `id` is a stored customer or any stored record names it as its customer (orders
// imported without a customers file, consents, events, carts).
Result<bool> IsKnownCustomerId(Store& store, const std::string& id) {
  ASSIGN_OR_RETURN(const CustomerRecords records, store.GetCustomerRecords(id));
  return records.found || !records.orders.empty() || !records.consents.empty() ||
         !records.events.empty() || !records.carts.empty();
}

}  // namespace

Result<std::string> ResolveCustomer(Store& store, std::string_view text) {
  const std::string wanted(Trim(text));
  if (wanted.empty()) {
    return InvalidArgument("expected a customer: an id, an email address or a Shopify customer id");
  }
  ASSIGN_OR_RETURN(const bool known, IsKnownCustomerId(store, wanted));
  if (known) return wanted;
  ASSIGN_OR_RETURN(const std::vector<Customer> by_email, store.FindCustomersByEmail(wanted));
  if (by_email.size() == 1) return by_email.front().id;
  if (by_email.size() > 1) {
    return InvalidArgument("email '" + wanted + "' belongs to " + std::to_string(by_email.size()) +
                           " customers (" + IdList(by_email) + "); name one by its id");
  }
  ASSIGN_OR_RETURN(const std::vector<Customer> by_shopify, store.FindCustomersByShopifyId(wanted));
  if (by_shopify.size() == 1) return by_shopify.front().id;
  if (by_shopify.size() > 1) {
    return InvalidArgument("Shopify customer id '" + wanted + "' belongs to " +
                           std::to_string(by_shopify.size()) + " customers (" + IdList(by_shopify) +
                           "); name one by its id");
  }
  return NotFound("unknown customer '" + wanted +
                  "' (not an id, email or Shopify customer id in this store)");
}

Result<std::string> ResolveCustomerOrGiven(Store& store, std::string_view text) {
  Result<std::string> id = ResolveCustomer(store, text);
  if (id.status().code() == StatusCode::kNotFound) return std::string(Trim(text));
  return id;
}

Result<std::string> ResolveOrder(Store& store, std::string_view text) {
  const std::string wanted(Trim(text));
  if (wanted.empty()) {
    return InvalidArgument("expected an order: an id, a name such as #1001 or a Shopify order id");
  }
  const std::string other_name =
      wanted.front() == '#' ? wanted.substr(1) : "#" + wanted;  // #1001 <-> 1001
  for (const std::string& id : {wanted, other_name}) {
    if (id.empty()) continue;
    ASSIGN_OR_RETURN(const std::optional<Order> order, store.GetOrder(id));
    if (order) return order->id;
  }
  ASSIGN_OR_RETURN(const std::vector<Order> by_shopify, store.FindOrdersByShopifyId(wanted));
  if (by_shopify.size() == 1) return by_shopify.front().id;
  if (by_shopify.size() > 1) {
    return InvalidArgument("Shopify order id '" + wanted + "' belongs to " +
                           std::to_string(by_shopify.size()) + " orders (" + IdList(by_shopify) +
                           "); name one by its id");
  }
  return NotFound("unknown order '" + wanted +
                  "' (not an id, a name such as #1001 or a Shopify order id in this store)");
}

}  // namespace mercato::app
