// Finding a customer or an order from what a user calls them: the internal id, an email address,
// Shopify's customer id, an order's name (#1001 or 1001) or Shopify's order id. Every admin
// surface that names a customer or an order (CLI and API) resolves it here first.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"
#include "store/store.h"

namespace mercato::app {

/// The internal id of the customer `text` names, tried in this order: an exact internal id (a
/// stored customer, or an id that orders, consents, events or carts name), then an email address
/// (trimmed, ignoring case), then Shopify's customer id (trimmed). NotFound when nothing matches,
/// saying what was tried; InvalidArgument when an email or Shopify id names several customers,
/// listing their ids so the user can pick one; InvalidArgument for empty text.
Result<std::string> ResolveCustomer(Store& store, std::string_view text);

/// ResolveCustomer, except that a name nothing matches is taken as the id it says (trimmed):
/// for the data-subject actions, whose contract is that exporting or erasing an unknown (or an
/// already erased) customer succeeds.
Result<std::string> ResolveCustomerOrGiven(Store& store, std::string_view text);

/// The id of the order `text` names, tried in this order: an exact order id, then the Shopify
/// name with or without its '#' (1001 finds "#1001", #1001 finds "1001"), then Shopify's order
/// id. NotFound when nothing matches; InvalidArgument when a Shopify id names several orders or
/// for empty text.
Result<std::string> ResolveOrder(Store& store, std::string_view text);

}  // namespace mercato::app
