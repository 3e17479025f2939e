// Shopify webhooks (REST Admin JSON payloads) -> the domain changes they carry: orders and their
// lines, refunds, checkouts and carts, customers and their marketing consent, and the mandatory
// privacy topics (customers/data_request, customers/redact, shop/redact).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "domain/entities.h"

namespace mercato {

/// What one webhook asks the store to change. Entities follow the Shopify CSV imports'
/// conventions so that webhook and imported records join:
/// - customer id: shopify::CustomerIdFromEmail(email), or "shopify-id:<customer id>" without
///   an email; the customer's shopify_id is that customer id;
/// - order id: the order's name ("#1001", the CSV export's Name), or its numeric id when the
///   payload has no name; the order's shopify_id is its numeric id; line numbers are positions
///   in line_items, from 1;
/// - a line item without a SKU gets shopify::SkuFromTitle(its name);
/// - a refund line becomes Return "shopify-refund:<refund id>:<refund line id>", an order-level
///   refund "shopify-refund:<refund id>". refunds/create carries no order name, so its returns
///   leave order_id and customer_id unknown (empty); orders/updated, which Shopify sends when an
///   order is refunded, carries the same refunds with the order and customer known, and the
///   store's upsert keeps whichever is known;
/// - a checkout and the cart it came from are one Cart, id = the cart token (the checkout token
///   when there is no cart token), with one CartItem per SKU (quantities of repeated SKUs added).
struct WebhookChanges {
  std::vector<Customer> customers;
  std::vector<Consent> consents;
  std::vector<Order> orders;
  std::vector<OrderLine> order_lines;
  std::vector<Return> returns;
  std::vector<Cart> carts;
  std::vector<CartItem> cart_items;
  /// customers/redact: the customer ids to erase (the email-derived id and the "shopify-id:" one).
  std::vector<std::string> erase_customers;
  /// customers/data_request: the customer whose records the shop asked for.
  std::optional<std::string> data_request_customer;
  /// shop/redact: the shop uninstalled 48 hours ago; its data is to be erased.
  bool shop_redact = false;
};

/// Whether mercato handles webhooks of `topic` (the X-Shopify-Topic header).
bool IsSupportedShopifyTopic(std::string_view topic);

/// Parses the body of a webhook of `topic`. Malformed JSON, a missing required field or a value
/// of the wrong type is an InvalidArgument error whose message starts with the JSON path, e.g.
/// "$.line_items[2].quantity: expected an integer, got \"two\"". An unsupported topic is an
/// InvalidArgument error too.
Result<WebhookChanges> ParseShopifyWebhook(std::string_view topic, std::string_view body);

}  // namespace mercato
