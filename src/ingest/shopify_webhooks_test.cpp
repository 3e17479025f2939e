// Tests of the Shopify webhook parser on hand-written sample payloads (tests/data/shopify/
// webhooks/) and malformed ones.
#include "ingest/shopify_webhooks.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "common/time.h"
#include "ingest/shopify_common.h"

namespace mercato {
namespace {

const std::string kDir = MERCATO_SOURCE_DIR "/tests/data/shopify/webhooks/";

std::string ReadSample(const std::string& name) {
  std::ifstream in(kDir + name, std::ios::binary);
  EXPECT_TRUE(in.good()) << name;
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

WebhookChanges Parse(std::string_view topic, const std::string& sample) {
  auto parsed = ParseShopifyWebhook(topic, ReadSample(sample));
  EXPECT_TRUE(parsed.ok()) << sample << ": " << parsed.status().ToString();
  return parsed.ok() ? std::move(parsed).value() : WebhookChanges{};
}

Timestamp At(std::string_view text) { return ParseTimestamp(text).value(); }

const std::string kJane = shopify::CustomerIdFromEmail("jane.doe@example.com");

TEST(ShopifyWebhooks, OrderCreateGivesOrderLinesCustomerAndConsent) {
  const WebhookChanges c = Parse("orders/create", "orders_create.json");
  ASSERT_EQ(c.orders.size(), 1u);
  const Order& o = c.orders[0];
  EXPECT_EQ(o.id, "#1042");  // the name, as the order export calls it
  EXPECT_EQ(o.shopify_id, "5512345678901");
  EXPECT_EQ(o.customer_id, kJane);
  EXPECT_EQ(o.ts, At("2024-03-05T19:22:10Z"));
  EXPECT_EQ(o.currency, "USD");
  EXPECT_EQ(o.channel, "web");
  EXPECT_EQ(o.discount_code, "SPRING10");
  EXPECT_DOUBLE_EQ(o.discount_total.value(), 8.60);
  EXPECT_DOUBLE_EQ(o.tax.value(), 6.97);
  EXPECT_DOUBLE_EQ(o.total.value(), 90.37);
  EXPECT_DOUBLE_EQ(o.shipping.value(), 7.00);
  EXPECT_EQ(o.financial_status, "paid");
  EXPECT_EQ(o.country, "US");
  EXPECT_EQ(o.region, "OR");
  EXPECT_FALSE(o.cancelled_at.has_value());

  ASSERT_EQ(c.order_lines.size(), 2u);
  EXPECT_EQ(c.order_lines[0].order_id, "#1042");
  EXPECT_EQ(c.order_lines[0].line_no, 1);
  EXPECT_EQ(c.order_lines[0].sku, "LS-M-BLU");
  EXPECT_EQ(c.order_lines[0].title, "Linen Shirt - M / Blue");
  EXPECT_EQ(c.order_lines[0].quantity, 2);
  EXPECT_DOUBLE_EQ(c.order_lines[0].unit_price.value(), 34.0);
  EXPECT_DOUBLE_EQ(c.order_lines[0].discount.value(), 6.80);
  EXPECT_EQ(c.order_lines[1].line_no, 2);
  // No SKU: the same SKU as the order export import derives from the line item's name.
  EXPECT_EQ(c.order_lines[1].sku, "title:gift-wrapping");
  EXPECT_EQ(c.order_lines[1].sku, shopify::SkuFromTitle("Gift wrapping"));

  ASSERT_EQ(c.customers.size(), 1u);
  const Customer& cu = c.customers[0];
  EXPECT_EQ(cu.id, kJane);
  EXPECT_EQ(cu.email, "jane.doe@example.com");
  EXPECT_EQ(cu.first_name, "Jane");
  EXPECT_EQ(cu.country, "US");
  EXPECT_EQ(cu.region, "OR");
  EXPECT_EQ(cu.city, "Portland");
  EXPECT_EQ(cu.tags, "vip,newsletter");
  EXPECT_EQ(cu.shopify_id, "7001234567890");
  EXPECT_EQ(cu.created_at, At("2023-11-02T13:15:00Z"));
  ASSERT_EQ(c.consents.size(), 1u);  // sms consent is null: no record
  EXPECT_EQ(c.consents[0].customer_id, kJane);
  EXPECT_EQ(c.consents[0].purpose, "email_marketing");
  EXPECT_TRUE(c.consents[0].granted);
  EXPECT_EQ(c.consents[0].ts, At("2023-11-02T13:16:00Z"));
  EXPECT_EQ(c.consents[0].source, "shopify-webhook");
  EXPECT_TRUE(c.returns.empty());
  EXPECT_TRUE(c.erase_customers.empty());
  EXPECT_FALSE(c.shop_redact);
}

TEST(ShopifyWebhooks, RefundsFromOrderUpdateAndRefundCreateShareIds) {
  const WebhookChanges updated = Parse("orders/updated", "orders_updated_refunded.json");
  ASSERT_EQ(updated.returns.size(), 1u);
  const Return& a = updated.returns[0];
  EXPECT_EQ(a.id, "shopify-refund:930000000001:610000000001");
  EXPECT_EQ(a.order_id, "#1042");
  EXPECT_EQ(a.customer_id, kJane);
  EXPECT_EQ(a.line_no, 1);  // found through line_item_id
  EXPECT_EQ(a.sku, "LS-M-BLU");
  EXPECT_EQ(a.quantity, 1);
  EXPECT_DOUBLE_EQ(a.amount.value(), 30.6);
  EXPECT_EQ(a.ts, At("2024-03-09T14:58:00Z"));
  EXPECT_EQ(updated.orders[0].financial_status, "partially_refunded");
  EXPECT_EQ(updated.order_lines[1].sku, "title:gift-wrapping");  // "sku": null

  const WebhookChanges created = Parse("refunds/create", "refunds_create.json");
  ASSERT_EQ(created.returns.size(), 1u);
  const Return& b = created.returns[0];
  EXPECT_EQ(b.id, a.id);
  EXPECT_EQ(b.order_id, "");  // unknown here; the store keeps what orders/updated said
  EXPECT_EQ(b.customer_id, "");
  EXPECT_FALSE(b.line_no.has_value());
  EXPECT_EQ(b.sku, "LS-M-BLU");
  EXPECT_EQ(b.quantity, 1);
  EXPECT_EQ(b.ts, a.ts);
  EXPECT_TRUE(created.orders.empty());
}

TEST(ShopifyWebhooks, RefundWithoutLinesIsAnOrderLevelReturnOfItsSuccessfulTransactions) {
  const WebhookChanges c = Parse("refunds/create", "refunds_create_shipping_only.json");
  ASSERT_EQ(c.returns.size(), 1u);
  EXPECT_EQ(c.returns[0].id, "shopify-refund:930000000002");
  EXPECT_EQ(c.returns[0].sku, "");
  EXPECT_EQ(c.returns[0].quantity, 0);
  EXPECT_DOUBLE_EQ(c.returns[0].amount.value(), 7.0);
}

TEST(ShopifyWebhooks, CheckoutIsTheCartOfItsCartTokenWithItemsPerSku) {
  const WebhookChanges c = Parse("checkouts/create", "checkouts_create.json");
  ASSERT_EQ(c.carts.size(), 1u);
  const Cart& cart = c.carts[0];
  EXPECT_EQ(cart.id, "Z2NwLXVzLWVhc3QxOjAxSEZB");
  EXPECT_EQ(cart.customer_id, shopify::CustomerIdFromEmail("sam@example.org"));
  EXPECT_EQ(cart.started_at, At("2024-03-06T17:01:00Z"));
  EXPECT_EQ(cart.updated_at, At("2024-03-06T17:03:30Z"));
  EXPECT_FALSE(cart.completed_at.has_value());
  EXPECT_EQ(cart.currency, "EUR");
  EXPECT_DOUBLE_EQ(cart.value.value(), 64.0);
  ASSERT_EQ(c.cart_items.size(), 2u);
  EXPECT_EQ(c.cart_items[0].sku, "CANDLE-L");
  EXPECT_EQ(c.cart_items[0].quantity, 3);  // two lines of one SKU
  EXPECT_DOUBLE_EQ(c.cart_items[0].unit_price.value(), 24.0);
  EXPECT_EQ(c.cart_items[1].sku, "MATCH-1");
  EXPECT_EQ(c.cart_items[1].cart_id, cart.id);
  // Email consent "not_subscribed" with no date is dated at nothing; SMS is dated.
  ASSERT_EQ(c.consents.size(), 2u);
  EXPECT_EQ(c.consents[0].purpose, "email_marketing");
  EXPECT_FALSE(c.consents[0].granted);
  EXPECT_EQ(c.consents[0].ts, 0);
  EXPECT_EQ(c.consents[0].source, "shopify-webhook:time-unknown");
  EXPECT_EQ(c.consents[1].purpose, "sms_marketing");
  EXPECT_TRUE(c.consents[1].granted);
  EXPECT_EQ(c.consents[1].ts, At("2024-03-06T17:02:00Z"));
  ASSERT_EQ(c.customers.size(), 1u);
  EXPECT_EQ(c.customers[0].country, "DE");
}

TEST(ShopifyWebhooks, CartUpdateGivesTheSameCart) {
  const WebhookChanges c = Parse("carts/update", "carts_update.json");
  ASSERT_EQ(c.carts.size(), 1u);
  EXPECT_EQ(c.carts[0].id, "Z2NwLXVzLWVhc3QxOjAxSEZB");
  EXPECT_EQ(c.carts[0].started_at, At("2024-03-06T17:55:00Z"));
  EXPECT_EQ(c.carts[0].customer_id, "");
  EXPECT_DOUBLE_EQ(c.carts[0].value.value(), 48.0);
  ASSERT_EQ(c.cart_items.size(), 1u);
  EXPECT_EQ(c.cart_items[0].sku, "CANDLE-L");
  EXPECT_EQ(c.cart_items[0].quantity, 2);
  EXPECT_TRUE(c.customers.empty());
}

TEST(ShopifyWebhooks, CustomerUpdateRecordsOptOutAndIgnoresPendingConsent) {
  const WebhookChanges c = Parse("customers/update", "customers_update.json");
  ASSERT_EQ(c.customers.size(), 1u);
  EXPECT_EQ(c.customers[0].id, kJane);
  EXPECT_EQ(c.customers[0].last_name, "Doe-Smith");
  EXPECT_EQ(c.customers[0].phone, "+15035550100");
  EXPECT_EQ(c.customers[0].region, "WA");
  EXPECT_EQ(c.customers[0].postal_code, "98101");
  ASSERT_EQ(c.consents.size(), 1u);
  EXPECT_EQ(c.consents[0].purpose, "email_marketing");
  EXPECT_FALSE(c.consents[0].granted);
  EXPECT_EQ(c.consents[0].ts, At("2024-04-01T11:59:00Z"));
}

TEST(ShopifyWebhooks, CustomerWithoutEmailUsesTheShopifyIdAndLegacyConsent) {
  const WebhookChanges c = Parse("customers/create", "customers_create_no_email.json");
  ASSERT_EQ(c.customers.size(), 1u);
  EXPECT_EQ(c.customers[0].id, "shopify-id:7005555555555");
  EXPECT_EQ(c.customers[0].tags, "");
  EXPECT_EQ(c.customers[0].country, "GB");
  ASSERT_EQ(c.consents.size(), 1u);
  EXPECT_FALSE(c.consents[0].granted);
  EXPECT_EQ(c.consents[0].ts, At("2024-04-02T09:00:00Z"));
}

TEST(ShopifyWebhooks, PrivacyTopics) {
  const WebhookChanges redact = Parse("customers/redact", "customers_redact.json");
  EXPECT_EQ(redact.erase_customers, (std::vector<std::string>{kJane, "shopify-id:7001234567890"}));
  EXPECT_TRUE(redact.customers.empty());
  EXPECT_TRUE(redact.orders.empty());
  const WebhookChanges request = Parse("customers/data_request", "customers_data_request.json");
  EXPECT_EQ(request.data_request_customer, kJane);
  EXPECT_TRUE(request.erase_customers.empty());
  const WebhookChanges shop = Parse("shop/redact", "shop_redact.json");
  EXPECT_TRUE(shop.shop_redact);
  EXPECT_FALSE(Parse("orders/create", "orders_create.json").shop_redact);
}

TEST(ShopifyWebhooks, TopicsSupported) {
  for (const char* topic :
       {"orders/create", "orders/updated", "refunds/create", "checkouts/create", "checkouts/update",
        "carts/create", "carts/update", "customers/create", "customers/update",
        "customers/data_request", "customers/redact", "shop/redact"}) {
    EXPECT_TRUE(IsSupportedShopifyTopic(topic)) << topic;
  }
  EXPECT_FALSE(IsSupportedShopifyTopic("orders/delete"));
  EXPECT_FALSE(IsSupportedShopifyTopic(""));
  auto r = ParseShopifyWebhook("products/update", "{}");
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("products/update"), std::string::npos);
}

// Each malformed payload is refused with a message that starts with the path at fault.
TEST(ShopifyWebhooks, MalformedPayloadsNameThePathAtFault) {
  const std::string order = ReadSample("orders_create.json");
  struct Case {
    std::string topic, body, prefix;
  };
  const std::vector<Case> cases = {
      {"orders/create", "", "$: malformed JSON"},
      {"orders/create", "{\"id\": 1,", "$: malformed JSON"},
      {"orders/create", "[1, 2]", "$: expected a JSON object"},
      {"orders/create", R"({"id": 1, "total_price": 1e999})", "$.total_price: number 1e999"},
      {"orders/create", R"({"line_items": [{"price": 2}, {"price": -2e400}]})",
       "$.line_items[1].price: number -2e400 is out of range"},
      // Nesting is refused before parsing, balanced or not (100,000 levels crashed the process).
      {"orders/create", std::string(100000, '['), "$: JSON nested deeper than 32 levels"},
      {"orders/create", std::string(100000, '[') + std::string(100000, ']'),
       "$: JSON nested deeper than 32 levels"},
      {"orders/create", "\"text\"", "$: expected a JSON object"},
      {"orders/create", R"({"id": 1})", "$.created_at: required time is missing"},
      {"orders/create", R"({"created_at": "2024-03-05T14:22:10Z"})", "$.name: an order needs"},
      {"orders/create", R"({"id": 1, "created_at": "yesterday"})", "$.created_at: "},
      {"orders/create", R"({"id": 1.5, "created_at": "2024-03-05"})", "$.id: expected an id"},
      {"orders/create", R"({"id": 1, "created_at": "2024-03-05", "total_price": "12,50"})",
       "$.total_price: expected an amount"},
      {"orders/create", R"({"id": 1, "created_at": "2024-03-05", "line_items": {}})",
       "$.line_items: expected an array"},
      {"orders/create",
       R"({"id": 1, "created_at": "2024-03-05", "line_items": [{"sku": "A", "quantity": 1}, 7]})",
       "$.line_items[1]: expected an object"},
      {"orders/create",
       R"({"id": 1, "created_at": "2024-03-05", "line_items": [{"sku": "A", "quantity": "two"}]})",
       "$.line_items[0].quantity: expected an integer"},
      {"orders/create",
       R"({"id": 1, "created_at": "2024-03-05", "line_items": [{"sku": "A", "quantity": -1}]})",
       "$.line_items[0].quantity: expected 0 or more"},
      {"orders/create", R"({"id": 1, "created_at": "2024-03-05", "line_items": [{"sku": "A"}]})",
       "$.line_items[0].quantity: required field is missing"},
      {"orders/create", R"({"id": 1, "created_at": "2024-03-05", "line_items": [{"quantity": 1}]})",
       "$.line_items[0]: a line item needs"},
      {"orders/create",
       R"({"id": 1, "created_at": "2024-03-05", "line_items": [{"sku": 12, "quantity": 1}]})",
       "$.line_items[0].sku: expected a string"},
      {"orders/create", R"({"id": 1, "created_at": "2024-03-05", "customer": "jane"})",
       "$.customer: expected an object"},
      {"orders/create", R"({"id": 1, "created_at": "2024-03-05", "customer": {"email": "no"}})",
       "$.customer.email: expected an email address"},
      {"orders/create",
       R"({"id": 1, "created_at": "2024-03-05", "customer": {"id": 2, "email_marketing_consent": []}})",
       "$.customer.email_marketing_consent: expected an object"},
      {"orders/create",
       R"({"id": 1, "created_at": "2024-03-05", "line_items": [{"sku": "A", "quantity": 18446744073709551615}]})",
       "$.line_items[0].quantity: expected an integer"},
      {"refunds/create", R"({"id": 5, "created_at": "2024-03-05"})",
       "$.order_id: required id is missing"},
      {"refunds/create", R"({"order_id": 5, "created_at": "2024-03-05"})",
       "$.id: required id is missing"},
      {"refunds/create",
       R"({"id": 5, "order_id": 5, "created_at": "2024-03-05", "refund_line_items": [{"quantity": 1, "subtotal": "x"}]})",
       "$.refund_line_items[0].subtotal: expected an amount"},
      {"checkouts/create", R"({"created_at": "2024-03-05"})", "$.token: a cart needs"},
      {"carts/update", R"({"id": "c1"})", "$.created_at: required time is missing"},
      {"carts/update",
       R"({"id": "c1", "created_at": "2024-03-05", "line_items": [{"quantity": 1}]})",
       "$.line_items[0]: a line item needs"},
      {"customers/update", R"({"first_name": "X"})", "$: a customer needs an email or an id"},
      {"customers/update", R"({"id": 3, "created_at": 17})", "$.created_at: expected a time"},
      {"customers/redact", R"({"shop_id": 1})", "$.customer: required object is missing"},
      {"customers/redact", R"({"customer": {"phone": "+1"}})", "$.customer: needs an email"},
      {"customers/data_request", R"({"customer": []})", "$.customer: expected an object"},
      {"orders/create",
       std::string("{\"id\": 1, \"created_at\": \"2024-03-05\", \"name\": \"\xff\"}"),
       "$: malformed JSON"},
  };
  for (const Case& c : cases) {
    auto r = ParseShopifyWebhook(c.topic, c.body);
    ASSERT_FALSE(r.ok()) << c.body;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << c.body;
    EXPECT_EQ(r.status().message().substr(0, c.prefix.size()), c.prefix)
        << c.body << " -> " << r.status().message();
  }
  // The well-formed sample still parses under every order topic.
  EXPECT_TRUE(ParseShopifyWebhook("orders/updated", order).ok());
}

}  // namespace
}  // namespace mercato
