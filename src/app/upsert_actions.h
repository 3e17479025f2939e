// Upserts from the API and from webhooks: a batch of entities checked as the importers check them
// and written in the caller's transaction, with a report of what the erased-customer rule
// (Store::Put) withheld or stored without the customer id, so that no caller says "stored" for
// what was not.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "domain/entities.h"
#include "store/store.h"

namespace mercato::app {

/// The entities of one upsert request or webhook delivery, of any kinds. PutBatch writes them in
/// this order, parents before children.
struct UpsertBatch {
  std::vector<Product> products;
  std::vector<Customer> customers;
  std::vector<Consent> consents;
  std::vector<Order> orders;
  std::vector<OrderLine> order_lines;
  std::vector<Return> returns;
  std::vector<Cart> carts;
  std::vector<CartItem> cart_items;
};

/// What PutBatch wrote.
struct UpsertReport {
  /// The entities as the store took them: withheld ones left out, anonymized ones without the
  /// customer id. This, not the request, is what live state (consent ledger, recent purchases,
  /// carts) may learn.
  UpsertBatch stored;
  /// Keys of the entities not written because they name an erased customer (customers: the id,
  /// consents: "customer_id/purpose"), in batch order.
  std::vector<std::string> withheld;
  /// Keys of the entities written without the customer id because they name an erased customer
  /// (orders, returns, carts: the id), in batch order.
  std::vector<std::string> anonymized;
};

/// Why PutBatch withholds or anonymizes: for the "withheld_reason" of API answers.
inline constexpr char kErasedCustomerReason[] =
    "names an erased customer: an erased customer is never stored again (DELETE "
    "/v1/customers/{id}); their orders, returns and carts are kept without the customer id";

/// Checks every entity's values as the importers do (CheckValues: a negative price, an unknown
/// status, attributes that are not a JSON object), then writes the batch in the caller's open
/// transaction. A failed check is InvalidArgument naming the entity and field
/// ("products[2].price: expected ...") and writes nothing; so is a child without its parent
/// (Store::Put). An entity naming an erased customer is withheld or written without the customer
/// id by the store's rule (Store::Put, counted by WithheldWrites) and reported here.
Result<UpsertReport> PutBatch(Store& store, const UpsertBatch& batch);

}  // namespace mercato::app
